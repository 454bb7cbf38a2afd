package io.sparklab.cli;

import io.sparklab.stack.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * Reads the containers' CPU time (see {@link CpuTime}) at a fixed interval on a thread of its own, for
 * {@link SteadyWindow}. A sample is stamped with the middle of its reading (two containers take about
 * two tenths of a second). Each reading runs a {@code cat} in the containers, a few milliseconds of
 * their CPU per second, the same in every variant the benchmark compares.
 */
final class CpuSampler implements AutoCloseable {
    private final DoubleSupplier cpuSeconds;
    private final List<SteadyWindow.Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cpu-sampler");
        t.setDaemon(true);
        return t;
    });

    private CpuSampler(DoubleSupplier cpuSeconds) {
        this.cpuSeconds = cpuSeconds;
    }

    /** Starts sampling now, then every {@code interval}. */
    static CpuSampler every(Duration interval, DoubleSupplier cpuSeconds) {
        CpuSampler sampler = new CpuSampler(cpuSeconds);
        sampler.timer.scheduleAtFixedRate(sampler::sample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return sampler;
    }

    private void sample() {
        long before = System.currentTimeMillis();
        double seconds;
        try {
            seconds = cpuSeconds.getAsDouble();
        } catch (RuntimeException e) {
            Progress.say("  a CPU sample failed (left out): %s", e.getMessage());
            return;
        }
        long after = System.currentTimeMillis();
        synchronized (samples) {
            samples.add(new SteadyWindow.Sample((before + after) / 2, seconds));
        }
    }

    /** The samples so far, oldest first. */
    List<SteadyWindow.Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** Stops sampling, waiting for a reading under way. */
    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
