package io.sparklab.jobs;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The CPU time an instrument spends in the driver, counted on the threads that spend it: its start
 * (on the thread that builds it), its listener callbacks (on Spark's listener-bus thread) and its own
 * threads (an exporter's). A ratio of whole runs cannot show a cost of 1 % on a VM whose runs spread by
 * ±15 % (./lab bench-etl); the instrument's own CPU, over the run's, can.
 *
 * <p>Thread CPU time where the JVM has it (HotSpot on Linux: clock_gettime per thread, well under a
 * microsecond), else nothing is counted and {@link #supported()} says so. Not thread-safe: Spark calls
 * a listener from one thread.
 */
final class InstrumentCpu {
    /**
     * The threads that serve a JVM's metrics pages: the Prometheus HTTP servers' (the JMX agent's and the
     * lab listener's pages), the JDK HTTP server's dispatchers under them, and Spark's UI server (its
     * PrometheusServlet page, which a benchmark run's Prometheus is the only one to ask for; the UI's
     * executors page is not scraped: its first request alone cost ~0.9 s here, config/prometheus.yml).
     */
    static final String[] METRICS_PAGE_THREADS = {"prometheus-http", "HTTP-Dispatcher", "SparkUI"};

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean SUPPORTED = THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeSupported();

    private long startNanos;
    private long callbackNanos;
    private long callbacks;

    static boolean supported() {
        return SUPPORTED;
    }

    /** The calling thread's CPU time so far, in ns (0 where the JVM does not count it). */
    static long now() {
        return SUPPORTED ? THREADS.getCurrentThreadCpuTime() : 0;
    }

    /** Counts the instrument's start: the CPU the calling thread spent since {@code since} ({@link #now()}). */
    void started(long since) {
        startNanos += now() - since;
    }

    /** Runs a listener callback and counts its CPU time. */
    void count(Runnable callback) {
        long since = now();
        try {
            callback.run();
        } finally {
            callbackNanos += now() - since;
            callbacks++;
        }
    }

    long startNanos() {
        return startNanos;
    }

    long callbackNanos() {
        return callbackNanos;
    }

    long callbacks() {
        return callbacks;
    }

    /**
     * The CPU time of the live threads whose names start with one of the prefixes, in ns. A thread that
     * has ended is not counted: read it before the instrument stops its threads.
     */
    static long threadsNanos(String... namePrefixes) {
        return byPrefix(namePrefixes).total();
    }

    /** The CPU time of threads, by the name prefix they matched (in the order given). */
    record Threads(Map<String, Long> nanosByPrefix) {
        long total() {
            return nanosByPrefix.values().stream().mapToLong(Long::longValue).sum();
        }

        /** "52 ms (prometheus-http 12 ms, SparkUI 40 ms)". */
        String describe() {
            return millis(total()) + " (" + nanosByPrefix.entrySet().stream().map(e -> e.getKey() + " " + millis(e.getValue()))
                    .collect(Collectors.joining(", ")) + ")";
        }
    }

    /** {@link #threadsNanos}, by prefix. */
    static Threads byPrefix(String... namePrefixes) {
        Map<String, Long> nanos = new LinkedHashMap<>();
        for (String prefix : namePrefixes) {
            nanos.put(prefix, 0L);
        }
        if (!SUPPORTED) {
            return new Threads(nanos);
        }
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue; // ended between the two calls
            }
            for (String prefix : namePrefixes) {
                if (info.getThreadName().startsWith(prefix)) {
                    nanos.merge(prefix, Math.max(THREADS.getThreadCpuTime(info.getThreadId()), 0), Long::sum);
                    break;
                }
            }
        }
        return new Threads(nanos);
    }

    /** What an own-CPU line adds where the JVM counts no thread CPU time (its figures are then 0). */
    static String caveat() {
        return SUPPORTED ? "" : " (this JVM counts no thread CPU time)";
    }

    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.0f ms", nanos / 1e6);
    }
}
