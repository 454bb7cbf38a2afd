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
 * plain one, by thread, the garbage collector's and JIT compilers' included. Each executor samples when
 * it falls idle (its last running task ended: between stages, and at the job's end) and sends the sample
 * to the driver, which takes its own at the same moment: both as of the job's last task, before the stop
 * (and the instrumented runs' wait for a last scrape) that differs by variant. A sample every few seconds
 * instead was up to that long stale at the job's end, seconds of two busy cores: more than the
 * differences it is there to show. Printed at the application's end:
 * {@code [cpu] driver threads (ms): (process)=... | ...} and one line per executor.
 */
public class ThreadCpuPlugin implements SparkPlugin {
    /** The name under which the lines give the whole process's CPU (./lab's ThreadCpuTable reads the lines back). */
    public static final String PROCESS = ThreadCpu.PROCESS;

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
        private final java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public void init(PluginContext ctx, Map<String, String> extraConf) {
            this.context = ctx;
        }

        @Override
        public void onTaskStart() {
            running.incrementAndGet();
        }

        @Override
        public void onTaskSucceeded() {
            taskEnded();
        }

        @Override
        public void onTaskFailed(org.apache.spark.TaskFailedReason failureReason) {
            taskEnded();
        }

        private void taskEnded() {
            if (running.decrementAndGet() <= 0) {
                sample();
            }
        }

        private synchronized void sample() {
            if (context == null) {
                return;
            }
            try {
                context.send(new Sample(context.executorID(), new TreeMap<>(ThreadCpu.sample())));
            } catch (java.io.IOException | RuntimeException e) {
                // the driver is gone: it keeps the last sample it had
            }
        }
    }
}
