package io.sparklab.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The process that started a lab container, as a label on it: this machine, the JVM's pid and its
 * start time. Without Ryuk, a JVM killed with `kill -9` (or a crashed test fork) leaves its
 * containers running with nobody to stop them; the next start tells them from a live run's by
 * asking whether their JVM still exists here ({@link Leftovers}). Said only of this machine's own
 * processes: where the machine cannot be told (no /etc/machine-id, or a run of another host on a
 * shared engine), nothing is judged by it.
 */
public final class RunOwner {
    public static final String LABEL = "io.sparklab.owner";
    private static final String MACHINE = machine();

    private RunOwner() {
    }

    /** This JVM: machine|pid|start (epoch milliseconds). */
    public static String current() {
        ProcessHandle self = ProcessHandle.current();
        return of(self.pid(), self.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L));
    }

    /** A process of this machine (start 0: not known). */
    public static String of(long pid, long startedMillis) {
        return MACHINE + "|" + pid + "|" + startedMillis;
    }

    /** True when the owner is a process of this machine that has ended (its pid gone, or taken by a later process). */
    static boolean isGone(String owner) {
        if (owner == null || MACHINE.isEmpty()) {
            return false;
        }
        String[] parts = owner.split("\\|");
        if (parts.length != 3 || !parts[0].equals(MACHINE)) {
            return false;
        }
        try {
            long pid = Long.parseLong(parts[1]);
            long started = Long.parseLong(parts[2]);
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            if (process.isEmpty() || !process.get().isAlive()) {
                return true;
            }
            // The pid of a later process: its start time is not the owner's (to the millisecond, when both are known).
            return started != 0 && process.get().info().startInstant().map(java.time.Instant::toEpochMilli)
                    .map(at -> Math.abs(at - started) > 1000).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The machine and its current boot and host name; empty where they cannot be read (not Linux). */
    private static String machine() {
        Optional<String> id = read("/etc/machine-id");
        Optional<String> boot = read("/proc/sys/kernel/random/boot_id");
        Optional<String> host = read("/proc/sys/kernel/hostname");
        if (id.isEmpty() || boot.isEmpty() || host.isEmpty()) {
            return "";
        }
        // The host name tells apart containers of one image (one machine-id) that share an engine.
        return id.get() + "/" + boot.get() + "/" + host.get();
    }

    private static Optional<String> read(String file) {
        try {
            String text = Files.readString(Path.of(file)).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
