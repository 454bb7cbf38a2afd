package io.sparklab.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparklab.client.HttpJson;
import io.sparklab.client.PrometheusClient;
import io.sparklab.jobs.KafkaOffsetCommitter;
import io.sparklab.jobs.TransactionStreamJob;
import io.sparklab.stack.EtlSubmit;
import io.sparklab.stack.LabService;
import io.sparklab.stack.LabStack;
import io.sparklab.stack.Progress;
import io.sparklab.stack.SparkSubmit;
import io.sparklab.support.LabPart;
import io.sparklab.support.SharedLabStack;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.containers.Container.ExecResult;

/**
 * The streaming add-on runs with the lab: Kafka joins the lab network, the generator produces, the
 * streaming job submitted the plan's way reads every event, and the metrics of broker, driver and
 * listener are exported and scraped. The foundation the streaming lab part (issue 11) builds on.
 */
@LabPart
@Order(60)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Streaming smoke: Kafka, generator and Structured Streaming job on the lab stack")
class StreamingSmokeTest {
    private static final String GENERATOR = "io.sparklab.jobs.TransactionStreamGenerator";
    private static final String JOB_CLASSPATH = "/opt/spark/jars/*:" + EtlSubmit.JAR;
    private static final Pattern COUNTS = Pattern.compile("\\[generator] counts produced=(\\d+) valid=(\\d+) late=(\\d+) malformed=(\\d+) failed=(\\d+)");

    private static final String STOP_FILE = "/data/stream_stop";
    private static LabStack stack;
    private static StreamingAddOn streaming;
    private static SparkSubmit.Submission job;
    private static Map<String, Long> produced;

    @BeforeAll
    static void startKafkaTheJobAndTheGenerator() throws Exception {
        stack = SharedLabStack.get();
        long t0 = System.nanoTime();
        streaming = new StreamingAddOn(stack.network(), stack.project());
        streaming.start();
        Progress.say("streaming add-on (image, broker, topics) ready in %.1f s", seconds(t0));

        long submitted = System.nanoTime();
        job = SparkSubmit.start(stack.master(), TransactionStreamJob.class.getName(), EtlSubmit.JAR,
                List.of("--bootstrap", streaming.kafka().bootstrapServers(), "--trigger", "5 seconds", "--run-seconds", "600", "--stop-file", STOP_FILE,
                        "--max-offsets-per-trigger", "5000"),
                line -> {
                    if (line.startsWith("[" + TransactionStreamJob.APP + "]") || line.contains("Exception")) {
                        Progress.say("%s", line);
                    }
                });
        Awaitility.await("both streaming queries started").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> job.output().contains("query " + TransactionStreamJob.QUARANTINE_QUERY + " started")
                        && job.output().contains("query " + TransactionStreamJob.WINDOWS_QUERY + " started") || !job.isRunning());
        assertThat(job.isRunning()).as("the streaming job runs; output:\n%s", job.output()).isTrue();
        Progress.say("streaming queries started %.1f s after spark-submit", seconds(submitted));

        long generatorStart = System.nanoTime();
        // 30 s at 200 events/s with a 4x burst in the last 3 s of every 15 s: 2 x (12 x 200 + 3 x 800) = 9 600 events.
        ExecResult generator = stack.master().execInContainer("java", "-cp", JOB_CLASSPATH, GENERATOR,
                "--bootstrap", streaming.kafka().bootstrapServers(), "--topic", StreamingAddOn.TRANSACTIONS_TOPIC,
                "--rate", "200", "--seconds", "30", "--burst-every", "15", "--burst-seconds", "3", "--burst-factor", "4",
                "--seed", "42", "--malformed-per-mille", "20", "--late-per-mille", "20", "--late-seconds", "300");
        Progress.say("generator exit %d after %.1f s:%n%s", generator.getExitCode(), seconds(generatorStart), generator.getStdout().strip());
        assertThat(generator.getExitCode()).as("generator exit code; stderr:\n%s", generator.getStderr()).isZero();
        Matcher counts = COUNTS.matcher(generator.getStdout());
        assertThat(counts.find()).as("the generator's counts line").isTrue();
        produced = new HashMap<>();
        List.of("produced", "valid", "late", "malformed", "failed").forEach(k -> produced.put(k, 0L));
        String[] keys = {"produced", "valid", "late", "malformed", "failed"};
        for (int i = 0; i < keys.length; i++) {
            produced.put(keys[i], Long.parseLong(counts.group(i + 1)));
        }
    }

    @AfterAll
    static void stopKafka() {
        if (job != null && job.isRunning()) {
            try {
                stack.master().execInContainer("touch", STOP_FILE);
            } catch (Exception e) {
                Progress.say("could not ask the streaming job to stop: %s", e);
            }
            job.await(Duration.ofMinutes(2));
        }
        if (streaming != null) {
            streaming.stop();
        }
    }

    @Test
    @Order(1)
    void the_broker_holds_every_event_the_generator_counted() {
        Map<Integer, Long> ends = streaming.kafka().endOffsets(StreamingAddOn.TRANSACTIONS_TOPIC);
        Progress.say("kafka end offsets %s, generator %s", ends, produced);
        assertThat(produced.get("produced")).isEqualTo(9_600L);
        assertThat(produced.get("failed")).isZero();
        assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(produced.get("produced"));
    }

    @Test
    @Order(2)
    void the_job_reads_every_event_and_commits_its_offsets_to_its_group() {
        String listener = stack.master().url(LabService.APP_METRICS_PORT) + "/metrics";
        long caughtUp = System.nanoTime();
        Awaitility.await("both queries read every produced event").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions().untilAsserted(() -> {
                    String text = HttpJson.text(listener);
                    assertThat(value(text, "spark_streaming_input_rows_total", TransactionStreamJob.WINDOWS_QUERY)).isEqualTo(produced.get("produced").doubleValue());
                    assertThat(value(text, "spark_streaming_input_rows_total", TransactionStreamJob.QUARANTINE_QUERY)).isEqualTo(produced.get("produced").doubleValue());
                });
        Progress.say("both queries had read all %d events %.1f s after the generator ended", produced.get("produced"), seconds(caughtUp));
        String group = streaming.kafka().describeGroup(KafkaOffsetCommitter.groupFor(TransactionStreamJob.WINDOWS_QUERY));
        Progress.say("consumer group:%n%s", group.strip());
        assertThat(group).contains(StreamingAddOn.TRANSACTIONS_TOPIC);
        Awaitility.await("the group's lag is 0").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> lagColumn(streaming.kafka().describeGroup(KafkaOffsetCommitter.groupFor(TransactionStreamJob.WINDOWS_QUERY))) == 0);
    }

    @Test
    @Order(3)
    void the_listener_the_driver_and_the_broker_export_their_metrics_and_prometheus_scrapes_them() {
        String listener = HttpJson.text(stack.master().url(LabService.APP_METRICS_PORT) + "/metrics");
        String driver = HttpJson.text(stack.master().url(LabService.DRIVER_JMX_PORT) + "/metrics");
        String broker = HttpJson.text(streaming.kafka().metricsUrl());
        Progress.say("exported: listener %s%n  driver %s%n  broker %s", names(listener, "spark_streaming_"),
                names(driver, "spark_streaming_"), names(broker, "kafka_"));
        assertThat(names(listener, "spark_streaming_")).contains("spark_streaming_batch_duration_seconds",
                "spark_streaming_batch_input_rows", "spark_streaming_offsets_behind_latest",
                "spark_streaming_seconds_since_last_batch", "spark_streaming_offset_commits_total");
        assertThat(value(listener, "spark_streaming_offset_commits_total", "status=\"failed\"")).isZero();
        assertThat(names(driver, "spark_streaming_")).contains("spark_streaming_input_rows_per_second",
                "spark_streaming_processed_rows_per_second", "spark_streaming_latency_milliseconds",
                "spark_streaming_event_time_watermark_milliseconds", "spark_streaming_state_rows");
        assertThat(value(broker, "kafka_topic_messages_in_total", "topic=\"" + StreamingAddOn.TRANSACTIONS_TOPIC + "\""))
                .isEqualTo(produced.get("produced").doubleValue());
        assertThat(names(broker, "kafka_")).contains("kafka_log_end_offset", "kafka_server_replicamanager_partitioncount");
        assertThat(names(broker, "jvm_")).contains("jvm_heap_memory_used");

        PrometheusClient prometheus = stack.prometheus().client();
        Awaitility.await("Prometheus scrapes the listener's, the driver's and the broker's streaming metrics").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
                    assertThat(prometheus.query("spark_streaming_input_rows_total{query=\"" + TransactionStreamJob.WINDOWS_QUERY + "\"}"))
                            .singleElement().satisfies(s -> assertThat(s.value()).isEqualTo((double) produced.get("produced")));
                    assertThat(prometheus.query("spark_streaming_state_rows{job=\"spark-driver\"}")).isNotEmpty();
                    assertThat(prometheus.query("kafka_topic_messages_in_total{job=\"kafka\",topic=\"" + StreamingAddOn.TRANSACTIONS_TOPIC + "\"}"))
                            .singleElement().satisfies(s -> assertThat(s.value()).isEqualTo((double) produced.get("produced")));
                });
    }

    @Test
    @Order(4)
    void the_quarantine_holds_every_malformed_event_with_its_reason() throws Exception {
        ExecResult lines = stack.master().execInContainer("sh", "-c", "cat /data/stream_quarantine/part-*.json | wc -l");
        ExecResult reasons = stack.master().execInContainer("sh", "-c",
                "cat /data/stream_quarantine/part-*.json | sed 's/.*\"reason\":\"\\([a-z_]*\\)\".*/\\1/' | sort | uniq -c");
        Progress.say("quarantine: %s records%n%s", lines.getStdout().strip(), reasons.getStdout().strip());
        assertThat(Long.parseLong(lines.getStdout().strip())).isEqualTo(produced.get("malformed"));
    }

    /** The value of the first sample of {@code name} whose labels contain {@code labelText}, 0 if none. */
    static double value(String exposition, String name, String labelText) {
        for (String line : exposition.lines().toList()) {
            if (line.startsWith(name + "{") && line.contains(labelText)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    static java.util.SortedSet<String> names(String exposition, String prefix) {
        java.util.SortedSet<String> names = new java.util.TreeSet<>();
        exposition.lines().filter(l -> l.startsWith(prefix)).forEach(l -> names.add(l.split("[{ ]")[0]
                .replaceAll("_(bucket|count|sum|created)$", "")));
        return names;
    }

    /** The sum of the LAG column of kafka-consumer-groups --describe. */
    static long lagColumn(String describe) {
        List<String> lines = describe.lines().filter(l -> !l.isBlank()).toList();
        int lagIndex = -1;
        long lag = 0;
        for (String line : lines) {
            String[] cols = line.trim().split("\\s+");
            if (lagIndex < 0) {
                lagIndex = List.of(cols).indexOf("LAG");
                continue;
            }
            if (cols.length > lagIndex) {
                lag += cols[lagIndex].equals("-") ? 0 : Long.parseLong(cols[lagIndex]);
            }
        }
        return lagIndex < 0 ? -1 : lag;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
