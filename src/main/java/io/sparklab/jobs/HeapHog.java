package io.sparklab.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Fault injection for the alerts part: fills the driver's heap to a share of its maximum with live
 * objects and keeps them for a while, so the heap alert (jvm_heap_memory_used / jvm_heap_memory_max)
 * has something real to see. The memory is released before the ETL itself runs.
 */
final class HeapHog {
    // 256 KiB: below half a G1 region even on a small heap, so no humongous allocations.
    private static final int CHUNK = 256 << 10;

    private HeapHog() {
    }

    static void hold(double share, Duration duration) {
        Runtime runtime = Runtime.getRuntime();
        System.gc(); // measure live data, not garbage, before deciding how much to add
        long target = (long) (share * runtime.maxMemory());
        List<byte[]> held = new ArrayList<>();
        while (runtime.totalMemory() - runtime.freeMemory() < target) {
            byte[] chunk = new byte[CHUNK];
            chunk[0] = 1; // touched, so it is really resident
            held.add(chunk);
        }
        System.out.printf(Locale.ROOT, "[etl_job] holding %d MiB of heap (%.0f%% of %d MiB) for %d s%n", held.size() / 4,
                100.0 * (runtime.totalMemory() - runtime.freeMemory()) / runtime.maxMemory(), runtime.maxMemory() >> 20,
                duration.toSeconds());
        // Held for the length of the injected fault, and topped up every half second: the fill counted
        // garbage as used, and once a collection frees it the heap fell below the alert's threshold in
        // the middle of the fault (measured: the alert resolved 8 s before the release).
        long end = System.nanoTime() + duration.toNanos();
        try {
            while (System.nanoTime() < end) {
                Thread.sleep(500);
                while (runtime.totalMemory() - runtime.freeMemory() < target) {
                    byte[] chunk = new byte[CHUNK];
                    chunk[0] = 1;
                    held.add(chunk);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The moment of release, by the clock (the host's: containers share its kernel), because the
        // line can reach whoever reads spark-submit's output seconds later than the heap drops.
        System.out.println("[etl_job] releasing heap at " + java.time.Instant.now());
        held.clear();
        System.gc();
        System.out.println("[etl_job] heap released");
    }
}
