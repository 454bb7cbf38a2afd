package io.sparklab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparklab.client.PrometheusClient;
import io.sparklab.client.PrometheusDuration;
import io.sparklab.client.PrometheusClient.Sample;
import io.sparklab.client.SparkRestClient;
import io.sparklab.jobs.EtlOptions;
import io.sparklab.stack.LabStack;
import io.sparklab.stack.SparkSubmit;
import io.sparklab.support.ExpectedEtlOutput;
import io.sparklab.support.JobObserver;
import io.sparklab.support.LabPart;
import io.sparklab.support.MetricsReference;
import io.sparklab.support.ParquetFiles;
import io.sparklab.support.SharedEtlRun;
import io.sparklab.support.SharedLabStack;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Part 3 of the lab sheet: run the ETL job and observe it. The output is right, the plan's
 * validation queries return data exactly as the plan writes them, driver and executors are scraped
 * while the job runs, the numbers of Prometheus, Spark's REST API and the Pushgateway agree, and the
 * history server keeps the finished job.
 */
@LabPart
@org.junit.jupiter.api.Order(30)
@DisplayName("Part 3 - Run and observe the ETL job")
class Part3JobsMetricsTest {
    private static final long SEED = SharedEtlRun.SEED;
    private static final EtlOptions DEFAULTS = EtlOptions.defaults();

    private static LabStack stack;
    private static PrometheusClient prometheus;
    private static SparkSubmit.Submission submission;
    private static JobObserver observer;
    private static String appId;
    private static Path output;
    private static ExpectedEtlOutput expected;

    @BeforeAll
    static void runTheEtlJob() {
        stack = SharedLabStack.get();
        prometheus = stack.prometheus().client();

        SharedEtlRun.Run run = SharedEtlRun.get();
        submission = run.submission();
        observer = run.observer();
        appId = run.appId();
        output = run.output();
        expected = ExpectedEtlOutput.compute(SEED, DEFAULTS.rows(), DEFAULTS.badPerMille());
    }

    @Test
    void the_job_succeeds() {
        assertThat(submission.await(Duration.ZERO)).as("spark-submit exit code; output:%n%s", submission.output()).isZero();
        assertThat(submission.output()).contains("[etl_job] done");
        assertThat(appId).as("application id printed by the job").isNotNull();
    }

    @Test
    void the_output_matches_totals_computed_independently_from_the_seed() {
        Map<String, Row> summary = ParquetFiles.read(output.resolve("country_summary")).stream()
                .collect(Collectors.toMap(r -> r.getAs("country"), r -> r));

        assertThat(summary.keySet()).isEqualTo(expected.byCountry.keySet());
        expected.byCountry.forEach((country, totals) -> {
            Row row = summary.get(country);
            assertThat((long) row.getAs("txn_count")).as("%s txn_count", country).isEqualTo(totals.txnCount);
            assertThat((BigDecimal) row.getAs("total_amount")).as("%s total_amount", country).isEqualByComparingTo(totals.totalAmount);
            assertThat((BigDecimal) row.getAs("max_amount")).as("%s max_amount", country).isEqualByComparingTo(totals.maxAmount);
            assertThat((long) row.getAs("customers")).as("%s customers", country).isEqualTo(totals.customers());
        });
    }

    @Test
    void every_bad_row_is_in_quarantine_with_its_reason() {
        Map<String, Long> byReason = ParquetFiles.read(output.resolve("quarantine")).stream()
                .collect(Collectors.groupingBy(r -> r.getAs("reject_reason"), java.util.TreeMap::new, Collectors.counting()));

        assertThat(expected.rejected()).as("the generator makes bad rows").isPositive();
        assertThat(byReason).isEqualTo(expected.rejectedByReason);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"up{job=\"spark-driver\"}", "jvm_heap_memory_used / jvm_heap_memory_max",
            "rate(spark_tasks_completed_total[5m])"})
    void the_plans_validation_query_returns_data_while_the_job_runs(String query) {
        assertThat(observer.answers(query)).as("non-empty answers to %s while the job ran (%s)", query, observer.errorOf(query))
                .isNotEmpty();
        List<Double> values = observer.values(query);
        switch (query) {
            case "up{job=\"spark-driver\"}" -> assertThat(values).contains(1.0);
            case "jvm_heap_memory_used / jvm_heap_memory_max" ->
                    assertThat(values).allSatisfy(v -> assertThat(v).isGreaterThan(0.0).isLessThanOrEqualTo(1.0));
            default -> assertThat(values).as("task rate").anySatisfy(v -> assertThat(v).isPositive());
        }
    }

    @Test
    void driver_every_executor_and_the_app_metrics_are_scraped_while_the_job_runs() {
        assertThat(observer.answers("executors up")).as("answers to up{job=\"spark-executors\"}").isNotEmpty();
        long executorsUpAtOnce = observer.answers("executors up").stream()
                .mapToLong(answer -> answer.stream().filter(s -> s.value() == 1.0).count()).max().orElse(0);
        assertThat(executorsUpAtOnce).as("executors up at the same time").isEqualTo(stack.workerCount());

        long appTargetsUpAtOnce = observer.answers("app metrics up").stream()
                .mapToLong(answer -> answer.stream().filter(s -> s.value() == 1.0).count()).max().orElse(0);
        long appTargets = prometheus.targets().stream().filter(t -> t.job().equals("spark-app-metrics")).count();
        assertThat(appTargets).as("targets of spark-app-metrics (the listener and the driver UI)").isEqualTo(2);
        assertThat(appTargetsUpAtOnce).as("spark-app-metrics endpoints up at the same time").isEqualTo(appTargets);
    }

    @Test
    void per_executor_task_counts_add_up_to_the_task_count_of_sparks_rest_api() {
        SparkRestClient history = new SparkRestClient(stack.history().url());
        history.awaitCompleted(appId, Duration.ofSeconds(60));
        long restTasks = history.completedTasks(appId);

        Map<String, Double> jmxPerExecutor = perExecutor("spark_executor_tasks_completed_total");
        Map<String, Double> listenerPerExecutor = perExecutor("spark_app_tasks_total{status=\"success\"}");

        assertThat(restTasks).isPositive();
        assertThat(jmxPerExecutor).as("executors' own counters (JMX agent)").hasSize(stack.workerCount());
        assertThat(sum(jmxPerExecutor)).as("sum over executors, JMX agent").isEqualTo(restTasks);
        assertThat(sum(listenerPerExecutor)).as("sum over executors, lab listener").isEqualTo(restTasks);

        Map<String, Long> restPerExecutor = new HashMap<>();
        for (JsonNode executor : history.allExecutors(appId)) {
            if (!executor.path("id").asText().equals("driver")) {
                restPerExecutor.put(executor.path("id").asText(), executor.path("completedTasks").asLong());
            }
        }
        jmxPerExecutor.forEach((id, count) ->
                assertThat(count.longValue()).as("executor %s: Prometheus vs REST", id).isEqualTo(restPerExecutor.get(id)));
    }

    @Test
    void the_pushgateway_carries_the_row_counts_of_the_output() {
        long quarantined = ParquetFiles.read(output.resolve("quarantine")).size();
        long written = ParquetFiles.read(output.resolve("country_summary")).stream()
                .mapToLong(r -> (long) r.getAs("txn_count")).sum();

        Awaitility.await("the pushed outcome in Prometheus").atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(single("etl_job_last_success_timestamp_seconds{job=\"etl_job\"}"))
                    .as("pushed after this run started").isGreaterThan(submission.submittedAt().getEpochSecond() - 1);
            assertThat(single("etl_job_rows_read{job=\"etl_job\"}")).isEqualTo(expected.rowsRead);
            assertThat(single("etl_job_rows_written{job=\"etl_job\"}")).isEqualTo(written);
            assertThat(single("etl_job_rows_rejected{job=\"etl_job\"}")).isEqualTo(quarantined);
            assertThat(single("etl_job_success{job=\"etl_job\"}")).isEqualTo(1.0);
        });
    }

    @Test
    void the_history_server_keeps_the_finished_jobs_and_stages() {
        SparkRestClient history = new SparkRestClient(stack.history().url());
        history.awaitCompleted(appId, Duration.ofSeconds(60));

        JsonNode jobs = history.jobs(appId);
        JsonNode stages = history.stages(appId);
        assertThat(jobs.size()).as("jobs of the ETL").isGreaterThanOrEqualTo(4);
        jobs.forEach(job -> assertThat(job.path("status").asText()).as("job %s", job.path("jobId")).isEqualTo("SUCCEEDED"));
        assertThat(stages.findValues("executorRunTime")).as("stage run times").isNotEmpty()
                .anySatisfy(t -> assertThat(t.asLong()).isPositive());
        // The application lived inside spark-submit's run (the same clock: containers share the host's),
        // and its duration is its own start to end.
        JsonNode attempt = history.application(appId).path("attempts").path(0);
        long start = attempt.path("startTimeEpoch").asLong();
        long end = attempt.path("endTimeEpoch").asLong();
        assertThat(start).as("application start, epoch ms, after spark-submit started")
                .isGreaterThanOrEqualTo(submission.submittedAt().toEpochMilli() - 1_000);
        assertThat(end).as("application end, epoch ms, before spark-submit ended").isGreaterThan(start)
                .isLessThanOrEqualTo(submission.endedAt().toEpochMilli() + 1_000);
        assertThat(attempt.path("duration").asLong()).as("application duration, ms").isEqualTo(end - start);
    }

    /** Every metric of docs/metrics.md that exists after a successful ETL run: name and type. */
    static Stream<Arguments> metricsOfTheReference() {
        // The streaming and logs parts' rows exist only while their add-ons run.
        return MetricsReference.rows(stackProject()).stream()
                .filter(r -> Stream.of("after a failed run", "*streaming part*", "*logs part*").noneMatch(r.what()::contains))
                .map(r -> Arguments.of(r.name(), r.type()));
    }

    private static Path stackProject() {
        return io.sparklab.stack.LabProject.current().root();
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("metricsOfTheReference")
    void every_metric_of_the_reference_has_data(String name, String type) {
        String series = type.equals("histogram") ? name + "_count" : name;
        String window = PrometheusDuration.since(submission.submittedAt());

        List<Sample> result = prometheus.query("count(last_over_time(" + series + "[" + window + "]))");

        assertThat(result).as("%s in Prometheus since the job was submitted (docs/metrics.md)", series).isNotEmpty();

        // Its type as the exporters declare it: a counter's family is named without _total in OpenMetrics,
        // and "unknown" is a target that declares none (Spark's own servlets): only a declared type can disagree.
        java.util.Set<String> declared = new java.util.TreeSet<>(prometheus.metadataTypes(name));
        if (name.endsWith("_total")) {
            declared.addAll(prometheus.metadataTypes(name.substring(0, name.length() - "_total".length())));
        }
        declared.remove("unknown");
        assertThat(declared).as("%s's type as its exporters declare it (/api/v1/metadata); docs/metrics.md says %s", name, type)
                .isSubsetOf(type);
    }

    /** The type check above holds the reference to what exporters declare: they do declare them. */
    @Test
    void the_exporters_declare_the_types_the_reference_is_held_to() {
        assertThat(prometheus.metadataTypes("jvm_heap_memory_used")).as("the JMX agents' jvm_heap_memory_used").contains("gauge");
        java.util.Set<String> cpu = new java.util.TreeSet<>(prometheus.metadataTypes("node_cpu_seconds_total"));
        cpu.addAll(prometheus.metadataTypes("node_cpu_seconds"));
        assertThat(cpu).as("node-exporter's node_cpu_seconds_total (family with or without _total)").contains("counter");
    }

    /** Per executor_id, the last value in this run's window of a counter the executors or listener expose. */
    private static Map<String, Double> perExecutor(String selector) {
        long window = Math.max(10, Duration.between(submission.submittedAt(), java.time.Instant.now()).toSeconds() + 5);
        String query = "max by (executor_id) (max_over_time(" + selector + "[" + window + "s]))";
        return prometheus.query(query).stream()
                .filter(s -> s.label("executor_id") != null && !s.label("executor_id").equals("driver"))
                .collect(Collectors.toMap(s -> s.label("executor_id"), Sample::value));
    }

    private static long sum(Map<String, Double> perExecutor) {
        return perExecutor.values().stream().mapToLong(Double::longValue).sum();
    }

    private static double single(String query) {
        List<Sample> result = prometheus.query(query);
        assertThat(result).as(query).hasSize(1);
        return result.get(0).value();
    }
}
