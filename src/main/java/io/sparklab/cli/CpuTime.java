package io.sparklab.cli;

import io.sparklab.stack.LabContainer;
import io.sparklab.stack.LabException;
import java.util.List;

/**
 * The CPU time containers have used since they started: their cgroup's count (user and system time of
 * every process in the container), read inside the container: cgroup v2's cpu.stat (usage_usec) or
 * v1's cpuacct.usage (nanoseconds). Docker's stats API reports the same number, but takes a second or
 * two to answer (it samples twice); this takes a tenth. The benchmarks read it before and after a run:
 * the difference is the work the run cost. I/O wait and another process's burst stretch a run's
 * duration but not its CPU time; a virtual machine's slower spells still show in both (measured on the
 * lab's 2-core VM: the same streaming run took 135 to 186 ms of CPU per 1 000 rows from round to
 * round, its rate spread a little wider), so the benchmarks print both and take medians of rounds.
 */
public final class CpuTime {
    /** cgroup v2 first (cpu.stat, microseconds), then v1 (cpuacct.usage, nanoseconds). */
    private static final String READ = "cat /sys/fs/cgroup/cpu.stat 2>/dev/null || cat /sys/fs/cgroup/cpuacct/cpuacct.usage";

    private CpuTime() {
    }

    /** The CPU seconds these containers have used so far, summed. */
    public static double seconds(List<? extends LabContainer<?>> containers) {
        double total = 0;
        for (LabContainer<?> container : containers) {
            total += seconds(container);
        }
        return total;
    }

    static double seconds(LabContainer<?> container) {
        String out;
        try {
            var result = container.execInContainer("sh", "-c", READ);
            if (result.getExitCode() != 0) {
                throw new LabException("Cannot read the CPU time of " + container.name() + " from its cgroup: " + result.getStderr());
            }
            out = result.getStdout();
        } catch (java.io.IOException e) {
            throw new LabException("Cannot read the CPU time of " + container.name() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("Interrupted while reading the CPU time of " + container.name(), e);
        }
        return parse(out, container.name());
    }

    /** Seconds from either file's text: cpu.stat's usage_usec line, or cpuacct.usage's one number. */
    static double parse(String text, String container) {
        for (String line : text.lines().toList()) {
            if (line.startsWith("usage_usec ")) {
                return Long.parseLong(line.substring("usage_usec ".length()).strip()) / 1e6;
            }
        }
        String number = text.strip();
        if (number.matches("\\d+")) {
            return Long.parseLong(number) / 1e9;
        }
        throw new LabException("Neither cgroup v2's cpu.stat nor v1's cpuacct.usage in " + container + ": '" + text.strip() + "'");
    }
}
