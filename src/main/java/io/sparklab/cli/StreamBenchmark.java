package io.sparklab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparklab.client.HttpJson;
import io.sparklab.client.PrometheusClient;
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
import org.awaitility.Awaitility;

/**
 * The streaming benchmark (./lab bench-stream): the lab's streaming job (TransactionStreamJob, 5 s
 * trigger) on a one-worker lab with the streaming add-on, fed by the generator.
 * <ul>
 *   <li>throughput: the generator steps up its rate (a minute each); per step the events produced and
 *       processed per second (the windows query's committed offsets, read by the lag exporter) and the
 *       lag at the step's end. A step keeps up when that lag is under three triggers of input (a batch
 *       waiting, one running, the scrape's age) and nearly all it produced was processed; the highest
 *       such step is the sustained rate. The ramp stops at the first step that does not keep up;</li>
 *   <li>latency, event to sink: each malformed event is written to the quarantine sink in the batch
 *       that reads it; from the broker's timestamp of the event (when it was sent) to the change time
 *       of the file it was written to, per event, p50 and p95 per step. (The windows sink writes a
 *       window once the watermark passes its end: 1 minute windows + 30 s watermark by design, not a
 *       speed);</li>
 *   <li>overhead: rounds of two runs over the same backlog (the topic from its first offset, a fresh
 *       checkpoint each), plain (no JMX agent, no Spark metrics sinks, no streaming metrics, no
 *       listener) and instrumented (the lab's defaults), in an order alternating by round; each run's
 *       rate is the rows its batches read over the time those batches took (Spark's own progress
 *       reports, printed by the job at its end). The ratio is plain rate over instrumented rate,
 *       median over the rounds;</li>
 *   <li>memory: peaks of Kafka, the lag exporter, the spark-master container (where the driver and
 *       the generator run) and the worker (the executors).</li>
 * </ul>
 * Writes target/benchmarks/stream.json.
 */
public final class StreamBenchmark {
    static final double TARGET_RATIO = 1.05;
    static final int[] RATES = {500, 1000, 2000, 4000, 8000};
    private static final int STEP_SECONDS = 60;
    private static final int TRIGGER_SECONDS = 5;
    private static final String WINDOWS_GROUP = KafkaOffsetCommitter.groupFor(TransactionStreamJob.WINDOWS_QUERY);
    private static final Pattern SUMMARY = Pattern.compile(
            "\\[" + TransactionStreamJob.APP + "] summary (\\w+): batches=(\\d+) rows=(\\d+) busy_seconds=([0-9.]+)");

    /** The instrumented runs' settings: tracing is not part of this comparison (no traces add-on here). */
    private static final List<String> INSTRUMENTED = List.of("--conf", "spark.lab.tracing=false");
    /** The plain runs: the ETL benchmark's plain settings, and no streaming metrics source. */
    private static final List<String> PLAIN;

    static {
        List<String> plain = new ArrayList<>(EtlBenchmark.PLAIN);
        plain.addAll(List.of("--conf", "spark.sql.streaming.metricsEnabled=false"));
        PLAIN = List.copyOf(plain);
    }

    /** One step of the ramp. */
    record Step(int rate, double producedPerSecond, double processedPerSecond, double lagAtEnd, boolean keptUp,
                double latencyP50, double latencyP95, int latencySamples) {
    }

    private StreamBenchmark() {
    }

    public static int run(int rounds) {
        LabProject project = LabProject.current();
        LabStack stack = LabStack.builder().project(project).workers(1).grafana(false).build();
        StreamingAddOn streaming = null;
        ObjectNode report = HttpJson.MAPPER.createObjectNode();
        List<Step> steps = new ArrayList<>();
        List<double[]> runs = new ArrayList<>(); // per round: plain rows/s, instrumented rows/s
        Map<String, Double> peaks;
        try {
            stack.start();
            streaming = StreamingAddOn.on(stack);
            streaming.start();
            StreamingJobs jobs = new StreamingJobs(stack, streaming);
            List<LabContainer<?>> watched = new ArrayList<>(List.of(streaming.kafka(), streaming.lagExporter(), stack.master()));
            watched.addAll(stack.workers());
            try (MemoryPeaks memory = MemoryPeaks.watch(watched)) {
                steps.addAll(ramp(stack, jobs));
                for (int round = 0; round < rounds; round++) {
                    double[] rates = new double[2];
                    for (int k = 0; k < 2; k++) {
                        boolean plain = (round + k) % 2 == 0;
                        Progress.say("overhead round %d/%d: %s run over the backlog", round + 1, rounds, plain ? "plain" : "instrumented");
                        rates[plain ? 0 : 1] = backlogRate(jobs, plain, round);
                    }
                    runs.add(rates);
                }
                peaks = memory.mib();
            }
        } finally {
            if (streaming != null) {
                streaming.stop();
            }
            stack.stop();
        }
        print(steps, runs, peaks, report);
        BenchmarkFile.write(project, "stream", report);
        return 0;
    }

    /** The job on fresh output, reading from the topic's end; the generator at each rate in turn. */
    private static List<Step> ramp(LabStack stack, StreamingJobs jobs) {
        String run = "bench-" + System.currentTimeMillis();
        String quarantine = "/data/" + run + "-quarantine";
        SparkSubmit.Submission job = jobs.submit(INSTRUMENTED, "--checkpoint", "/data/" + run + "-checkpoint",
                "--output", "/data/" + run + "-output", "--quarantine", quarantine, "--starting-offsets", "latest");
        PrometheusClient prometheus = stack.prometheus().client();
        List<Step> steps = new ArrayList<>();
        try {
            // the groups' first commit: before it there is no lag to read
            Awaitility.await("the windows query's first offset commit").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2))
                    .ignoreExceptions().until(() -> committed(prometheus) >= 0);
            for (int rate : RATES) {
                double before = committed(prometheus);
                Instant t0 = Instant.now();
                Progress.say("throughput: %d events/s for %d s", rate, STEP_SECONDS);
                StreamingJobs.Produced produced = jobs.generate("--rate", Integer.toString(rate), "--seconds",
                        Integer.toString(STEP_SECONDS), "--seed", Integer.toString(rate));
                Instant t1 = Instant.now();
                double seconds = Duration.between(t0, t1).toMillis() / 1000.0;
                // the exporter's view is up to a scrape old: read the step's end a scrape later
                sleep(Duration.ofSeconds(5));
                double lag = lag(prometheus);
                double processed = (committed(prometheus) - before) / (seconds + 5);
                double producedRate = produced.produced() / seconds;
                boolean keptUp = lag <= rate * 3.0 * TRIGGER_SECONDS && processed >= 0.9 * producedRate;
                List<Double> latencies = latencies(stack, quarantine, t0, t1);
                Step step = new Step(rate, producedRate, processed, lag, keptUp, percentile(latencies, 50), percentile(latencies, 95),
                        latencies.size());
                Progress.say("  produced %.0f/s, processed %.0f/s, lag at the end %.0f: %s; malformed event to quarantine file p50 %.2f s, p95 %.2f s (%d events)",
                        producedRate, processed, lag, keptUp ? "kept up" : "fell behind", step.latencyP50(), step.latencyP95(), latencies.size());
                steps.add(step);
                if (!keptUp) {
                    break;
                }
                // let the job drain before the next step: each starts from a lag near 0
                Awaitility.await("the job to catch up after " + rate + " events/s").atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofSeconds(2)).ignoreExceptions().until(() -> lag(prometheus) <= rate * TRIGGER_SECONDS);
            }
        } finally {
            jobs.stop(job);
        }
        return steps;
    }

    /**
     * A run of the job over the backlog (the whole topic, from a fresh checkpoint) for 75 s; the rows its
     * batches read over the seconds those batches took, both queries together.
     */
    private static double backlogRate(StreamingJobs jobs, boolean plain, int round) {
        String run = "bench-overhead-" + round + "-" + (plain ? "plain" : "instrumented") + "-" + System.currentTimeMillis();
        SparkSubmit.Submission job = jobs.submit(plain ? PLAIN : INSTRUMENTED, "--checkpoint", "/data/" + run + "-checkpoint",
                "--output", "/data/" + run + "-output", "--quarantine", "/data/" + run + "-quarantine",
                "--starting-offsets", "earliest", "--max-offsets-per-trigger", "20000", "--run-seconds", "75");
        int exit = job.await(Duration.ofMinutes(4));
        if (exit != 0) {
            throw new LabException("The streaming job failed in the benchmark (exit " + exit + "):\n" + job.output());
        }
        Matcher summary = SUMMARY.matcher(job.output());
        long rows = 0;
        double busy = 0;
        int queries = 0;
        while (summary.find()) {
            queries++;
            rows += Long.parseLong(summary.group(3));
            busy += Double.parseDouble(summary.group(4));
        }
        if (queries != 2 || busy == 0) {
            throw new LabException("The streaming job printed no summary of its two queries:\n" + job.output());
        }
        Progress.say("  %,d rows in %.1f s of batches: %,.0f rows/s", rows, busy, rows / busy);
        return rows / busy;
    }

    /** The windows query's group: offsets committed (summed over partitions), -1 before its first commit. */
    private static double committed(PrometheusClient prometheus) {
        List<PrometheusClient.Sample> found = prometheus.query("sum(kafka_consumergroup_current_offset{consumergroup=\"" + WINDOWS_GROUP + "\"})");
        if (found.isEmpty()) {
            throw new IllegalStateException("no committed offsets of " + WINDOWS_GROUP + " yet");
        }
        return found.get(0).value();
    }

    private static double lag(PrometheusClient prometheus) {
        List<PrometheusClient.Sample> found = prometheus.query("sum(kafka_consumergroup_lag{consumergroup=\"" + WINDOWS_GROUP + "\"})");
        if (found.isEmpty()) {
            throw new IllegalStateException("no lag of " + WINDOWS_GROUP + " yet");
        }
        return found.get(0).value();
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

    private static void print(List<Step> steps, List<double[]> runs, Map<String, Double> peaks, ObjectNode report) {
        System.out.println();
        System.out.printf(Locale.ROOT, "Streaming benchmark (TransactionStreamJob, %d s trigger, 1 worker, this machine; %d s per rate)%n",
                TRIGGER_SECONDS, STEP_SECONDS);
        ArrayNode stepsJson = report.putArray("steps");
        Step best = null;
        for (Step step : steps) {
            System.out.printf(Locale.ROOT, "  %5d events/s asked: produced %6.0f/s, processed %6.0f/s, lag at the end %7.0f  %-11s"
                            + "  event to sink p50 %5.2f s, p95 %5.2f s (%d events)%n",
                    step.rate(), step.producedPerSecond(), step.processedPerSecond(), step.lagAtEnd(),
                    step.keptUp() ? "kept up" : "fell behind", step.latencyP50(), step.latencyP95(), step.latencySamples());
            stepsJson.addPOJO(step);
            if (step.keptUp()) {
                best = step;
            }
        }
        if (best != null) {
            System.out.printf(Locale.ROOT, "  sustained with the lag bounded: %.0f events/s (p50 %.2f s, p95 %.2f s from an event sent to its sink file)%s%n",
                    best.processedPerSecond(), best.latencyP50(), best.latencyP95(),
                    best == steps.get(steps.size() - 1) ? "; the highest rate tried, the job may do more" : "");
            report.put("sustainedEventsPerSecond", best.processedPerSecond());
            report.put("latencyP50Seconds", best.latencyP50());
            report.put("latencyP95Seconds", best.latencyP95());
        } else {
            System.out.println("  the job did not keep up even with the lowest rate");
        }
        List<Double> ratios = new ArrayList<>();
        ArrayNode runsJson = report.putArray("overheadRounds");
        for (double[] round : runs) {
            ratios.add(round[0] / round[1]);
            runsJson.addObject().put("plainRowsPerSecond", round[0]).put("instrumentedRowsPerSecond", round[1]);
        }
        if (!ratios.isEmpty()) {
            double ratio = EtlBenchmark.median(ratios);
            System.out.printf(Locale.ROOT, "  overhead (plain rows/s over instrumented rows/s, median of %d rounds) %5.3fx [%5.3f-%5.3f]: target under %.2fx %s%n",
                    ratios.size(), ratio, ratios.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                    ratios.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN), TARGET_RATIO,
                    ratio < TARGET_RATIO ? "met" : "NOT met");
            for (int i = 0; i < runs.size(); i++) {
                System.out.printf(Locale.ROOT, "    round %d: plain %,8.0f rows/s, instrumented %,8.0f rows/s%n", i + 1, runs.get(i)[0], runs.get(i)[1]);
            }
            report.put("overheadRatio", ratio);
            report.put("targetRatio", TARGET_RATIO);
        }
        peaks.forEach((name, mib) -> System.out.printf(Locale.ROOT, "  memory peak  %-22s %7.1f MiB%n", name, mib));
        report.putPOJO("peakMemoryMiB", peaks);
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
