package io.sparklab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparklab.client.HttpJson;
import io.sparklab.client.MetricsPage;
import io.sparklab.jobs.KafkaOffsetCommitter;
import io.sparklab.jobs.TransactionStreamJob;
import io.sparklab.stack.LabContainer;
import io.sparklab.stack.LabException;
import io.sparklab.stack.LabProject;
import io.sparklab.stack.LabStack;
import io.sparklab.stack.Progress;
import io.sparklab.stack.SparkSubmit;
import io.sparklab.streaming.StreamingAddOn;
import io.sparklab.streaming.StreamingJobs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The streaming benchmark (./lab bench-stream): the lab's streaming job (TransactionStreamJob, 5 s
 * trigger) on a one-worker lab with the streaming add-on, fed by the generator.
 * <ul>
 *   <li>throughput: the generator steps up its rate (a minute each). A step kept up when the windows
 *       query's group had committed every offset of the topic within three triggers of the last event
 *       (read from the lag exporter itself, which asks the broker: no scrape in between); the highest
 *       such rate is the sustained one. Each step prints its produced rate (the generator's count over
 *       its own time), the processed rate (the step's events over that time plus the wait) and the
 *       wait. The ramp stops at the first step that falls behind;</li>
 *   <li>latency, event to sink: each malformed event is written to the quarantine sink in the batch
 *       that reads it; from the broker's timestamp of the event (when it was sent) to the change time
 *       of the file it was written to, per event, p50 and p95 per step, read once the step's events
 *       are all committed. (The windows sink writes a window once the watermark passes its end: 1 minute
 *       windows + 30 s watermark by design, not a speed);</li>
 *   <li>overhead: a backlog topic filled once (600 000 events), then rounds of two runs over it from its
 *       first offset (a fresh checkpoint each, 20 000 offsets per trigger, 75 s): plain (no JMX agent,
 *       no Spark metrics sinks, no streaming metrics source, no listener) and instrumented (the lab's
 *       defaults), in an order alternating by round. A run's rate is the rows its batches read over the
 *       time those batches took, each query's first batch left out (Spark's own progress reports,
 *       printed by the job at its end). The ratio is plain rate over instrumented rate, median over
 *       the rounds. Beside it the CPU time the Spark containers (master with the driver, the worker with
 *       the executors) used per thousand rows read, from their cgroup's count before and after each run: the
 *       work the instruments add, which I/O wait does not stretch as it does a rate (see CpuTime);</li>
 *   <li>memory: peaks of Kafka, the lag exporter, the spark-master container (where the driver and
 *       the generator run) and the worker (the executors).</li>
 * </ul>
 * Writes target/benchmarks/stream.json.
 */
public final class StreamBenchmark {
    static final double TARGET_RATIO = 1.05;
    /** Events/s per step: the generator alone reaches about 19 000/s in the master container (measured). */
    static final int[] RATES = {1000, 4000, 8000, 12000, 16000};
    /** Offsets per trigger in the ramp: far above what a step brings in one trigger. */
    private static final int RAMP_BATCH_CAP = 500_000;
    private static final int STEP_SECONDS = 60;
    private static final int TRIGGER_SECONDS = 5;
    /** A step kept up when the job had every offset committed this soon after the last event: three triggers. */
    private static final Duration KEPT_UP_DRAIN = Duration.ofSeconds(3L * TRIGGER_SECONDS);
    /** How long a step that fell behind is given to drain before the ramp ends. */
    private static final Duration DRAIN_LIMIT = Duration.ofMinutes(2);
    /**
     * The steady-state window of an overhead run starts this long after its first batch began: past the
     * query planning and the first batches, when the JIT compilers do most of their work (see SteadyWindow).
     */
    static final Duration STEADY_WARMUP = Duration.ofSeconds(15);
    /** The overhead runs read this topic, filled once with BACKLOG_EVENTS: the same work for every run. */
    static final String BACKLOG_TOPIC = "bench_backlog";
    static final int BACKLOG_EVENTS = 600_000;
    /** Offsets per trigger in the overhead runs: about 30 batches per query over the backlog. */
    private static final int BACKLOG_BATCH = 20_000;
    private static final String WINDOWS_GROUP = KafkaOffsetCommitter.groupFor(TransactionStreamJob.WINDOWS_QUERY);
    private static final Pattern SUMMARY = Pattern.compile(
            "\\[" + TransactionStreamJob.APP + "] summary (\\w+): batches=(\\d+) rows=(\\d+) busy_seconds=([0-9.]+)");

    /** The instrumented runs' settings: tracing is not part of this comparison (no traces add-on here). */
    static final List<String> INSTRUMENTED;
    /** The plain runs: the ETL benchmark's plain settings, and no streaming metrics source. */
    static final List<String> PLAIN;

    static {
        List<String> plain = new ArrayList<>(EtlBenchmark.PLAIN);
        plain.addAll(List.of("--conf", "spark.sql.streaming.metricsEnabled=false"));
        PLAIN = List.copyOf(plain);
        // and the executors count their metrics pages' CPU for the own-CPU figure (EtlBenchmark's plugin)
        List<String> instrumented = new ArrayList<>(List.of("--conf", "spark.lab.tracing=false"));
        instrumented.addAll(OwnCpu.EXECUTOR_PLUGIN);
        INSTRUMENTED = List.copyOf(instrumented);
    }

    /**
     * The overhead runs' settings with the CPU-by-thread plugin loaded (a later spark.plugins wins over
     * the instrumented settings' own, so the executors' page plugin is named again).
     */
    static List<String> withThreadCpu(boolean plain) {
        List<String> conf = new ArrayList<>(plain ? PLAIN : INSTRUMENTED);
        conf.addAll(ThreadCpuTable.pluginConf(!plain));
        return conf;
    }

    /** One step of the ramp. */
    record Step(int rate, double producedPerSecond, double processedPerSecond, double drainSeconds, boolean keptUp,
                double latencyP50, double latencyP95, int latencySamples) {
    }

    /** JVMs with a JMX agent in an instrumented run: the driver and the one worker's executor. */
    private static final int AGENT_JVMS = 2;

    private StreamBenchmark() {
    }

    public static int run(int rounds) {
        LabProject project = LabProject.current();
        LabStack stack = LabStack.builder().project(project).workers(1).grafana(false).build();
        ObjectNode report = HttpJson.MAPPER.createObjectNode();
        List<Step> steps = new ArrayList<>();
        List<OverheadRound> runs = new ArrayList<>();
        // each overhead run's CPU by thread, per million rows (ThreadCpuTable)
        List<Map<String, Map<String, Double>>> threadCpuPlain = new ArrayList<>();
        List<Map<String, Map<String, Double>>> threadCpuInstrumented = new ArrayList<>();
        Map<String, Double> peaks;
        AgentStartCpu agentStart;
        try (RunningServices running = RunningServices.stoppedOnSignal()) {
            running.start(stack);
            StreamingAddOn streaming = running.start(
                    StreamingAddOn.on(stack).withTopic(BACKLOG_TOPIC, StreamingAddOn.TRANSACTIONS_PARTITIONS));
            StreamingJobs jobs = new StreamingJobs(stack, streaming);
            List<LabContainer<?>> watched = new ArrayList<>(List.of(streaming.kafka(), streaming.lagExporter(), stack.master()));
            watched.addAll(stack.workers());
            try (MemoryPeaks memory = MemoryPeaks.watch(watched)) {
                steps.addAll(ramp(stack, streaming, jobs));
                Progress.say("overhead: a backlog of %,d events to %s", BACKLOG_EVENTS, BACKLOG_TOPIC);
                jobs.generateTo(BACKLOG_TOPIC, "--events", Integer.toString(BACKLOG_EVENTS), "--rate", "20000", "--seed", "5");
                List<? extends LabContainer<?>> spark = stack.jobContainers();
                for (int round = 0; round < rounds; round++) {
                    BacklogRun[] pair = new BacklogRun[2]; // plain, instrumented
                    for (int k = 0; k < 2; k++) {
                        boolean plain = (round + k) % 2 == 0;
                        Progress.say("overhead round %d/%d: %s run over the backlog", round + 1, rounds, plain ? "plain" : "instrumented");
                        BacklogRun backlog = backlogRun(jobs, spark, withThreadCpu(plain), plain ? "plain" : "instrumented", round);
                        (plain ? threadCpuPlain : threadCpuInstrumented).add(backlog.threadCpuPerMillionRows());
                        pair[plain ? 0 : 1] = backlog;
                    }
                    runs.add(new OverheadRound(pair[0], pair[1]));
                }
                peaks = memory.mib();
            }
            agentStart = AgentStartCpu.measure(stack.master(), 3);
        }
        print(steps, runs, peaks, agentStart, report);
        if (!runs.isEmpty()) {
            System.out.println("  CPU by thread per million rows read, up to each run's last task (median per run; the threads where the"
                    + " instrumented runs spend the most more than plain):");
            List<ThreadCpuTable.Row> threadRows = ThreadCpuTable.compare(threadCpuPlain, threadCpuInstrumented, 8);
            ThreadCpuTable.lines(threadRows, "plain", "instr.").forEach(System.out::println);
            report.putPOJO("threadCpuSecondsPerMillionRowsPlainVsInstrumented", ThreadCpuTable.asMap(threadRows));
        }
        BenchmarkFile.write(project, "stream", report);
        return 0;
    }

    /**
     * The job on fresh output, reading from the topic's end; the generator at each rate in turn. A step
     * kept up when the windows query's group had committed every offset of the topic within three
     * triggers of the generator's last event (read from the lag exporter at once, not through a scrape):
     * the job read the step's events as they came, up to the batch in flight. Its processed rate is the
     * step's events over the generator's time plus that wait.
     */
    private static List<Step> ramp(LabStack stack, StreamingAddOn streaming, StreamingJobs jobs) {
        String run = "bench-" + System.currentTimeMillis();
        String quarantine = "/data/" + run + "-quarantine";
        // The job's default cap (50 000 offsets per 5 s trigger) alone would stop it at 10 000 events/s:
        // lifted, so the ramp finds what the machine does.
        SparkSubmit.Submission job = jobs.submit(INSTRUMENTED, "--checkpoint", "/data/" + run + "-checkpoint",
                "--output", "/data/" + run + "-output", "--quarantine", quarantine, "--starting-offsets", "latest",
                "--max-offsets-per-trigger", Integer.toString(RAMP_BATCH_CAP));
        List<Step> steps = new ArrayList<>();
        try {
            for (int rate : RATES) {
                Instant t0 = Instant.now();
                Progress.say("throughput: %d events/s for %d s", rate, STEP_SECONDS);
                StreamingJobs.Produced produced = jobs.generate("--rate", Integer.toString(rate), "--seconds",
                        Integer.toString(STEP_SECONDS), "--seed", Integer.toString(rate));
                Instant t1 = Instant.now();
                double generatorSeconds = jobs.lastGeneratorSeconds();
                double producedRate = produced.produced() / generatorSeconds;
                // the wait from the last event to every offset committed (the group at the topic's end)
                Instant drained = null;
                Instant giveUp = t1.plus(DRAIN_LIMIT);
                double lag = Double.NaN;
                while (Instant.now().isBefore(giveUp)) {
                    lag = lag(streaming);
                    if (lag == 0) {
                        drained = Instant.now();
                        break;
                    }
                    sleep(Duration.ofMillis(500));
                }
                double drainSeconds = drained == null ? Double.NaN : Duration.between(t1, drained).toMillis() / 1000.0;
                boolean keptUp = drained != null && drainSeconds <= KEPT_UP_DRAIN.toSeconds();
                double processed = drained == null ? Double.NaN : produced.produced() / (generatorSeconds + drainSeconds);
                List<Double> latencies = latencies(stack, quarantine, t0, t1);
                Step step = new Step(rate, producedRate, processed, drainSeconds, keptUp, percentile(latencies, 50),
                        percentile(latencies, 95), latencies.size());
                Progress.say("  produced %.0f/s; every offset committed %s after the last event: %s; malformed event to quarantine file p50 %.2f s, p95 %.2f s (%d events)",
                        producedRate, drained == null ? "not within " + DRAIN_LIMIT.toSeconds() + " s (lag " + (long) lag + ")"
                                : String.format(Locale.ROOT, "%.1f s", drainSeconds),
                        keptUp ? "kept up" : "fell behind", step.latencyP50(), step.latencyP95(), latencies.size());
                steps.add(step);
                if (!keptUp) {
                    break;
                }
            }
        } finally {
            jobs.stop(job);
        }
        return steps;
    }

    /**
     * What a run of the job over the backlog topic measured ({@link #backlogRun}).
     *
     * @param rowsPerSecond the rows its batches read over the seconds those batches took, both queries
     *     together, each query's first batch left out (the job's summary)
     * @param cpuMsPer1000Rows the CPU milliseconds the Spark containers used over the whole run per
     *     1 000 of those rows
     * @param cpuSeconds the Spark containers' CPU over the whole run
     * @param ownCpuSeconds the instruments' own CPU, counted on their threads (NaN in a run without them)
     * @param steady the same once warm: the steady-state window
     * @param output the job's output
     */
    record BacklogRun(double rowsPerSecond, double cpuMsPer1000Rows, double cpuSeconds, double ownCpuSeconds,
            SteadyWindow.Figures steady, String output) {
        /** Its CPU by thread (ThreadCpuTable) per million rows read: runs of a fixed time read different counts. */
        Map<String, Map<String, Double>> threadCpuPerMillionRows() {
            double millions = cpuSeconds / cpuMsPer1000Rows; // CPU s over CPU ms per 1 000 rows: rows / 1e6
            Map<String, Map<String, Double>> scaled = new java.util.TreeMap<>();
            ThreadCpuTable.parse(output).forEach((role, threads) -> {
                Map<String, Double> perMillion = new java.util.TreeMap<>();
                threads.forEach((name, seconds) -> perMillion.put(name, seconds / millions));
                scaled.put(role, perMillion);
            });
            return scaled;
        }
    }

    /** A plain and an instrumented run over the backlog, one after the other (which first alternates by round). */
    record OverheadRound(BacklogRun plain, BacklogRun instrumented) {
    }

    /**
     * A run of the job over the backlog topic (from its first offset, a fresh checkpoint) for 75 s,
     * the Spark containers' CPU sampled every second.
     */
    static BacklogRun backlogRun(StreamingJobs jobs, List<? extends LabContainer<?>> spark, List<String> sparkConf, String label, int round) {
        double cpuBefore = CpuTime.seconds(spark);
        String run = "bench-overhead-" + round + "-" + label + "-" + System.currentTimeMillis();
        // the job lists its batches at the end, and the containers' CPU is sampled every second: the steady-state window
        List<String> conf = new ArrayList<>(sparkConf);
        conf.addAll(List.of("--conf", "spark.lab.printBatches=true"));
        CpuSampler sampler = CpuSampler.every(Duration.ofSeconds(1), () -> CpuTime.seconds(spark));
        SparkSubmit.Submission job = jobs.submit(conf, "--topic", BACKLOG_TOPIC,
                "--checkpoint", "/data/" + run + "-checkpoint", "--output", "/data/" + run + "-output",
                "--quarantine", "/data/" + run + "-quarantine", "--starting-offsets", "earliest",
                "--max-offsets-per-trigger", Integer.toString(BACKLOG_BATCH), "--run-seconds", "75");
        int exit;
        try (sampler) {
            exit = job.await(Duration.ofMinutes(4));
        }
        if (exit != 0) {
            throw new LabException("The streaming job failed in the benchmark (exit " + exit + "):\n" + job.output());
        }
        double cpu = CpuTime.seconds(spark) - cpuBefore;
        Matcher summary = SUMMARY.matcher(job.output());
        long rows = 0;
        long batches = 0;
        double busy = 0;
        int queries = 0;
        while (summary.find()) {
            queries++;
            batches += Long.parseLong(summary.group(2));
            rows += Long.parseLong(summary.group(3));
            busy += Double.parseDouble(summary.group(4));
        }
        if (queries != 2 || busy == 0) {
            throw new LabException("The streaming job printed no summary of its two queries:\n" + job.output());
        }
        if (batches < 10) {
            Progress.say("  only %d batches with rows: the figure rests on few batches", batches);
        }
        Progress.say("  %,d rows in %d batches, %.1f s of batches: %,.0f rows/s; %.1f s of CPU in the Spark containers (%.1f ms per 1 000 rows)",
                rows, batches, busy, rows / busy, cpu, cpu * 1e6 / rows);
        // The instruments' own CPU: both lines or no figure (NaN). Runs without the listener (plain, most
        // of the ablation's) print none.
        double own = OwnCpu.total(OwnCpu.read(job.output(), List.of(OwnCpu.METRICS_DRIVER, OwnCpu.METRICS_EXECUTORS)));
        List<SteadyWindow.Batch> listed = SteadyWindow.parse(job.output());
        SteadyWindow.Figures steady = SteadyWindow.of(listed, sampler.samples(), STEADY_WARMUP);
        long firstStart = steady.batchesFromMs();
        long lastEnd = steady.batchesToMs();
        if (Double.isNaN(steady.rows())) {
            Progress.say("  no steady-state window: %d batches listed over %.1f s, %d CPU samples (a window starts %d s after the first"
                    + " batch and lasts at least %d s)", listed.size(), (lastEnd - firstStart) / 1000.0, sampler.samples().size(),
                    STEADY_WARMUP.toSeconds(), SteadyWindow.SHORTEST.toSeconds());
        } else {
            Progress.say("  steady state (%.1f s to %.1f s of the %.1f s from the first batch's start to the last one's end): %,.0f rows,"
                            + " %,.0f rows/s; %.1f s of CPU (%.1f ms per 1 000 rows)", (steady.fromMs() - firstStart) / 1000.0,
                    (steady.toMs() - firstStart) / 1000.0, (lastEnd - firstStart) / 1000.0, steady.rows(), steady.rowsPerSecond(),
                    steady.cpuSeconds(), steady.cpuMsPer1000Rows());
        }
        return new BacklogRun(rows / busy, cpu * 1e6 / rows, cpu, own, steady, job.output());
    }

    /**
     * How far the windows query's group is from the topic's end, summed over partitions, read from the
     * lag exporter itself (it asks the broker at each request).
     */
    private static double lag(StreamingAddOn streaming) {
        MetricsPage page = MetricsPage.fetch(streaming.lagExporter().metricsUrl());
        String topic = StreamingAddOn.TRANSACTIONS_TOPIC;
        double end = page.sum("kafka_topic_partition_current_offset", Map.of("topic", topic));
        double committed = page.sum("kafka_consumergroup_current_offset", Map.of("consumergroup", WINDOWS_GROUP, "topic", topic));
        return end - committed;
    }

    /**
     * Each quarantined event sent between {@code from} and {@code to}: from its broker timestamp to the
     * change time of the file it is in (the executor wrote it in the batch that read the event).
     */
    static List<Double> latencies(LabStack stack, String quarantine, Instant from, Instant to) {
        String listing;
        try {
            // each part file: a line "== <ctime, s since the epoch> <path>", then its JSON lines
            var result = stack.master().execInContainer("sh", "-c", "find " + quarantine
                    + " -name 'part-*.json' -printf '== %C@ %p\\n' -exec cat {} \\;");
            if (result.getExitCode() != 0) {
                throw new LabException("Cannot list the quarantine files of " + quarantine + ": " + result.getStderr());
            }
            listing = result.getStdout();
        } catch (java.io.IOException | InterruptedException e) {
            throw new LabException("Cannot read the quarantine files of " + quarantine + ": " + e.getMessage(), e);
        }
        return latencies(listing, from, to);
    }

    /** The latencies in such a listing (see above), of the events sent between {@code from} and {@code to}. */
    static List<Double> latencies(String listing, Instant from, Instant to) {
        List<Double> latencies = new ArrayList<>();
        double written = Double.NaN;
        for (String line : listing.split("\n")) {
            if (line.startsWith("== ")) {
                written = Double.parseDouble(line.substring(3, line.indexOf(' ', 3)));
            } else if (!line.isBlank()) {
                JsonNode event;
                try {
                    event = HttpJson.MAPPER.readTree(line);
                } catch (java.io.IOException e) {
                    throw new LabException("A quarantine line that is not JSON: " + line, e);
                }
                Instant sent = java.time.OffsetDateTime.parse(event.path("kafka_time").asText()).toInstant();
                if (!sent.isBefore(from) && !sent.isAfter(to)) {
                    latencies.add(written - sent.toEpochMilli() / 1000.0);
                }
            }
        }
        return latencies;
    }

    static void print(List<Step> steps, List<OverheadRound> runs, Map<String, Double> peaks, AgentStartCpu agentStart, ObjectNode report) {
        System.out.println();
        System.out.printf(Locale.ROOT, "Streaming benchmark (TransactionStreamJob, %d s trigger, 1 worker, this machine; %d s per rate)%n",
                TRIGGER_SECONDS, STEP_SECONDS);
        ArrayNode stepsJson = report.putArray("steps");
        Step best = null;
        for (Step step : steps) {
            System.out.printf(Locale.ROOT, "  %5d events/s asked: produced %6.0f/s, processed %6.0f/s, every offset committed %5.1f s after the"
                            + " last event  %-11s  event to sink p50 %5.2f s, p95 %5.2f s (%d events)%n",
                    step.rate(), step.producedPerSecond(), step.processedPerSecond(), step.drainSeconds(),
                    step.keptUp() ? "kept up" : "fell behind", step.latencyP50(), step.latencyP95(), step.latencySamples());
            stepsJson.addPOJO(step);
            if (step.keptUp()) {
                best = step;
            }
        }
        if (best != null) {
            System.out.printf(Locale.ROOT, "  sustained with the lag bounded: %.0f events/s (p50 %.2f s, p95 %.2f s from an event sent to its sink file)%s%n",
                    best.producedPerSecond(), best.latencyP50(), best.latencyP95(),
                    best == steps.get(steps.size() - 1) ? "; the highest rate tried, the job may do more" : "");
            report.put("sustainedEventsPerSecond", best.producedPerSecond());
            report.put("latencyP50Seconds", best.latencyP50());
            report.put("latencyP95Seconds", best.latencyP95());
        } else {
            System.out.println("  the job did not keep up even with the lowest rate");
        }
        // slowdown: plain rows/s over instrumented rows/s; CPU: instrumented CPU per row over plain
        RoundRatios ratios = RoundRatios.of(plain(runs, BacklogRun::rowsPerSecond), instrumented(runs, BacklogRun::rowsPerSecond));
        RoundRatios cpuRatios = RoundRatios.of(instrumented(runs, BacklogRun::cpuMsPer1000Rows), plain(runs, BacklogRun::cpuMsPer1000Rows));
        ArrayNode runsJson = report.putArray("overheadRounds");
        for (OverheadRound round : runs) {
            runsJson.addObject().put("plainRowsPerSecond", round.plain().rowsPerSecond())
                    .put("instrumentedRowsPerSecond", round.instrumented().rowsPerSecond())
                    .put("plainCpuMsPer1000Rows", round.plain().cpuMsPer1000Rows())
                    .put("instrumentedCpuMsPer1000Rows", round.instrumented().cpuMsPer1000Rows())
                    .put("instrumentedOwnCpuSeconds", round.instrumented().ownCpuSeconds())
                    .put("instrumentedCpuSeconds", round.instrumented().cpuSeconds())
                    .put("plainSteadyCpuMsPer1000Rows", round.plain().steady().cpuMsPer1000Rows())
                    .put("instrumentedSteadyCpuMsPer1000Rows", round.instrumented().steady().cpuMsPer1000Rows());
        }
        if (!runs.isEmpty()) {
            double ratio = ratios.median();
            System.out.printf(Locale.ROOT, "  overhead (plain rows/s over instrumented rows/s, median of %d rounds) %s: target under %.2fx %s%n",
                    runs.size(), ratios.describe(), TARGET_RATIO, ratios.verdict(TARGET_RATIO));
            double cpuRatio = cpuRatios.median();
            System.out.printf(Locale.ROOT, "  overhead in CPU time (instrumented over plain CPU per row, Spark containers, median of %d rounds)"
                            + " %s: target under %.2fx %s%n",
                    runs.size(), cpuRatios.describe(), TARGET_RATIO, cpuRatios.verdict(TARGET_RATIO));
            for (int i = 0; i < runs.size(); i++) {
                System.out.printf(Locale.ROOT, "    round %d: plain %,8.0f rows/s (%.1f ms CPU per 1 000 rows), instrumented %,8.0f rows/s (%.1f ms)%n",
                        i + 1, runs.get(i).plain().rowsPerSecond(), runs.get(i).plain().cpuMsPer1000Rows(),
                        runs.get(i).instrumented().rowsPerSecond(), runs.get(i).instrumented().cpuMsPer1000Rows());
            }
            // The same once warm: what the instruments cost per row while the job works, without what each JVM pays once.
            RoundRatios steadyRatios = RoundRatios.of(instrumented(runs, r -> r.steady().cpuMsPer1000Rows()),
                    plain(runs, r -> r.steady().cpuMsPer1000Rows()));
            System.out.printf(Locale.ROOT, "  overhead in CPU time once warm (the same, in a window from %d s after each run's first batch to its"
                            + " last batch's end, CPU sampled every second; median of %d rounds) %s: target under %.2fx %s%n",
                    STEADY_WARMUP.toSeconds(), runs.size(), steadyRatios.describe(), TARGET_RATIO, steadyRatios.verdict(TARGET_RATIO));
            for (int i = 0; i < runs.size(); i++) {
                System.out.printf(Locale.ROOT, "    round %d: plain %.1f ms CPU per 1 000 rows, instrumented %.1f ms%n", i + 1,
                        runs.get(i).plain().steady().cpuMsPer1000Rows(), runs.get(i).instrumented().steady().cpuMsPer1000Rows());
            }
            report.put("steadyWarmupSeconds", STEADY_WARMUP.toSeconds());
            report.put("steadyCpuOverheadRatio", steadyRatios.median());
            // The instruments' own CPU, counted on their threads, over the instrumented run's CPU.
            List<Double> own = instrumented(runs, BacklogRun::ownCpuSeconds);
            List<Double> whole = instrumented(runs, BacklogRun::cpuSeconds);
            RoundRatios share = RoundRatios.of(own, whole);
            double ownRatio = OwnCpu.asRatio(share.median());
            System.out.printf(Locale.ROOT, "  the instruments' own CPU, counted on their threads (driver listener, commits and metrics pages;"
                            + " executors' metrics pages): median %.2f s = %.2f %% of the instrumented run's CPU [%.2f-%.2f %%]"
                            + " (as a ratio %5.3fx: target under %.2fx %s)%n",
                    RoundRatios.median(own), share.median() * 100, share.min() * 100, share.max() * 100,
                    ownRatio, TARGET_RATIO, RoundRatios.verdict(ownRatio, TARGET_RATIO));
            report.put("ownCpuShare", share.median());
            report.put("ownCpuRatio", ownRatio);
            // and the agents' starts in the driver and the one executor, which no thread count sees
            RoundRatios withStarts = agentStart.shareWithStarts(own, whole, AGENT_JVMS);
            double withStartsRatio = OwnCpu.asRatio(withStarts.median());
            System.out.printf(Locale.ROOT, "  with the JMX agents' start in the driver and the executor (measured apart, %.2f s each): %.2f %% of the"
                            + " instrumented run's CPU (as a ratio %5.3fx: target under %.2fx %s)%n",
                    agentStart.perJvmSeconds(), withStarts.median() * 100, withStartsRatio, TARGET_RATIO,
                    RoundRatios.verdict(withStartsRatio, TARGET_RATIO));
            report.put("agentStartCpuSecondsPerJvm", agentStart.perJvmSeconds());
            report.put("ownCpuWithAgentStartsShare", withStarts.median());
            report.put("ownCpuWithAgentStartsRatio", withStartsRatio);
            report.put("overheadRatio", ratio);
            report.put("cpuOverheadRatio", cpuRatio);
            ratios.medianInterval().putInto(report, "overheadInterval");
            cpuRatios.medianInterval().putInto(report, "cpuOverheadInterval");
            steadyRatios.medianInterval().putInto(report, "steadyCpuOverheadInterval");
            report.put("targetRatio", TARGET_RATIO);
        }
        peaks.forEach((name, mib) -> System.out.printf(Locale.ROOT, "  memory peak  %-22s %7.1f MiB%n", name, mib));
        report.putPOJO("peakMemoryMiB", peaks);
    }

    private static List<Double> plain(List<OverheadRound> runs, java.util.function.ToDoubleFunction<BacklogRun> figure) {
        return runs.stream().map(r -> figure.applyAsDouble(r.plain())).toList();
    }

    private static List<Double> instrumented(List<OverheadRound> runs, java.util.function.ToDoubleFunction<BacklogRun> figure) {
        return runs.stream().map(r -> figure.applyAsDouble(r.instrumented())).toList();
    }

    static double percentile(List<Double> values, int p) {
        return values.isEmpty() ? Double.NaN : LogsBenchmark.percentile(values, p);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted", e);
        }
    }
}
