package io.sparklab.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A JVM's CPU time by thread, as Linux counts it: every live thread's time on CPU
 * ({@code /proc/self/task/<tid>/schedstat}, nanoseconds), summed by thread name with its numbers left
 * out ("GC Thread#0" and "GC Thread#1" are "GC Thread"; the launcher's main thread is "java"), and the whole process's time
 * ({@code /proc/self/stat}, which keeps the threads that have ended). Unlike ThreadMXBean it sees the
 * JVM's own threads: the garbage collector's, the JIT compilers', the VM thread. Names are what Linux
 * keeps of a thread's name: its first 15 characters.
 *
 * <p>For ./lab bench-etl (ThreadCpuPlugin), to find where an instrumented run's CPU goes that the
 * instruments' own count does not see.
 */
final class ThreadCpu {
    /** Clock ticks per second of /proc/self/stat's times: USER_HZ, 100 on every Linux the lab runs on. */
    private static final double TICKS_PER_SECOND = 100;

    private ThreadCpu() {
    }

    /** Live threads' CPU nanoseconds by name, plus {@link #PROCESS} for the process's total; empty where /proc is not Linux's. */
    static Map<String, Long> sample() {
        Map<String, Long> byName = new TreeMap<>();
        Path tasks = Path.of("/proc/self/task");
        try (Stream<Path> threads = Files.list(tasks)) {
            threads.forEach(thread -> {
                try {
                    String name = name(Files.readString(thread.resolve("comm")));
                    long nanos = Long.parseLong(Files.readString(thread.resolve("schedstat")).strip().split("\\s+")[0]);
                    byName.merge(name, nanos, Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended while we read it: its time is in the process's total
                }
            });
            byName.put(PROCESS, processNanos(Files.readString(Path.of("/proc/self/stat"))));
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return byName;
    }

    /** The key of the whole process's CPU time, ended threads included. */
    static final String PROCESS = "(process)";

    /** A thread's name without its numbers: the threads of one pool count as one. */
    static String name(String comm) {
        return comm.strip().replaceAll("([-#_. ]?[0-9]+)+$", "");
    }

    /** utime + stime (fields 14 and 15) of /proc/[pid]/stat, in ns; the name (field 2) may hold spaces and parentheses. */
    static long processNanos(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state): utime is field 14, stime field 15
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return Math.round(ticks / TICKS_PER_SECOND * 1e9);
    }

    /** "(process)=9870 | GC Thread=1234 | ...": milliseconds, largest first; parsed back by the benchmark. */
    static String format(Map<String, Long> byName) {
        return byName.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> String.format(Locale.ROOT, "%s=%d", e.getKey(), Math.round(e.getValue() / 1e6)))
                .collect(Collectors.joining(" | "));
    }
}
