package io.sparklab.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.model.Statistics;
import io.sparklab.client.HttpJson;
import io.sparklab.stack.Docker;
import io.sparklab.stack.ImageBuilder;
import io.sparklab.stack.LabContainer;
import io.sparklab.stack.LabImage;
import io.sparklab.stack.LabProject;
import io.sparklab.stack.LabStack;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stack benchmark (./lab bench): image build time cold (no Docker cache) and warm (nothing to
 * do), time from the first container's start to every always-on target up, and each container's
 * memory at its peak while the stack idles after start-up, for the default profile and the hardened
 * one (with each container's peak against its limit). Prints the figures and the targets, and
 * writes them to target/benchmarks/stack.json.
 */
public final class StackBenchmark {
    static final double TARGET_UP_SECONDS = 20.0;
    static final double TARGET_STACK_MIB = 1536.0;

    private StackBenchmark() {
    }

    public static int run(int workers) {
        LabProject project = LabProject.current();
        ObjectNode report = HttpJson.MAPPER.createObjectNode();

        Map<String, Double> cold = new LinkedHashMap<>();
        ImageBuilder coldBuilder = new ImageBuilder(project, true);
        for (LabImage image : LabImage.values()) {
            if (image.isBuilt() && image.override() == null) {
                long t = System.nanoTime();
                coldBuilder.resolve(image);
                cold.put(image.id(), (System.nanoTime() - t) / 1e9);
            }
        }
        ImageBuilder warmBuilder = new ImageBuilder(project);
        long tWarm = System.nanoTime();
        for (LabImage image : LabImage.values()) {
            if (image.isBuilt()) {
                warmBuilder.resolve(image);
            }
        }
        double warm = (System.nanoTime() - tWarm) / 1e9;
        double coldTotal = cold.values().stream().mapToDouble(Double::doubleValue).sum();
        report.putPOJO("imageBuildColdSeconds", cold);
        report.put("imageBuildColdTotalSeconds", coldTotal);
        report.put("imageBuildWarmSeconds", warm);

        Profile plain = measure(LabStack.builder().project(project).workers(workers).build());
        // The hardened profile does not start Grafana (docs/hardening.md): its total leaves Grafana out.
        Profile hardened = measure(LabStack.builder().project(project).workers(workers).hardened(true).build());
        report.put("workers", workers);
        report.put("containersReadySeconds", plain.times().containersReadySeconds());
        report.put("allTargetsUpSeconds", plain.times().allTargetsUpSeconds());
        report.putPOJO("peakMemoryMiB", plain.peak());
        report.put("stackPeakMemoryMiB", plain.total());
        ObjectNode hardenedReport = report.putObject("hardened");
        hardenedReport.put("containersReadySeconds", hardened.times().containersReadySeconds());
        hardenedReport.put("allTargetsUpSeconds", hardened.times().allTargetsUpSeconds());
        hardenedReport.putPOJO("peakMemoryMiB", hardened.peak());
        hardenedReport.putPOJO("limitMiB", hardened.limits());
        hardenedReport.put("stackPeakMemoryMiB", hardened.total());

        System.out.println();
        System.out.println("Stack benchmark (" + workers + " worker(s), " + Runtime.getRuntime().availableProcessors() + " cores)");
        cold.forEach((id, s) -> System.out.printf("  image build cold  %-14s %6.1f s%n", id, s));
        System.out.printf("  image build cold  total          %6.1f s%n", coldTotal);
        System.out.printf("  image build warm  all images     %6.2f s   (%.0fx faster than cold)%n", warm, coldTotal / warm);
        System.out.printf("  start -> all targets up          %6.1f s   (target %.0f s: %.2fx of it); hardened %.1f s (%.2fx of the default's)%n",
                plain.times().allTargetsUpSeconds(), TARGET_UP_SECONDS, plain.times().allTargetsUpSeconds() / TARGET_UP_SECONDS,
                hardened.times().allTargetsUpSeconds(), hardened.times().allTargetsUpSeconds() / plain.times().allTargetsUpSeconds());
        System.out.printf("  memory peak  %-20s %9s  %9s  %9s  %s%n", "", "default", "hardened", "limit", "peak/limit");
        plain.peak().forEach((name, mib) -> {
            double h = hardened.peak().getOrDefault(name, Double.NaN);
            Integer limit = hardened.limits().get(name);
            System.out.printf("  memory peak  %-20s %5.1f MiB  %5.1f MiB  %5s MiB  %s%n", name, mib, h,
                    limit == null ? "-" : limit.toString(), limit == null ? "-" : String.format("%.2f", h / limit));
        });
        System.out.printf("  memory peak  whole stack          %7.1f MiB  (target %.0f MiB: %.2fx of it); hardened %.1f MiB (no Grafana)%n",
                plain.total(), TARGET_STACK_MIB, plain.total() / TARGET_STACK_MIB, hardened.total());
        BenchmarkFile.write(project, "stack", report);
        return 0;
    }

    /** One profile's start-up, peaks and (hardened) limits, MiB by container. */
    private record Profile(LabStack.StartupTimes times, Map<String, Double> peak, Map<String, Integer> limits) {
        double total() {
            return peak.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    /** Starts the stack, samples its memory while it idles, removes it. */
    private static Profile measure(LabStack stack) {
        try (RunningServices running = RunningServices.stoppedOnSignal()) {
            running.start(stack);
            Map<String, Integer> limits = new java.util.TreeMap<>();
            for (LabContainer<?> c : stack.containers()) {
                c.limits().ifPresent(l -> limits.put(c.name(), l.memoryMiB()));
            }
            return new Profile(stack.startupTimes(), peakMemoryMiB(stack, 10), limits);
        }
    }

    /**
     * Each container's highest memory use (as `docker stats` counts it) while the stack idles for
     * {@code seconds}: one stats stream per container (Docker sends a sample a second), all at once.
     */
    static Map<String, Double> peakMemoryMiB(LabStack stack, int seconds) {
        try (MemoryPeaks peaks = MemoryPeaks.watch(stack.containers())) {
            Thread.sleep(seconds * 1000L); // the sampling period, not a wait for readiness
            return peaks.mib();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    /** Usage minus page cache, as the docker CLI reports it (cgroup v1: cache; v2: inactive_file). */
    static double memoryMiB(Statistics stats) {
        if (stats.getMemoryStats() == null || stats.getMemoryStats().getUsage() == null) {
            return 0;
        }
        long usage = stats.getMemoryStats().getUsage();
        Map<String, Long> detail = stats.getMemoryStats().getStats() != null ? statsMap(stats) : Map.of();
        long cache = detail.getOrDefault("total_inactive_file", detail.getOrDefault("inactive_file", detail.getOrDefault("cache", 0L)));
        return (usage - cache) / (1024.0 * 1024.0);
    }

    private static Map<String, Long> statsMap(Statistics s) {
        var m = s.getMemoryStats().getStats();
        Map<String, Long> map = new LinkedHashMap<>();
        if (m.getTotalInactiveFile() != null) {
            map.put("total_inactive_file", m.getTotalInactiveFile());
        }
        if (m.getInactiveFile() != null) {
            map.put("inactive_file", m.getInactiveFile());
        }
        if (m.getCache() != null) {
            map.put("cache", m.getCache());
        }
        return map;
    }
}
