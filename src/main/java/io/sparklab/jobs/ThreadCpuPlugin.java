package io.sparklab.jobs;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * The driver's and the executors' CPU by thread (see ThreadCpu), for ./lab bench-etl, which loads it in
 * every variant, plain included ({@code spark.plugins}): where an instrumented run spends more than a
 * plain one, by thread, the garbage collector's and JIT compilers' included. Each executor samples as
 * its tasks end, at most every {@link AgentCpuPlugin#SAMPLE_EVERY_NANOS}, and sends the sample to the
 * driver, which takes its own at the same moment: both as of the job's last tasks, before the stop (and
 * the instrumented runs' wait for a last scrape) that differs by variant. Printed at the application's end:
 * {@code [cpu] driver threads (ms): (process)=... | ...} and one line per executor.
 */
public class ThreadCpuPlugin implements SparkPlugin {
    @Override
    public DriverPlugin driverPlugin() {
        return new Driver();
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return new Executor();
    }

    record Sample(String executorId, Map<String, Long> nanosByThread) implements Serializable {
    }

    static final class Driver implements DriverPlugin {
        private final Map<String, Map<String, Long>> byExecutor = new ConcurrentHashMap<>();
        private volatile Map<String, Long> driver = Map.of();

        @Override
        public Object receive(Object message) {
            if (message instanceof Sample sample) {
                byExecutor.put(sample.executorId(), sample.nanosByThread());
                driver = ThreadCpu.sample();
            }
            return null;
        }

        @Override
        public void shutdown() {
            System.out.println("[cpu] driver threads (ms): " + ThreadCpu.format(driver));
            new TreeMap<>(byExecutor).forEach((id, sample) ->
                    System.out.println("[cpu] executor " + id + " threads (ms): " + ThreadCpu.format(sample)));
        }
    }

    static final class Executor implements ExecutorPlugin {
        private PluginContext context;
        private long lastSample = System.nanoTime() - AgentCpuPlugin.SAMPLE_EVERY_NANOS;

        @Override
        public void init(PluginContext ctx, Map<String, String> extraConf) {
            this.context = ctx;
        }

        @Override
        public void onTaskSucceeded() {
            sample();
        }

        @Override
        public void onTaskFailed(org.apache.spark.TaskFailedReason failureReason) {
            sample();
        }

        private synchronized void sample() {
            long now = System.nanoTime();
            if (context == null || now - lastSample < AgentCpuPlugin.SAMPLE_EVERY_NANOS) {
                return;
            }
            lastSample = now;
            try {
                context.send(new Sample(context.executorID(), new TreeMap<>(ThreadCpu.sample())));
            } catch (java.io.IOException | RuntimeException e) {
                // the driver is gone: it keeps the last sample it had
            }
        }
    }
}
