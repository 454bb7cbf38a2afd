package io.sparklab.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparklab.client.HttpJson;
import io.sparklab.stack.EtlSubmit;
import io.sparklab.stack.LabException;
import io.sparklab.stack.LabProject;
import io.sparklab.stack.LabStack;
import io.sparklab.stack.Progress;
import io.sparklab.stack.SparkSubmit;
import io.sparklab.tracing.TracingAddOn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instrumentation overhead benchmark (./lab bench-etl): runs the ETL job N times in each of three
 * variants: plain (no instrument at all), metrics (JMX agents in driver and executors, JmxSink and
 * PrometheusServlet, appStatus source, the lab's metrics listener, the Pushgateway push) and metrics +
 * traces (the same and the tracing listener sending every job and stage to Zipkin, the traces add-on).
 * Each round runs the three once, in an order rotated from round to round, so that drift of the
 * machine spreads over the variants and each takes each place in a round equally often when the
 * rounds are a multiple of 3 (the variant before a given one stays the same: what a run leaves behind,
 * an executor's teardown, falls on the next); besides the ratio of medians it prints the median of
 * each round's own ratio, which a slow round cannot skew.
 * The duration is the job's own ("done in X s": session start to output written and counted), so
 * the final-scrape wait and the JVM's exit are not in it; nor is the flush of the last spans at the
 * application's end, printed apart. Beside the durations, each run's CPU time in the Spark containers
 * (the master's, where spark-submit runs the driver, and the workers', where the executors run; their
 * cgroup's count before and after the run): the work the instruments add, which I/O wait and other processes do
 * not stretch as they stretch a duration (see CpuTime); and the part of it up to the job's "done" line,
 * without the stop that follows (see CpuAtLine). Writes target/benchmarks/etl-overhead.json.
 */
public final class EtlBenchmark {
    static final double TARGET_RATIO = 1.05;
    private static final Pattern DONE = Pattern.compile("\\[etl_job] done in ([0-9.]+) s: read (\\d+) rows");
    private static final Pattern FLUSH = Pattern.compile("\\[tracing] spans exported in ([0-9.]+) s");
    /** Turns off every instrument of the lab for the plain runs. */
    static final List<String> PLAIN = List.of(
            "--conf", "spark.driver.extraJavaOptions=",
            "--conf", "spark.executor.extraJavaOptions=",
            "--conf", "spark.metrics.conf=/opt/spark/metrics-none.properties",
            "--conf", "spark.metrics.appStatusSource.enabled=false",
            "--conf", "spark.ui.prometheus.enabled=false",
            "--conf", "spark.lab.listener=false",
            "--conf", "spark.lab.tracing=false");

    /** The three ways the job runs. */
    enum Variant {
        PLAIN_RUN("plain", EtlBenchmark.PLAIN, false),
        METRICS("metrics", List.of("--conf", "spark.lab.tracing=false"), true),
        METRICS_AND_TRACES("metrics+traces", List.of(), true);

        final String label;
        final List<String> sparkConf;
        final boolean metricsTargets;

        Variant(String label, List<String> sparkConf, boolean metricsTargets) {
            this.label = label;
            this.sparkConf = sparkConf;
            this.metricsTargets = metricsTargets;
        }

        /** The instruments whose own CPU the run prints (none for the plain runs). */
        List<String> instruments() {
            return switch (this) {
                case PLAIN_RUN -> List.of();
                case METRICS -> List.of(OwnCpu.METRICS_DRIVER, OwnCpu.METRICS_EXECUTORS);
                case METRICS_AND_TRACES -> List.of(OwnCpu.METRICS_DRIVER, OwnCpu.METRICS_EXECUTORS, OwnCpu.TRACES);
            };
        }
    }

    private EtlBenchmark() {
    }

    public static int run(int workers, int runs, long rows) {
        LabProject project = LabProject.current();
        LabStack stack = LabStack.builder().project(project).workers(workers).grafana(false).build();
        Map<Variant, List<Double>> seconds = new EnumMap<>(Variant.class);
        Map<Variant, List<Double>> cpuSeconds = new EnumMap<>(Variant.class);
        // the part of each run's CPU up to the job's "done" line (the rest is its stop: see CpuAtLine)
        Map<Variant, List<Double>> jobCpuSeconds = new EnumMap<>(Variant.class);
        for (Variant variant : Variant.values()) {
            seconds.put(variant, new ArrayList<>());
            cpuSeconds.put(variant, new ArrayList<>());
            jobCpuSeconds.put(variant, new ArrayList<>());
        }
        List<Double> flushes = new ArrayList<>();
        // per instrumented variant, per run: the instruments' own CPU in seconds, by instrument
        Map<Variant, List<Map<String, Double>>> ownCpu = new EnumMap<>(Variant.class);
        Map<String, double[]> scrapes = new java.util.TreeMap<>();
        Map<Variant, List<Map<String, Map<String, Double>>>> threadCpu = new EnumMap<>(Variant.class);
        AgentStartCpu agentStart;
        try (RunningServices running = RunningServices.stoppedOnSignal()) {
            running.start(stack);
            running.start(TracingAddOn.on(stack));
            List<? extends io.sparklab.stack.LabContainer<?>> spark = stack.jobContainers();
            List<String> jobArgs = List.of("--rows", Long.toString(rows));
            java.time.Instant benchStart = java.time.Instant.now();
            Progress.say("warm-up run (not counted)");
            submit(stack, Variant.METRICS_AND_TRACES, jobArgs, line -> { });
            Variant[] variants = Variant.values();
            for (int round = 0; round < runs; round++) {
                for (int k = 0; k < variants.length; k++) {
                    Variant variant = variants[(round + k) % variants.length];
                    Progress.say("round %d/%d %s", round + 1, runs, variant.label);
                    double cpuBefore = CpuTime.seconds(spark);
                    CpuAtLine atDone = new CpuAtLine(DONE, () -> CpuTime.seconds(spark));
                    SparkSubmit.Submission submission = submit(stack, variant, jobArgs, atDone);
                    seconds.get(variant).add(seconds(submission));
                    double cpu = CpuTime.seconds(spark) - cpuBefore;
                    double jobCpu = atDone.seconds() - cpuBefore;
                    cpuSeconds.get(variant).add(cpu);
                    jobCpuSeconds.get(variant).add(jobCpu);
                    Progress.say("  %.1f s of CPU in the Spark containers: %.1f s up to the job's end, %.1f s in its stop", cpu, jobCpu, cpu - jobCpu);
                    threadCpu.computeIfAbsent(variant, v -> new ArrayList<>()).add(ThreadCpuTable.parse(submission.output()));
                    if (variant.metricsTargets) {
                        ownCpu.computeIfAbsent(variant, v -> new ArrayList<>()).add(OwnCpu.read(submission.output(), variant.instruments()));
                    }
                    if (variant == Variant.METRICS_AND_TRACES) {
                        flushes.add(flushSeconds(submission));
                    }
                }
            }
            scrapes.putAll(scrapeCosts(stack, benchStart));
            agentStart = AgentStartCpu.measure(stack.master(), 3);
        }
        List<Double> plain = seconds.get(Variant.PLAIN_RUN);
        double medianPlain = median(plain);

        System.out.println();
        System.out.printf(Locale.ROOT, "ETL overhead benchmark (%d rows, %d worker(s), %d rounds, medians; round ratio ="
                + " each round's time over that round's plain run)%n", rows, workers, runs);
        ObjectNode report = HttpJson.MAPPER.createObjectNode();
        report.put("rows", rows);
        report.put("workers", workers);
        report.put("rounds", runs);
        double fullRatio = Double.NaN;
        RoundRatios full = null;
        for (Variant variant : Variant.values()) {
            List<Double> times = seconds.get(variant);
            double median = median(times);
            RoundRatios roundRatios = RoundRatios.of(times, plain);
            double ratio = median / medianPlain;
            System.out.printf(Locale.ROOT, "  %-15s %6.2f s  %,10.0f rows/s  ratio %5.3fx  median round ratio %s  runs %s%n",
                    variant.label, median, rows / median, ratio, roundRatios.describe(), times);
            ObjectNode entry = report.putObject(variant.label);
            entry.putPOJO("seconds", times);
            entry.put("medianSeconds", median);
            entry.put("ratioOfMedians", ratio);
            entry.put("medianRoundRatio", roundRatios.median());
            entry.putPOJO("roundRatios", roundRatios.ratios());
            if (variant == Variant.METRICS_AND_TRACES) {
                fullRatio = roundRatios.median();
                full = roundRatios;
            }
        }
        System.out.printf(Locale.ROOT, "  overhead (metrics+traces, median round ratio) %5.3fx: target under %.2fx %s%n",
                fullRatio, TARGET_RATIO, full.verdict(TARGET_RATIO));
        full.medianInterval().putInto(report, "overheadInterval");
        // The same comparison in CPU time: what the instruments cost the Spark containers, run by run.
        List<Double> plainCpu = cpuSeconds.get(Variant.PLAIN_RUN);
        double fullCpuRatio = Double.NaN;
        RoundRatios fullCpu = null;
        System.out.println("  CPU time of the Spark containers per run (master with the driver, workers with the executors):");
        for (Variant variant : Variant.values()) {
            List<Double> cpu = cpuSeconds.get(variant);
            RoundRatios roundRatios = RoundRatios.of(cpu, plainCpu);
            System.out.printf(Locale.ROOT, "  %-15s %6.1f s CPU  ratio %5.3fx  median round ratio %s  runs %s%n",
                    variant.label, median(cpu), median(cpu) / median(plainCpu), roundRatios.describe(),
                    cpu.stream().map(c -> String.format(Locale.ROOT, "%.1f", c)).toList());
            ObjectNode entry = (ObjectNode) report.get(variant.label);
            entry.putPOJO("cpuSeconds", cpu);
            entry.put("medianCpuSeconds", median(cpu));
            entry.put("cpuRatioOfMedians", median(cpu) / median(plainCpu));
            entry.put("medianRoundCpuRatio", roundRatios.median());
            if (variant == Variant.METRICS_AND_TRACES) {
                fullCpuRatio = roundRatios.median();
                fullCpu = roundRatios;
            }
        }
        System.out.printf(Locale.ROOT, "  overhead in CPU time (metrics+traces, median round ratio) %5.3fx: target under %.2fx %s%n",
                fullCpuRatio, TARGET_RATIO, fullCpu.verdict(TARGET_RATIO));
        fullCpu.medianInterval().putInto(report, "cpuOverheadInterval");
        report.put("cpuOverheadRatio", fullCpuRatio);
        // The same up to the job's "done" line, as the durations: the stop that follows differs by variant
        // (the instrumented runs wait for a last scrape and push) and is printed apart.
        List<Double> plainJobCpu = jobCpuSeconds.get(Variant.PLAIN_RUN);
        double jobCpuRatio = Double.NaN;
        RoundRatios fullJobCpu = null;
        System.out.println("  the same up to the job's end (JVM start to output written, as the durations), and the stop after it"
                + " (instrumented runs: the wait for a last scrape, the push):");
        for (Variant variant : Variant.values()) {
            List<Double> jobCpu = jobCpuSeconds.get(variant);
            RoundRatios roundRatios = RoundRatios.of(jobCpu, plainJobCpu);
            List<Double> stops = new ArrayList<>();
            for (int i = 0; i < jobCpu.size(); i++) {
                stops.add(cpuSeconds.get(variant).get(i) - jobCpu.get(i));
            }
            System.out.printf(Locale.ROOT, "  %-15s %6.1f s CPU  ratio %5.3fx  median round ratio %s  runs %s;  stop %4.1f s CPU%n",
                    variant.label, median(jobCpu), median(jobCpu) / median(plainJobCpu), roundRatios.describe(),
                    jobCpu.stream().map(c -> String.format(Locale.ROOT, "%.1f", c)).toList(), median(stops));
            ObjectNode entry = (ObjectNode) report.get(variant.label);
            entry.putPOJO("jobCpuSeconds", jobCpu);
            entry.put("medianJobCpuSeconds", median(jobCpu));
            entry.put("medianRoundJobCpuRatio", roundRatios.median());
            entry.put("medianStopCpuSeconds", median(stops));
            if (variant == Variant.METRICS_AND_TRACES) {
                jobCpuRatio = roundRatios.median();
                fullJobCpu = roundRatios;
            }
        }
        System.out.printf(Locale.ROOT, "  overhead in CPU time up to the job's end (metrics+traces, median round ratio) %5.3fx: target under %.2fx %s%n",
                jobCpuRatio, TARGET_RATIO, fullJobCpu.verdict(TARGET_RATIO));
        fullJobCpu.medianInterval().putInto(report, "jobCpuOverheadInterval");
        report.put("jobCpuOverheadRatio", jobCpuRatio);
        // the driver and one executor per worker carry an agent
        printOwnCpu(ownCpu, cpuSeconds, agentStart, 1 + workers, report);
        // Where the rest goes: the JVMs' CPU by thread, as of the job's last tasks (ThreadCpuPlugin)
        System.out.println("  CPU by thread up to the job's last tasks (median per run; the threads where metrics+traces spend the most more than plain):");
        List<ThreadCpuTable.Row> threadRows = ThreadCpuTable.compare(threadCpu.get(Variant.PLAIN_RUN),
                threadCpu.get(Variant.METRICS_AND_TRACES), 8);
        ThreadCpuTable.lines(threadRows, "plain", "m+t").forEach(System.out::println);
        report.putPOJO("threadCpuSecondsPlainVsMetricsAndTraces", ThreadCpuTable.asMap(threadRows));
        Map<String, Object> threadRuns = new java.util.LinkedHashMap<>();
        threadCpu.forEach((variant, runsOf) -> threadRuns.put(variant.label, runsOf));
        report.putPOJO("threadCpuSecondsByRun", threadRuns);
        System.out.printf(Locale.ROOT, "  (the last spans' flush at the application's end, after the job: median %.2f s, runs %s)%n",
                median(flushes), flushes);
        // What the instruments cost in the JVMs that run the job: each scrape of their metrics pages is
        // work done beside the tasks (a JMX agent walks its MBeans), every 5 s.
        scrapes.forEach((job, d) -> System.out.printf(Locale.ROOT,
                "  scrapes of %-17s mean %5.0f ms, max %5.0f ms, every 5 s while the job runs: %.1f %% of a core at most%n",
                job, d[0] * 1000, d[1] * 1000, d[0] / 5 * 100));
        report.putPOJO("scrapeSecondsMeanMax", scrapes);
        report.put("overheadRatio", fullRatio);
        report.put("targetRatio", TARGET_RATIO);
        report.putPOJO("traceFlushSeconds", flushes);
        BenchmarkFile.write(project, "etl-overhead", report);
        return 0;
    }

    /**
     * The instruments' own CPU, as they count it on the threads that spend it, over the run's CPU in the
     * Spark containers: a ratio that the machine's noise does not drown (a run's CPU spreads by ±10 %,
     * the instruments' own by far less than that matters).
     */
    private static void printOwnCpu(Map<Variant, List<Map<String, Double>>> ownCpu, Map<Variant, List<Double>> cpuSeconds,
                                    AgentStartCpu agentStart, int agentJvms, ObjectNode report) {
        System.out.println("  the instruments' own CPU, counted on their threads (median per run; share = own / the run's CPU in the Spark containers):");
        for (Map.Entry<Variant, List<Map<String, Double>>> entry : ownCpu.entrySet()) {
            Variant variant = entry.getKey();
            List<Double> runCpu = cpuSeconds.get(variant);
            // A run where an instrument did not report has no total (NaN, and the target is not met).
            List<Double> totals = entry.getValue().stream().map(OwnCpu::total).toList();
            Map<String, Double> byInstrument = new java.util.LinkedHashMap<>();
            for (String instrument : variant.instruments()) {
                byInstrument.put(instrument, median(entry.getValue().stream().map(m -> m.get(instrument)).toList()));
            }
            double share = RoundRatios.of(totals, runCpu).median();
            double ratio = OwnCpu.asRatio(share);
            System.out.printf(Locale.ROOT, "  %-15s %6.2f s CPU  %5.2f %% of the run's  (as a ratio %5.3fx: target under %.2fx %s)  %s%n",
                    variant.label, median(totals), share * 100, ratio, TARGET_RATIO, RoundRatios.verdict(ratio, TARGET_RATIO),
                    byInstrument.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.3f s", e.getKey(), e.getValue())).toList());
            ObjectNode node = (ObjectNode) report.get(variant.label);
            node.putPOJO("ownCpuSeconds", entry.getValue());
            node.put("medianOwnCpuShare", share);
            node.put("ownCpuRatio", ratio);
            // and the agents' starts, which no thread count sees (measured apart, once per JVM with an agent)
            double agents = agentJvms * agentStart.perJvmSeconds();
            double withStarts = agentStart.shareWithStarts(totals, runCpu, agentJvms).median();
            double withStartsRatio = OwnCpu.asRatio(withStarts);
            System.out.printf(Locale.ROOT, "  %-15s %6.2f s CPU  %5.2f %% of the run's  (as a ratio %5.3fx: target under %.2fx %s)"
                            + "  with the JMX agents' start in its %d JVMs (%.2f s each)%n",
                    "", median(totals) + agents, withStarts * 100, withStartsRatio, TARGET_RATIO,
                    RoundRatios.verdict(withStartsRatio, TARGET_RATIO), agentJvms, agentStart.perJvmSeconds());
            node.put("ownCpuWithAgentStartsShare", withStarts);
            node.put("ownCpuWithAgentStartsRatio", withStartsRatio);
        }
        report.put("agentStartCpuSecondsPerJvm", agentStart.perJvmSeconds());
        report.putPOJO("agentStartJvmCpuSeconds", java.util.Map.of("withAgent", agentStart.withAgent(), "without", agentStart.without()));
        System.out.println("  (not counted: the Pushgateway push at the job's end, Spark's metric sources' updates on Spark's own threads,"
                + " scrapes after an executor's last task)");
    }

    /** Mean and max scrape duration of the job's metrics pages (driver, executors, listener) over the benchmark. */
    private static Map<String, double[]> scrapeCosts(LabStack stack, java.time.Instant since) {
        Map<String, double[]> costs = new java.util.TreeMap<>();
        long window = java.time.Duration.between(since, java.time.Instant.now()).toSeconds() + 5;
        var prometheus = stack.prometheus().client();
        try {
            String jobs = "{job=~\"spark-driver|spark-executors|spark-app-metrics\"}";
            // only the scrapes that answered (up == 1): the plain runs have no pages, their scrapes fail fast
            String answered = "scrape_duration_seconds" + jobs + " and on (job, instance) up" + jobs + " == 1";
            var mean = prometheus.query("avg by (job) (avg_over_time((" + answered + ")[" + window + "s:5s]))");
            var max = prometheus.query("max by (job) (max_over_time((" + answered + ")[" + window + "s:5s]))");
            mean.forEach(m -> costs.put(m.label("job"), new double[] {m.value(), Double.NaN}));
            max.forEach(m -> costs.computeIfPresent(m.label("job"), (k, v) -> new double[] {v[0], m.value()}));
        } catch (RuntimeException e) {
            Progress.say("could not read the scrape durations: %s", e.getMessage());
        }
        return costs;
    }

    private static SparkSubmit.Submission submit(LabStack stack, Variant variant, List<String> args,
                                                 java.util.function.Consumer<String> lines) {
        List<String> jobArgs = new ArrayList<>(args);
        if (!variant.metricsTargets) {
            // the plain runs neither push nor wait for a scrape
            jobArgs.addAll(List.of("--pushgateway", "", "--prometheus", ""));
        }
        List<String> sparkConf = new ArrayList<>(variant.sparkConf);
        // every variant counts its CPU by thread (ThreadCpuTable); the instrumented ones their executors' pages too
        sparkConf.addAll(ThreadCpuTable.pluginConf(variant.metricsTargets));
        SparkSubmit.Submission submission = SparkSubmit.start(stack.master(), EtlSubmit.MAIN_CLASS, EtlSubmit.JAR,
                jobArgs, sparkConf, lines);
        int exit = submission.await(Duration.ofMinutes(10));
        if (exit != 0 || !DONE.matcher(submission.output()).find()) {
            throw new LabException("The ETL job failed in the benchmark (" + variant.label + ", exit " + exit + "):\n"
                    + submission.output());
        }
        return submission;
    }

    private static double flushSeconds(SparkSubmit.Submission traced) {
        Matcher flush = FLUSH.matcher(traced.output());
        if (!flush.find()) {
            throw new LabException("The traced run sent no traces (no '[tracing] spans exported'):\n" + traced.output());
        }
        return Double.parseDouble(flush.group(1));
    }

    private static double seconds(SparkSubmit.Submission submission) {
        Matcher done = DONE.matcher(submission.output());
        done.find();
        double seconds = Double.parseDouble(done.group(1));
        Progress.say("  %.2f s", seconds);
        return seconds;
    }

    static double median(List<Double> values) {
        return RoundRatios.median(values);
    }
}
