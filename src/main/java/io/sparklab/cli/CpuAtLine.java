package io.sparklab.cli;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;

/**
 * Reads the containers' CPU time (see {@link CpuTime}) the moment a run prints a given line, here the
 * job's "done" line: it splits the run's CPU into the job's part (JVM start to output written, what the
 * durations time) and the tail after it. The tail differs by variant for reasons that are not the
 * instruments' work on the job: an instrumented ETL run waits, idle, for Prometheus's last scrape of its
 * metrics (up to one 5 s interval, with its driver and executors alive) and pushes its outcome before it
 * stops; a plain run stops at once. Counting that wait in one variant and not the other biased the
 * benchmark's whole-run CPU ratio.
 *
 * <p>Fed the run's output lines as they arrive; the reading runs on its own thread, so that the output's
 * reader is not held up while the containers answer (about a tenth of a second each).
 */
final class CpuAtLine implements Consumer<String> {
    private final Pattern line;
    private final DoubleSupplier cpuSeconds;
    private volatile CompletableFuture<Double> reading;

    CpuAtLine(Pattern line, DoubleSupplier cpuSeconds) {
        this.line = line;
        this.cpuSeconds = cpuSeconds;
    }

    @Override
    public void accept(String text) {
        if (reading == null && line.matcher(text).find()) {
            synchronized (this) {
                if (reading == null) {
                    reading = CompletableFuture.supplyAsync(cpuSeconds::getAsDouble);
                }
            }
        }
    }

    /** The CPU seconds read when the line appeared; NaN when it never did or the reading failed (unknown, not zero). */
    double seconds() {
        CompletableFuture<Double> taken = reading;
        if (taken == null) {
            return Double.NaN;
        }
        try {
            return taken.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        } catch (Exception e) {
            io.sparklab.stack.Progress.say("  could not read the CPU time at the job's end: %s", e.getMessage());
            return Double.NaN;
        }
    }
}
