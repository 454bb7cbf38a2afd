package io.sparklab.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparklab.client.PrometheusClient.Point;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jfree.data.time.TimeSeries;
import org.junit.jupiter.api.Test;

/** How the run report draws a series: gaps stay gaps, values in the axis' unit. No Docker. */
class LabReportChartsTest {
    private static final Instant T0 = Instant.parse("2026-12-01T20:00:00Z");

    @Test
    void a_series_with_no_samples_for_longer_than_two_steps_is_broken_there_not_joined() {
        List<Point> points = new ArrayList<>();
        for (int s = 0; s <= 20; s += 5) {
            points.add(new Point(T0.plusSeconds(s), 1));          // up until 20 s
        }
        for (int s = 80; s <= 100; s += 5) {
            points.add(new Point(T0.plusSeconds(s), 1));          // nothing from 25 s to 75 s, then up again
        }
        TimeSeries series = new TimeSeries("worker");

        LabReport.addWithGaps(series, points, 1);

        assertThat(series.getItemCount()).as("the samples and one break").isEqualTo(points.size() + 1);
        assertThat(series.getDataItem(5).getValue()).as("the item after the last sample before the gap").isNull();
        assertThat(series.getDataItem(5).getPeriod().getFirstMillisecond()).isEqualTo(T0.plusSeconds(25).toEpochMilli());
    }

    @Test
    void regular_samples_have_no_break_and_values_are_scaled_to_the_axis_unit() {
        List<Point> points = List.of(new Point(T0, 0.25), new Point(T0.plusSeconds(5), 0.5), new Point(T0.plusSeconds(10), Double.NaN));
        TimeSeries series = new TimeSeries("heap");

        LabReport.addWithGaps(series, points, ChartUnit.of("percentunit").factor());

        assertThat(series.getItemCount()).as("finite samples, no break").isEqualTo(2);
        assertThat(series.getDataItem(0).getValue().doubleValue()).isEqualTo(25.0);
        assertThat(series.getDataItem(1).getValue().doubleValue()).isEqualTo(50.0);
    }

    @Test
    void axes_say_their_unit_in_words() {
        assertThat(ChartUnit.of("percentunit").label()).isEqualTo("%");
        assertThat(ChartUnit.of("bytes")).isEqualTo(new ChartUnit("MiB", 1 / (1024.0 * 1024.0)));
        assertThat(ChartUnit.of("mbytes").label()).isEqualTo("MiB");
        assertThat(ChartUnit.of("Bps").label()).isEqualTo("MiB/s");
        assertThat(ChartUnit.of("s").label()).isEqualTo("seconds");
        assertThat(ChartUnit.of("ops").label()).isEqualTo("per second");
        assertThat(ChartUnit.of("short").label()).isEqualTo("count");
    }
}
