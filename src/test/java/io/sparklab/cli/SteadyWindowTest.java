package io.sparklab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sparklab.cli.SteadyWindow.Batch;
import io.sparklab.cli.SteadyWindow.Sample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class SteadyWindowTest {
    private static final long T0 = 1_764_800_000_000L;

    @Test
    void reads_the_batch_lines_of_both_queries_and_nothing_else() {
        String output = """
                [transaction_stream] queries transaction_windows and transaction_quarantine running on kafka:9092/bench_backlog
                [transaction_stream] summary transaction_windows: batches=2 rows=40000 busy_seconds=3.100 (of 9 progress reports, the first batch left out)
                [transaction_stream] batch transaction_windows: id=0 start_ms=1764800000000 duration_ms=4000 rows=20000
                [transaction_stream] batch transaction_windows: id=1 start_ms=1764800004000 duration_ms=1500 rows=20000
                [transaction_stream] batch transaction_quarantine: id=0 start_ms=1764800000100 duration_ms=3000 rows=20000
                """;
        assertThat(SteadyWindow.parse(output)).containsExactly(
                new Batch("transaction_windows", 0, T0, 4000, 20_000),
                new Batch("transaction_windows", 1, T0 + 4000, 1500, 20_000),
                new Batch("transaction_quarantine", 0, T0 + 100, 3000, 20_000));
        assertThat(SteadyWindow.parse("[transaction_stream] summary x: batches=0 rows=0 busy_seconds=0.000")).isEmpty();
    }

    @Test
    void counts_the_rows_and_cpu_between_the_samples_after_the_warmup_and_before_the_last_batch_ends() {
        // two queries, batches of 10 s from 0 to 40 s, 10 000 rows each; CPU 1 s per second
        List<Batch> batches = List.of(
                new Batch("a", 0, T0, 10_000, 10_000), new Batch("a", 1, T0 + 10_000, 10_000, 10_000),
                new Batch("a", 2, T0 + 20_000, 10_000, 10_000), new Batch("a", 3, T0 + 30_000, 10_000, 10_000),
                new Batch("b", 0, T0 + 5_000, 10_000, 10_000), new Batch("b", 1, T0 + 15_000, 10_000, 10_000));
        List<Sample> samples = new ArrayList<>();
        for (int s = -3; s <= 50; s++) {
            samples.add(new Sample(T0 + s * 1000L + 300, 100 + s));
        }
        SteadyWindow.Figures f = SteadyWindow.of(batches, samples, Duration.ofSeconds(12));
        // from the sample at 12.3 s to the one at 39.3 s (the last before the end, 40 s)
        assertThat(f.fromMs()).isEqualTo(T0 + 12_300);
        assertThat(f.toMs()).isEqualTo(T0 + 39_300);
        assertThat(f.batchesFromMs()).isEqualTo(T0);
        assertThat(f.batchesToMs()).isEqualTo(T0 + 40_000);
        assertThat(f.seconds()).isEqualTo(27.0);
        assertThat(f.cpuSeconds()).isCloseTo(27.0, within(1e-9));
        // a: 7.7 s of batch 1, all of 2, 9.3 s of 3 (27 s: 27 000 rows); b: 2.7 s of batch 0, 10 s of 1 (12 700 rows)
        assertThat(f.rows()).isCloseTo(39_700, within(1e-6));
        assertThat(f.cpuMsPer1000Rows()).isCloseTo(27.0 * 1e6 / 39_700, within(1e-9));
        assertThat(f.rowsPerSecond()).isCloseTo(39_700 / 27.0, within(1e-9));
    }

    @Test
    void no_figure_without_batches_or_when_the_window_would_be_shorter_than_five_seconds() {
        List<Sample> samples = List.of(new Sample(T0, 1), new Sample(T0 + 10_000, 2), new Sample(T0 + 20_000, 3));
        assertThat(SteadyWindow.of(List.of(), samples, Duration.ZERO).rows()).isNaN();
        List<Batch> short_ = List.of(new Batch("a", 0, T0, 14_000, 1000));
        // warm-up 10 s: from the sample at 10 s, to the last before 14 s (10 s too): no window
        assertThat(SteadyWindow.of(short_, samples, Duration.ofSeconds(10))).isEqualTo(SteadyWindow.Figures.none(T0, T0 + 14_000));
        assertThat(SteadyWindow.Figures.NONE.cpuMsPer1000Rows()).isNaN();
        assertThat(SteadyWindow.Figures.NONE.seconds()).isNaN();
        // no sample after the warm-up at all
        assertThat(SteadyWindow.of(List.of(new Batch("a", 0, T0, 60_000, 1000)), samples, Duration.ofSeconds(25)).rows()).isNaN();
    }

    @Test
    void the_sampler_reads_on_its_own_thread_until_closed_and_leaves_out_a_failed_reading() {
        AtomicInteger calls = new AtomicInteger();
        CpuSampler sampler = CpuSampler.every(Duration.ofMillis(20), () -> {
            int n = calls.incrementAndGet();
            if (n == 2) {
                throw new IllegalStateException("the container is gone");
            }
            return n;
        });
        try (sampler) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sampler.samples().size() >= 4);
        }
        int after = sampler.samples().size();
        List<Sample> samples = sampler.samples();
        assertThat(samples).extracting(Sample::cpuSeconds).doesNotContain(2.0).startsWith(1.0, 3.0);
        assertThat(samples).extracting(Sample::atMs).isSorted();
        Awaitility.await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1)).until(() -> sampler.samples().size() == after);
    }
}
