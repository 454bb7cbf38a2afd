package io.sparklab.jobs;

import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * The CPU the executors spend serving their metrics pages (the JMX agent's HTTP threads), for
 * ./lab bench-etl, which loads it with {@code spark.plugins=io.sparklab.jobs.AgentCpuPlugin} (the lab's
 * own runs do not). Each executor reads its page threads' CPU time as its tasks end, at most every
 * {@link #SAMPLE_EVERY_NANOS}, and sends it to the driver, which prints the executors' sum at the
 * application's end: {@code [metrics] own CPU N ms in the executors: metrics pages served (...)}.
 * Sampling at task ends needs no thread of its own; scrapes after an executor's last task are not in
 * the figure (the run's last seconds at most).
 */
public class AgentCpuPlugin implements SparkPlugin {
    static final long SAMPLE_EVERY_NANOS = 2_000_000_000L;

    @Override
    public DriverPlugin driverPlugin() {
        return new Driver();
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return new Executor();
    }

    /** An executor's page threads' CPU so far. */
    record Sample(String executorId, long nanos) implements Serializable {
    }

    /** Keeps each executor's latest figure; prints them when the application ends. */
    static final class Driver implements DriverPlugin {
        private final Map<String, Long> nanosByExecutor = new ConcurrentHashMap<>();

        @Override
        public Object receive(Object message) {
            if (message instanceof Sample sample) {
                nanosByExecutor.merge(sample.executorId(), sample.nanos(), Math::max);
            }
            return null;
        }

        @Override
        public void shutdown() {
            Map<String, Long> byExecutor = new TreeMap<>(nanosByExecutor);
            long total = byExecutor.values().stream().mapToLong(Long::longValue).sum();
            System.out.printf(Locale.ROOT, "[metrics] own CPU %d ms in the executors: metrics pages served (%s)%n",
                    Math.round(total / 1e6), byExecutor.isEmpty() ? "no executor reported"
                            : byExecutor.entrySet().stream().map(e -> "executor " + e.getKey() + " " + InstrumentCpu.millis(e.getValue()))
                                    .collect(Collectors.joining(", ")));
        }
    }

    /** Samples at task ends, at most every two seconds, and once more at the executor's stop. */
    static final class Executor implements ExecutorPlugin {
        private PluginContext context;
        private long lastSample = System.nanoTime() - SAMPLE_EVERY_NANOS;

        @Override
        public void init(PluginContext ctx, Map<String, String> extraConf) {
            this.context = ctx;
        }

        @Override
        public void onTaskSucceeded() {
            sample(false);
        }

        @Override
        public void onTaskFailed(org.apache.spark.TaskFailedReason failureReason) {
            sample(false);
        }

        @Override
        public void shutdown() {
            sample(true); // reaches the driver only if it still listens
        }

        private synchronized void sample(boolean always) {
            long now = System.nanoTime();
            if (context == null || (!always && now - lastSample < SAMPLE_EVERY_NANOS)) {
                return;
            }
            lastSample = now;
            try {
                context.send(new Sample(context.executorID(), InstrumentCpu.threadsNanos(InstrumentCpu.METRICS_PAGE_THREADS)));
            } catch (java.io.IOException | RuntimeException e) {
                // the driver is gone (the application ended): the figure it has is the last one sent
            }
        }
    }
}
