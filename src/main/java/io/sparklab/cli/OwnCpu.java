package io.sparklab.cli;

import io.sparklab.stack.Progress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instruments' own CPU as a run's driver prints it ({@code [metrics] own CPU N ms ...} and
 * {@code [tracing] own CPU N ms ...}, counted by io.sparklab.jobs.InstrumentCpu), read by the benchmarks.
 */
final class OwnCpu {
    static final String METRICS_DRIVER = "metrics, driver";
    static final String METRICS_EXECUTORS = "metrics, executors";
    static final String TRACES = "traces";
    /** The executors count their metrics pages' CPU only with this plugin (io.sparklab.jobs.AgentCpuPlugin). */
    static final String EXECUTOR_PLUGIN_CLASS = "io.sparklab.jobs.AgentCpuPlugin";
    static final List<String> EXECUTOR_PLUGIN = List.of("--conf", "spark.plugins=" + EXECUTOR_PLUGIN_CLASS);

    private static final Map<String, Pattern> LINES = Map.of(
            METRICS_DRIVER, Pattern.compile("\\[metrics] own CPU (\\d+) ms in the driver"),
            METRICS_EXECUTORS, Pattern.compile("\\[metrics] own CPU (\\d+) ms in the executors"),
            TRACES, Pattern.compile("\\[tracing] own CPU (\\d+) ms"));

    private OwnCpu() {
    }

    /**
     * The given instruments' own CPU in the run, in seconds, each line shown as progress; NaN for one that
     * printed no line, so that a total over them is unknown rather than too small.
     */
    static Map<String, Double> read(String output, List<String> instruments) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (String instrument : instruments) {
            Matcher m = LINES.get(instrument).matcher(output);
            if (m.find()) {
                seconds.put(instrument, Long.parseLong(m.group(1)) / 1000.0);
                int end = output.indexOf('\n', m.start());
                Progress.say("  %s", output.substring(m.start(), end < 0 ? output.length() : end));
            } else {
                seconds.put(instrument, Double.NaN);
            }
        }
        return seconds;
    }

    /** The sum, NaN when one is missing. */
    static double total(Map<String, Double> seconds) {
        return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** A share of a run's CPU as a ratio: the run's CPU over the same run without the instruments' own work. */
    static double asRatio(double share) {
        return 1 / (1 - share);
    }
}
