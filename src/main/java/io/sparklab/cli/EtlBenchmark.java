package io.sparklab.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparklab.client.HttpJson;
import io.sparklab.stack.EtlSubmit;
import io.sparklab.stack.LabException;
import io.sparklab.stack.LabProject;
import io.sparklab.stack.LabStack;
import io.sparklab.stack.Progress;
import io.sparklab.stack.SparkSubmit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instrumentation overhead benchmark (./lab bench-etl): runs the ETL job N times instrumented
 * (JMX agents in driver and executors, JmxSink and PrometheusServlet, appStatus source, the lab's
 * metrics listener, the Pushgateway push, and traces: the tracing listener sending every job and stage
 * to Zipkin, the traces add-on) and N times plain (none of them), alternating so that drift of
 * the machine hits both alike, and prints the median durations, their ratio and rows/s.
 * The duration is the job's own ("done in X s": session start to output written and counted), so
 * the final-scrape wait and the JVM's exit are not in it; nor is the flush of the last spans at the
 * application's end, printed apart. Writes target/benchmarks/etl-overhead.json.
 */
public final class EtlBenchmark {
    static final double TARGET_RATIO = 1.05;
    private static final Pattern DONE = Pattern.compile("\\[etl_job] done in ([0-9.]+) s: read (\\d+) rows");

    /** Turns off every instrument of the lab for the plain runs. */
    static final List<String> PLAIN = List.of(
            "--conf", "spark.driver.extraJavaOptions=",
            "--conf", "spark.executor.extraJavaOptions=",
            "--conf", "spark.metrics.conf=/opt/spark/metrics-none.properties",
            "--conf", "spark.metrics.appStatusSource.enabled=false",
            "--conf", "spark.ui.prometheus.enabled=false",
            "--conf", "spark.lab.listener=false",
            "--conf", "spark.lab.tracing=false");
    private static final Pattern FLUSH = Pattern.compile("\\[tracing] spans exported in ([0-9.]+) s");

    private EtlBenchmark() {
    }

    public static int run(int workers, int runs, long rows) {
        LabProject project = LabProject.current();
        LabStack stack = LabStack.builder().project(project).workers(workers).grafana(false).build();
        List<Double> instrumented = new ArrayList<>();
        List<Double> plain = new ArrayList<>();
        List<Double> flushes = new ArrayList<>();
        io.sparklab.tracing.TracingAddOn traces = null;
        try {
            stack.start();
            traces = io.sparklab.tracing.TracingAddOn.on(stack);
            traces.start();
            List<String> jobArgs = List.of("--rows", Long.toString(rows));
            Progress.say("warm-up run (not counted)");
            duration(stack, List.of(), jobArgs);
            for (int i = 1; i <= runs; i++) {
                Progress.say("run %d/%d plain", i, runs);
                plain.add(duration(stack, PLAIN, withoutMetricsTargets(jobArgs)));
                Progress.say("run %d/%d instrumented", i, runs);
                SparkSubmit.Submission traced = submit(stack, List.of(), jobArgs);
                instrumented.add(seconds(traced));
                Matcher flush = FLUSH.matcher(traced.output());
                if (!flush.find()) {
                    throw new LabException("The instrumented run sent no traces (no '[tracing] spans exported'):\n" + traced.output());
                }
                flushes.add(Double.parseDouble(flush.group(1)));
            }
        } finally {
            if (traces != null) {
                traces.stop();
            }
            stack.stop();
        }
        double medianPlain = median(plain);
        double medianInstrumented = median(instrumented);
        double ratio = medianInstrumented / medianPlain;

        System.out.println();
        System.out.printf(Locale.ROOT, "ETL overhead benchmark (%d rows, %d worker(s), %d runs each, medians)%n", rows, workers, runs);
        System.out.printf(Locale.ROOT, "  plain          %6.2f s   %,10.0f rows/s   runs %s%n", medianPlain, rows / medianPlain, plain);
        System.out.printf(Locale.ROOT, "  instrumented   %6.2f s   %,10.0f rows/s   runs %s%n", medianInstrumented, rows / medianInstrumented, instrumented);
        System.out.printf(Locale.ROOT, "  overhead       %6.3fx   (target under %.2fx: %s)%n", ratio, TARGET_RATIO,
                ratio < TARGET_RATIO ? "met" : "NOT met");
        System.out.printf(Locale.ROOT, "  (instrumented = metrics + traces; the last spans' flush at the application's end, after"
                + " the job: median %.2f s, runs %s)%n", median(flushes), flushes);

        ObjectNode report = HttpJson.MAPPER.createObjectNode();
        report.put("rows", rows);
        report.put("workers", workers);
        report.putPOJO("plainSeconds", plain);
        report.putPOJO("instrumentedSeconds", instrumented);
        report.put("medianPlainSeconds", medianPlain);
        report.put("medianInstrumentedSeconds", medianInstrumented);
        report.put("overheadRatio", ratio);
        report.put("rowsPerSecondInstrumented", rows / medianInstrumented);
        report.putPOJO("traceFlushSeconds", flushes);
        BenchmarkFile.write(project, "etl-overhead", report);
        return 0;
    }

    /** The plain runs neither push nor wait for a scrape. */
    private static List<String> withoutMetricsTargets(List<String> args) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--pushgateway", "", "--prometheus", ""));
        return all;
    }

    private static double duration(LabStack stack, List<String> sparkConf, List<String> jobArgs) {
        return seconds(submit(stack, sparkConf, jobArgs));
    }

    private static SparkSubmit.Submission submit(LabStack stack, List<String> sparkConf, List<String> jobArgs) {
        SparkSubmit.Submission submission = SparkSubmit.start(stack.master(), EtlSubmit.MAIN_CLASS, EtlSubmit.JAR,
                jobArgs, sparkConf, line -> { });
        int exit = submission.await(Duration.ofMinutes(10));
        if (exit != 0 || !DONE.matcher(submission.output()).find()) {
            throw new LabException("The ETL job failed in the benchmark (exit " + exit + "):\n" + submission.output());
        }
        return submission;
    }

    private static double seconds(SparkSubmit.Submission submission) {
        Matcher done = DONE.matcher(submission.output());
        done.find();
        double seconds = Double.parseDouble(done.group(1));
        Progress.say("  %.2f s", seconds);
        return seconds;
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
