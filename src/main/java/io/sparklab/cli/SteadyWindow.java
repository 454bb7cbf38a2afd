package io.sparklab.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CPU per row of a streaming run once it is warm: from a warm-up after its first batch began to
 * the end of its last batch, with the Spark containers' CPU sampled every second over the run
 * ({@link CpuSampler}) and the batches the job lists at its end (spark.lab.printBatches). A whole run's
 * CPU per row also counts what every JVM pays once (JVM and agent start, the JIT compiling the
 * instruments' code, query planning, the stop), which a short run cannot amortise; this window counts
 * what the instruments cost per row while the job works. The window's ends are sampling instants; a
 * batch that crosses an end counts with the share of its duration inside (its rows assumed read evenly
 * over its time).
 */
final class SteadyWindow {
    /** Shorter than this, the window says little (a few batches): no figure. */
    static final Duration SHORTEST = Duration.ofSeconds(5);
    private static final Pattern BATCH = Pattern.compile(
            "\\[\\w+] batch (\\w+): id=(\\d+) start_ms=(\\d+) duration_ms=(\\d+) rows=(\\d+)");

    /** A batch that read rows, as the job lists it: its start on the wall clock (epoch ms), duration and rows. */
    record Batch(String query, long id, long startMs, long durationMs, long rows) {
        long endMs() {
            return startMs + durationMs;
        }
    }

    /** The containers' CPU seconds read at an instant (epoch ms). */
    record Sample(long atMs, double cpuSeconds) {
    }

    /**
     * A window's figures (NaN rows and CPU when there was none), and the span of the batches it was
     * taken from: the first one's start to the last one's end (0 when there were none).
     */
    record Figures(long fromMs, long toMs, double rows, double cpuSeconds, long batchesFromMs, long batchesToMs) {
        static final Figures NONE = none(0, 0);

        static Figures none(long batchesFromMs, long batchesToMs) {
            return new Figures(0, 0, Double.NaN, Double.NaN, batchesFromMs, batchesToMs);
        }

        double seconds() {
            return rows != rows ? Double.NaN : (toMs - fromMs) / 1000.0;
        }

        double cpuMsPer1000Rows() {
            return cpuSeconds * 1e6 / rows;
        }

        double rowsPerSecond() {
            return rows / seconds();
        }
    }

    private SteadyWindow() {
    }

    /** The batch lines of a job's output, both queries'. */
    static List<Batch> parse(String output) {
        List<Batch> batches = new ArrayList<>();
        Matcher m = BATCH.matcher(output);
        while (m.find()) {
            batches.add(new Batch(m.group(1), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4)),
                    Long.parseLong(m.group(5))));
        }
        return batches;
    }

    /**
     * The window from the first sample at least {@code warmup} after the first batch began to the last
     * sample before the last batch ended: the rows read in it and the CPU used in it. NONE when there are
     * no batches, too few samples or the window would be shorter than {@link #SHORTEST}.
     */
    static Figures of(List<Batch> batches, List<Sample> samples, Duration warmup) {
        if (batches.isEmpty()) {
            return Figures.NONE;
        }
        long first = batches.stream().mapToLong(Batch::startMs).min().orElseThrow();
        long last = batches.stream().mapToLong(Batch::endMs).max().orElseThrow();
        Sample from = samples.stream().filter(s -> s.atMs() >= first + warmup.toMillis()).findFirst().orElse(null);
        Sample to = samples.stream().filter(s -> s.atMs() <= last).reduce((a, b) -> b).orElse(null);
        if (from == null || to == null || to.atMs() - from.atMs() < SHORTEST.toMillis()) {
            return Figures.none(first, last);
        }
        double rows = 0;
        for (Batch b : batches) {
            long inside = Math.min(b.endMs(), to.atMs()) - Math.max(b.startMs(), from.atMs());
            if (b.durationMs() == 0) {
                rows += b.startMs() >= from.atMs() && b.startMs() <= to.atMs() ? b.rows() : 0;
            } else if (inside > 0) {
                rows += b.rows() * (double) inside / b.durationMs();
            }
        }
        return new Figures(from.atMs(), to.atMs(), rows, to.cpuSeconds() - from.cpuSeconds(), first, last);
    }
}
