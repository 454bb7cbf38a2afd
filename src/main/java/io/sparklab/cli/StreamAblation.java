package io.sparklab.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparklab.client.HttpJson;
import io.sparklab.stack.LabContainer;
import io.sparklab.stack.LabProject;
import io.sparklab.stack.LabStack;
import io.sparklab.stack.Progress;
import io.sparklab.streaming.StreamingAddOn;
import io.sparklab.streaming.StreamingJobs;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which instrument costs the streaming job what (./lab bench-stream-ablation): the overhead runs of
 * {@link StreamBenchmark} (the job over a fixed backlog from its first offset, 75 s, a fresh checkpoint
 * each) with one group of instruments on at a time: plain (none), the JMX agents of driver and executors
 * (with the driver's log file settings, which share their option), Spark's own metrics (sinks,
 * PrometheusServlet, the appStatus and streaming sources), the lab's listener (its metrics server and
 * each batch's offset commit to Kafka), then all of them (the lab's defaults; tracing is off in every
 * variant). Each round runs every variant once, in an order rotated from round to round. Per variant:
 * the median rate (rows over the seconds of their batches) and CPU time of the Spark containers per
 * 1 000 rows, and the median of each round's ratio to that round's plain run.
 * Writes target/benchmarks/stream-ablation.json.
 */
public final class StreamAblation {
    /** The instruments, each with the settings that turn it off. */
    enum Instrument {
        AGENTS("JMX agents", List.of("spark.driver.extraJavaOptions=", "spark.executor.extraJavaOptions=")),
        SPARK_METRICS("Spark metrics", List.of("spark.metrics.conf=/opt/spark/metrics-none.properties",
                "spark.metrics.appStatusSource.enabled=false", "spark.ui.prometheus.enabled=false",
                "spark.sql.streaming.metricsEnabled=false")),
        LISTENER("lab listener", List.of("spark.lab.listener=false"));

        final String label;
        final List<String> off;

        Instrument(String label, List<String> off) {
            this.label = label;
            this.off = off;
        }
    }

    /** A run's instruments: none, each alone, all. */
    record Variant(String label, Set<Instrument> on) {
        List<String> sparkConf() {
            List<String> conf = new ArrayList<>(List.of("--conf", "spark.lab.tracing=false"));
            for (Instrument instrument : Instrument.values()) {
                if (!on.contains(instrument)) {
                    instrument.off.forEach(setting -> conf.addAll(List.of("--conf", setting)));
                }
            }
            if (on.contains(Instrument.AGENTS)) {
                conf.addAll(OwnCpu.EXECUTOR_PLUGIN); // the executors' agents count their pages' CPU, as in bench-stream
            }
            return conf;
        }

        String slug() {
            return label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        }
    }

    static List<Variant> variants() {
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant("plain", EnumSet.noneOf(Instrument.class)));
        for (Instrument instrument : Instrument.values()) {
            variants.add(new Variant(instrument.label + " only", EnumSet.of(instrument)));
        }
        variants.add(new Variant("all", EnumSet.allOf(Instrument.class)));
        return variants;
    }

    private StreamAblation() {
    }

    public static int run(int rounds) {
        LabProject project = LabProject.current();
        LabStack stack = LabStack.builder().project(project).workers(1).grafana(false).build();
        List<Variant> variants = variants();
        // per variant, per round: rows/s and CPU ms per 1 000 rows
        Map<Variant, List<StreamBenchmark.BacklogRun>> results = new java.util.LinkedHashMap<>();
        variants.forEach(v -> results.put(v, new ArrayList<>()));
        try (RunningServices running = RunningServices.stoppedOnSignal()) {
            running.start(stack);
            StreamingAddOn streaming = running.start(
                    StreamingAddOn.on(stack).withTopic(StreamBenchmark.BACKLOG_TOPIC, StreamingAddOn.TRANSACTIONS_PARTITIONS));
            StreamingJobs jobs = new StreamingJobs(stack, streaming);
            List<? extends LabContainer<?>> spark = stack.jobContainers();
            Progress.say("ablation: a backlog of %,d events to %s", StreamBenchmark.BACKLOG_EVENTS, StreamBenchmark.BACKLOG_TOPIC);
            jobs.generateTo(StreamBenchmark.BACKLOG_TOPIC, "--events", Integer.toString(StreamBenchmark.BACKLOG_EVENTS),
                    "--rate", "20000", "--seed", "5");
            for (int round = 0; round < rounds; round++) {
                for (int k = 0; k < variants.size(); k++) {
                    Variant variant = variants.get((round + k) % variants.size());
                    Progress.say("ablation round %d/%d: %s", round + 1, rounds, variant.label());
                    results.get(variant).add(StreamBenchmark.backlogRun(jobs, spark, variant.sparkConf(), variant.slug(), round));
                }
            }
        }
        ObjectNode report = HttpJson.MAPPER.createObjectNode();
        report.put("rounds", rounds);
        List<StreamBenchmark.BacklogRun> plain = results.get(variants.get(0));
        System.out.println();
        System.out.printf(Locale.ROOT, "Streaming instruments, one at a time (%d rounds over a backlog of %,d events; medians; round ratio ="
                + " each round's figure against that round's plain run)%n", rounds, StreamBenchmark.BACKLOG_EVENTS);
        for (Variant variant : variants) {
            List<StreamBenchmark.BacklogRun> runs = results.get(variant);
            List<Double> rates = runs.stream().map(StreamBenchmark.BacklogRun::rowsPerSecond).toList();
            List<Double> cpu = runs.stream().map(StreamBenchmark.BacklogRun::cpuMsPer1000Rows).toList();
            // slowdown: the round's plain rows/s over this variant's; CPU: this variant's per row over plain's
            RoundRatios rateRatios = RoundRatios.of(plain.stream().map(StreamBenchmark.BacklogRun::rowsPerSecond).toList(), rates);
            RoundRatios cpuRatios = RoundRatios.of(cpu, plain.stream().map(StreamBenchmark.BacklogRun::cpuMsPer1000Rows).toList());
            System.out.printf(Locale.ROOT, "  %-20s %,8.0f rows/s (slowdown %5.3fx)   %6.1f ms CPU per 1 000 rows (%5.3fx, rounds %s)%n",
                    variant.label(), EtlBenchmark.median(rates), rateRatios.median(), EtlBenchmark.median(cpu),
                    cpuRatios.median(), cpuRatios.ratios().stream().map(r -> String.format(Locale.ROOT, "%.3f", r)).toList());
            ObjectNode entry = report.putObject(variant.label());
            entry.putPOJO("rowsPerSecond", rates);
            entry.putPOJO("cpuMsPer1000Rows", cpu);
            entry.put("medianSlowdown", rateRatios.median());
            entry.put("medianCpuRatio", cpuRatios.median());
        }
        BenchmarkFile.write(project, "stream-ablation", report);
        return 0;
    }

    /** For the tests: the settings of each variant. */
    static Map<String, List<String>> settings() {
        Map<String, List<String>> settings = new java.util.LinkedHashMap<>();
        variants().forEach(v -> settings.put(v.label(), v.sparkConf()));
        return settings;
    }
}
