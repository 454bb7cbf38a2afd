package io.sparklab.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bench-etl's CPU by thread (io.sparklab.jobs.ThreadCpuPlugin's {@code [cpu] ... threads (ms):} lines):
 * per run, the driver's and the executors' (summed) seconds by thread name; over the runs of two
 * variants, the median by name and its difference, largest first: where the instrumented runs' extra
 * CPU goes, the threads no instrument counts as its own included (the collector's, the compilers').
 */
final class ThreadCpuTable {
    // Spelled here, not read from io.sparklab.jobs.ThreadCpuPlugin: its class needs Spark, which ./lab's
    // classpath does not hold (spark-submit brings it in the containers). ThreadCpuTableTest checks both.
    static final String PLUGIN = "io.sparklab.jobs.ThreadCpuPlugin";
    static final String PROCESS = "(process)";
    private static final Pattern LINE = Pattern.compile("^\\[cpu] (driver|executor \\S+) threads \\(ms\\): (.*)$", Pattern.MULTILINE);

    private ThreadCpuTable() {
    }

    /**
     * The spark-submit options that load this table's plugin, and with {@code pageCpu} also the
     * executors' metrics-page CPU plugin of the instrumented runs (OwnCpu): one spark.plugins, as a later
     * one replaces an earlier.
     */
    static List<String> pluginConf(boolean pageCpu) {
        return List.of("--conf", "spark.plugins=" + (pageCpu ? OwnCpu.EXECUTOR_PLUGIN_CLASS + "," + PLUGIN : PLUGIN));
    }

    /** One run's seconds by "driver"/"executors" and thread name; empty roles where the plugin printed nothing. */
    static Map<String, Map<String, Double>> parse(String output) {
        Map<String, Map<String, Double>> byRole = new TreeMap<>();
        Matcher line = LINE.matcher(output);
        while (line.find()) {
            String role = line.group(1).equals("driver") ? "driver" : "executors";
            Map<String, Double> threads = byRole.computeIfAbsent(role, r -> new TreeMap<>());
            for (String entry : line.group(2).split(" \\| ")) {
                int eq = entry.lastIndexOf('=');
                if (eq > 0) {
                    threads.merge(entry.substring(0, eq), Long.parseLong(entry.substring(eq + 1).strip()) / 1e3, Double::sum);
                }
            }
        }
        return byRole;
    }

    /** A row: a role's thread name, its median seconds in the base runs and the compared ones. */
    record Row(String role, String thread, double base, double compared) {
        double difference() {
            return compared - base;
        }
    }

    /**
     * Per role, the process's row first, then the threads by how much more the compared runs spent
     * (a name missing from a run counts 0 s there: the thread did not exist), at most {@code top} of them.
     */
    static List<Row> compare(List<Map<String, Map<String, Double>>> base, List<Map<String, Map<String, Double>>> compared, int top) {
        List<Row> rows = new ArrayList<>();
        for (String role : List.of("driver", "executors")) {
            TreeSet<String> names = new TreeSet<>();
            base.forEach(run -> names.addAll(run.getOrDefault(role, Map.of()).keySet()));
            compared.forEach(run -> names.addAll(run.getOrDefault(role, Map.of()).keySet()));
            List<Row> threads = new ArrayList<>();
            for (String name : names) {
                Row row = new Row(role, name, median(base, role, name), median(compared, role, name));
                if (name.equals(PROCESS)) {
                    rows.add(row);
                } else {
                    threads.add(row);
                }
            }
            threads.sort(Comparator.comparingDouble(Row::difference).reversed());
            rows.addAll(threads.subList(0, Math.min(top, threads.size())));
        }
        return rows;
    }

    private static double median(List<Map<String, Map<String, Double>>> runs, String role, String name) {
        return RoundRatios.median(runs.stream().map(run -> run.getOrDefault(role, Map.of()).getOrDefault(name, 0.0)).toList());
    }

    /** The table, one line per row. */
    static List<String> lines(List<Row> rows, String baseLabel, String comparedLabel) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "  %-9s %-17s %8s %8s %8s", "", "thread", baseLabel, comparedLabel, "more"));
        for (Row row : rows) {
            lines.add(String.format(Locale.ROOT, "  %-9s %-17s %7.2fs %7.2fs %+7.2fs", row.role(), row.thread(), row.base(), row.compared(), row.difference()));
        }
        return lines;
    }

    /** For the JSON report: role -> thread -> [base, compared]. */
    static Map<String, Map<String, double[]>> asMap(List<Row> rows) {
        Map<String, Map<String, double[]>> map = new LinkedHashMap<>();
        rows.forEach(r -> map.computeIfAbsent(r.role(), k -> new LinkedHashMap<>()).put(r.thread(), new double[] {r.base(), r.compared()}));
        return map;
    }
}
