package io.sparklab.report;

/**
 * A Grafana unit id as a chart axis says it in words, with the factor that turns the raw value into
 * that word's unit (percentunit 0.25 is drawn as 25 on a "%" axis, bytes as MiB).
 */
record ChartUnit(String label, double factor) {
    private static final double MIB = 1024.0 * 1024.0;

    static ChartUnit of(String grafanaUnit) {
        return switch (grafanaUnit == null ? "" : grafanaUnit) {
            case "percentunit" -> new ChartUnit("%", 100);
            case "percent" -> new ChartUnit("%", 1);
            case "bytes", "decbytes" -> new ChartUnit("MiB", 1 / MIB);
            case "mbytes" -> new ChartUnit("MiB", 1);
            case "Bps", "binBps" -> new ChartUnit("MiB/s", 1 / MIB);
            case "s" -> new ChartUnit("seconds", 1);
            case "ms" -> new ChartUnit("milliseconds", 1);
            case "ops" -> new ChartUnit("per second", 1);
            case "short", "none", "" -> new ChartUnit("count", 1);
            default -> new ChartUnit(grafanaUnit, 1);
        };
    }
}
