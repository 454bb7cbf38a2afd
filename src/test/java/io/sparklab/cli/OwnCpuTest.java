package io.sparklab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmarks read the own-CPU lines drivers print; these are lines of a real bench-etl run. */
class OwnCpuTest {
    private static final String OUTPUT = """
            [etl_job] done in 42.1 s: read 3000000 rows
            [metrics] own CPU 1341 ms in the driver: 141 callbacks 32 ms, metrics pages served 1309 ms (prometheus-http 245 ms, HTTP-Dispatcher 34 ms, SparkUI 1031 ms)
            [tracing] spans exported in 0.01 s
            [tracing] own CPU 383 ms: SDK start 284 ms, 141 callbacks 13 ms, exporter threads 87 ms
            [metrics] own CPU 209 ms in the executors: metrics pages served (executor 0 209 ms)
            """;

    @Test
    void reads_each_instruments_line_in_seconds() {
        Map<String, Double> seconds = OwnCpu.read(OUTPUT, List.of(OwnCpu.METRICS_DRIVER, OwnCpu.METRICS_EXECUTORS, OwnCpu.TRACES));
        assertThat(seconds).containsExactly(Map.entry(OwnCpu.METRICS_DRIVER, 1.341), Map.entry(OwnCpu.METRICS_EXECUTORS, 0.209),
                Map.entry(OwnCpu.TRACES, 0.383));
        assertThat(OwnCpu.total(seconds)).isCloseTo(1.933, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void an_instrument_that_printed_nothing_makes_the_total_unknown_not_smaller() {
        Map<String, Double> seconds = OwnCpu.read("[metrics] own CPU 1341 ms in the driver: ...\n",
                List.of(OwnCpu.METRICS_DRIVER, OwnCpu.METRICS_EXECUTORS));
        assertThat(seconds.get(OwnCpu.METRICS_EXECUTORS)).isNaN();
        assertThat(OwnCpu.total(seconds)).isNaN();
    }

    @Test
    void a_share_of_the_runs_cpu_as_a_ratio() {
        assertThat(OwnCpu.asRatio(0.0)).isEqualTo(1.0);
        assertThat(OwnCpu.asRatio(0.2)).isEqualTo(1.25); // 100 s of which 20 s the instruments': 100 / 80
    }
}
