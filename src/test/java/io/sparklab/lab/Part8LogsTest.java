package io.sparklab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparklab.client.ElasticsearchClient;
import io.sparklab.client.PrometheusClient;
import io.sparklab.client.PrometheusDuration;
import io.sparklab.client.SparkRestClient;
import io.sparklab.dashboards.Dashboard;
import io.sparklab.dashboards.LogsPanelQuery;
import io.sparklab.dashboards.PanelQuery;
import io.sparklab.faults.ContainerFaults;
import io.sparklab.logs.LogsAddOn;
import io.sparklab.stack.EtlSubmit;
import io.sparklab.stack.LabStack;
import io.sparklab.stack.Progress;
import io.sparklab.stack.SparkSubmit;
import io.sparklab.support.ExerciseSandbox;
import io.sparklab.support.LabPart;
import io.sparklab.support.LiveChecks;
import io.sparklab.support.MetricsReference;
import io.sparklab.support.NeedsSolutions;
import io.sparklab.support.SharedLabStack;
import io.sparklab.support.SparkLogFiles;
import io.sparklab.support.StudentCopy;
import io.sparklab.support.Trace;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Part 8 of the lab sheet: logs. Every driver and executor of the lab writes its log to the spark-logs
 * volume; the logs add-on's shipper (rsyslog) sends each event to Elasticsearch, parsed, with the
 * application, executor and trace it belongs to. Make tasks fail, then find the exception the way a
 * person answering the task-failure alert would: by application and executor, stack trace and all. Then
 * take Elasticsearch away for 30 s while a job logs, and count that nothing was lost.
 */
@LabPart
@Order(80)
@DisplayName("Part 8 - Find the failing task's exception in Spark's logs")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Part8LogsTest {
    private static final String INDEX = LogsAddOn.INDEX_PATTERN;
    private static final String EXECUTOR_LOGGER = "org.apache.spark.executor.Executor";
    private static final String TASK_SET_MANAGER = "org.apache.spark.scheduler.TaskSetManager";
    /** How long a line may take from its file to a search: the shipper reads at once, waits 1 s for a stack trace's end, and Elasticsearch refreshes every second. */
    private static final Duration SEARCHABLE_WITHIN = Duration.ofSeconds(30);
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    private static LabStack stack;
    private static LogsAddOn logs;
    private static SparkRestClient history;
    private static String appId;
    private static String traceId;
    private static Instant jobEnded;
    private static Instant partStarted;

    @BeforeAll
    static void startTheLogsAndMakeTasksFail() {
        stack = SharedLabStack.get();
        partStarted = Instant.now();
        logs = LogsAddOn.on(stack);
        logs.start();
        history = new SparkRestClient(stack.history().url());

        // Half of the first stage's tasks fail their first attempt; Spark retries them and the job succeeds.
        SparkSubmit.Submission failing = EtlSubmit.start(stack, List.of("--rows", "200000", "--partitions", "4",
                "--fail-task-share", "0.5", "--pushgateway", "", "--prometheus", ""));
        assertThat(failing.await(Duration.ofMinutes(3))).as("exit code of the run with failing tasks").isZero();
        jobEnded = Instant.now();
        appId = Trace.appIdPrinted(failing.output());
        traceId = Trace.idPrinted(failing.output(), appId);
        history.awaitCompleted(appId, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopTheLogs() {
        if (logs != null) {
            logs.stop();
        }
    }

    private static ElasticsearchClient elasticsearch() {
        return logs.elasticsearch().client(); // asked each time: a restarted container has a new host port
    }

    @Test
    @Order(1)
    void the_injected_exception_is_found_by_application_and_executor_with_its_whole_stack_trace() {
        JsonNode query = ElasticsearchClient.allOf(Map.of("app_id", appId, "level", "ERROR", "logger", EXECUTOR_LOGGER));
        List<JsonNode> errors = Awaitility.await("an executor's ERROR line of " + appId + " in Elasticsearch")
                .atMost(SEARCHABLE_WITHIN).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> elasticsearch().documents(INDEX, query, 100), found -> !found.isEmpty());
        Progress.say("first executor error searchable %.1f s after the job ended",
                Duration.between(jobEnded, Instant.now()).toMillis() / 1000.0);

        JsonNode executors = history.allExecutors(appId);
        List<String> executorIds = new java.util.ArrayList<>();
        executors.forEach(e -> executorIds.add(e.path("id").asText()));
        JsonNode error = errors.get(0);
        assertThat(error.path("message").asText()).as("the executor's error line")
                .contains("Exception in task")
                .contains("java.lang.IllegalStateException: injected task failure")
                .as("its stack trace, in the same document").contains("\n\tat io.sparklab.jobs.EtlJob.injectFailure");
        assertThat(error.path("executor_id").asText()).as("the executor that logged it").isIn(executorIds).isNotEqualTo("driver");
        assertThat(error.path("worker").asText()).as("the worker of that executor").startsWith("spark-worker-");
        assertThat(error.path("log_file").asText()).endsWith("/" + appId + "/" + error.path("executor_id").asText() + "/stderr");
    }

    @Test
    @Order(2)
    void every_failed_task_attempt_is_one_error_line_on_its_executor_and_one_warning_on_the_driver() {
        long failedAttempts = 0;
        for (JsonNode stage : history.stages(appId)) {
            failedAttempts += stage.path("numFailedTasks").asLong();
        }
        assertThat(failedAttempts).as("failed task attempts of %s (REST API)", appId).isPositive();
        long expected = failedAttempts;

        JsonNode executorErrors = ElasticsearchClient.allOf(Map.of("app_id", appId, "level", "ERROR", "logger", EXECUTOR_LOGGER));
        // The driver logs a failed attempt as a WARN "Lost task" line unless the same exception message
        // came within 10 s (then an INFO "[duplicate n]" line, below the lab's level): the injected
        // exception names its partition, so each failed attempt here has a message of its own.
        JsonNode driverWarnings = ElasticsearchClient.allOf(Map.of("app_id", appId, "level", "WARN", "logger", TASK_SET_MANAGER,
                "executor_id", "driver"));
        Awaitility.await("as many executor ERROR lines and driver 'Lost task' warnings as failed attempts (" + expected + ")")
                .atMost(SEARCHABLE_WITHIN).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .untilAsserted(() -> {
                    assertThat(elasticsearch().count(INDEX, executorErrors))
                            .as(() -> "executors' ERROR lines:" + described(executorErrors)).isEqualTo(expected);
                    assertThat(elasticsearch().count(INDEX, driverWarnings))
                            .as(() -> "the driver's TaskSetManager warnings:" + described(driverWarnings)).isEqualTo(expected);
                });
        // The driver's lines carry the application's trace: from a log line to its trace in Zipkin.
        elasticsearch().documents(INDEX, driverWarnings, 100).forEach(warning -> {
            assertThat(warning.path("message").asText()).startsWith("Lost task");
            assertThat(warning.path("trace_id").asText()).as("trace id of a driver line").isEqualTo(traceId);
        });
    }

    /** The documents a query finds, one line each, and the shipper's refused requests: what a failed count needs. */
    private static String described(JsonNode query) {
        StringBuilder text = new StringBuilder();
        elasticsearch().documents(INDEX, query, 20).forEach(doc -> text.append("\n  ").append(doc.path("log_file").asText())
                .append(" read ").append(doc.path("shipped_at").asText()).append(": ")
                .append(doc.path("message").asText().lines().findFirst().orElse(""))
                .append(" (").append(doc.path("message").asText().length()).append(" chars)"));
        return text.append("\n  requests Elasticsearch answered with errors: ").append(logs.shipper().refusedRequests().size()).toString();
    }

    @Test
    @Order(3)
    void lines_written_while_elasticsearch_is_down_all_arrive_when_it_is_back() {
        PrometheusClient prometheus = stack.prometheus().client();
        double failedTriesBefore = failedTries(prometheus);
        Progress.say("shipper before the outage: %s", shipperCounters(prometheus));
        Instant down = Instant.now();
        ContainerFaults.stop(logs.elasticsearch());
        Progress.say("elasticsearch stopped for %d s: a run with failing tasks logs meanwhile", OUTAGE.toSeconds());
        SparkSubmit.Submission run = EtlSubmit.start(stack, List.of("--rows", "100000", "--partitions", "4",
                "--fail-task-share", "0.5", "--pushgateway", "", "--prometheus", ""));
        ContainerFaults.sleepUntil(down.plus(OUTAGE));
        ContainerFaults.start(logs.elasticsearch());
        assertThat(run.await(Duration.ofMinutes(3))).as("exit code of the run during the outage").isZero();
        String outageApp = Trace.appIdPrinted(run.output());
        Awaitility.await("Elasticsearch back").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions().until(() -> !elasticsearch().health().equals("red"));
        Progress.say("elasticsearch answers again %.0f s after it was stopped", Duration.between(down, Instant.now()).toMillis() / 1000.0);

        // Read the files at each try: an executor logs its last lines (SIGTERM) after the driver has gone.
        Map<String, Long> written = SparkLogFiles.eventsByFile(stack, outageApp);
        assertThat(written).as("log files of %s (its driver's and its executors')", outageApp).hasSizeGreaterThanOrEqualTo(2);
        assertThat(written.values().stream().mapToLong(Long::longValue).sum()).as("events written during the outage").isPositive();
        try {
            Awaitility.await("every event of " + outageApp + "'s files in Elasticsearch").atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                    .untilAsserted(() -> {
                        Map<String, Long> now = SparkLogFiles.eventsByFile(stack, outageApp);
                        assertThat(shipped(now.keySet())).as("events per file: shipped vs written").isEqualTo(now);
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            Map<String, Long> now = SparkLogFiles.eventsByFile(stack, outageApp);
            Map<String, Long> shipped = shipped(now.keySet());
            throw new AssertionError("events per file a minute after Elasticsearch was back: shipped " + shipped + ", written " + now
                    + shortOf(shipped, now), e);
        }
        // The shipper saw the outage: its tries to reach Elasticsearch failed (a send, then a check every 2 s), and
        // the lines waited in its queue (counters every 5 s, scraped every 5 s: awaited).
        Awaitility.await("the shipper's failed tries to reach Elasticsearch in Prometheus").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                .untilAsserted(() -> assertThat(failedTries(prometheus)).as("failed tries (%s)", FAILED_TRIES)
                        .isGreaterThan(failedTriesBefore));
        Progress.say("shipper after the outage: %s", shipperCounters(prometheus));
        assertThat(prometheus.query("max_over_time(sum(rsyslog_queue_size{queue=~\"elasticsearch queue.*\"})["
                + PrometheusDuration.since(down) + ":5s])"))
                .as("events waiting in the shipper's queue during the outage").singleElement()
                .satisfies(s -> assertThat(s.value()).isPositive());
    }

    /**
     * The logs dashboard shows the run: each Elasticsearch panel's query, sent as Grafana sends it with
     * the application variable set to the run, finds documents; each Prometheus panel (the shipper's
     * counters) returns data over the part's window.
     */
    @Test
    @Order(4)
    void every_panel_of_the_logs_dashboard_has_data_for_the_run() {
        Dashboard logsBoard = Dashboard.load(stack.project().grafana().resolve("dashboards/spark-logs.json"));
        Instant from = partStarted;
        Instant to = Instant.now();
        SoftAssertions softly = new SoftAssertions();
        for (Dashboard.Panel panel : logsBoard.panels()) {
            for (Dashboard.Target target : panel.targets()) {
                if (target.elasticsearch()) {
                    JsonNode search = LogsPanelQuery.search(target, logsBoard, Map.of("app", appId), from, to);
                    JsonNode answer = elasticsearch().search(INDEX, search);
                    softly.assertThat(LogsPanelQuery.hasData(answer)).as("panel %s (%s): %s", panel.title(), target.refId(), search).isTrue();
                } else {
                    String promql = PanelQuery.expand(target.expr(), logsBoard, Map.of(), Duration.ofSeconds(5), Duration.ofSeconds(5));
                    softly.assertThat(stack.prometheus().client().hasData(promql, from, to, Duration.ofSeconds(5)))
                            .as("panel %s (%s): %s has data", panel.title(), target.refId(), promql).isTrue();
                }
            }
        }
        softly.assertAll();
    }

    /**
     * No logs alert fired during the part: not while the add-on started, not for the 30 s outage
     * (ElasticsearchDown waits 2 minutes; the shipper kept the lines, so LogShippingStopped had no
     * 2 minutes without a send). Yet the rule saw the outage: ElasticsearchDown went pending, so its
     * silence is its `for` at work, not a rule that never matches.
     */
    @Test
    @Order(6)
    void no_logs_alert_fired_at_start_up_or_for_the_short_outage() {
        String window = PrometheusDuration.since(partStarted);
        assertThat(stack.prometheus().client().query(
                "max_over_time(ALERTS{component=\"logs\", alertstate=\"firing\"}[" + window + "])"))
                .as("logs alerts firing during the logs part").isEmpty();
        assertThat(stack.prometheus().client().query(
                "max_over_time(ALERTS{alertname=\"ElasticsearchDown\", alertstate=\"pending\"}[" + window + "])"))
                .as("ElasticsearchDown pending during the 30 s outage (Order 3)").isNotEmpty();
    }

    /** The retention deletes whole days past it (an index of 2020 goes) and keeps the run's. */
    @Test
    @Order(7)
    void the_retention_deletes_whole_days_past_it_and_keeps_todays() {
        String old = "spark-logs-2020-01-01";
        io.sparklab.client.HttpJson.postJson(logs.elasticsearch().url() + "/" + old + "/_doc",
                Map.of("@timestamp", "2020-01-01T12:00:00Z", "level", "WARN", "message", "a line of 2020"));
        assertThat(elasticsearch().indices("spark-logs-*")).contains(old);

        List<String> deleted = logs.applyRetention();

        assertThat(deleted).as("deleted by a retention of %d days", logs.retention().days()).containsExactly(old);
        // The part's events are today's (yesterday's too, for a part that ran over midnight UTC).
        String today = "spark-logs-" + java.time.LocalDate.ofInstant(Instant.now(), java.time.ZoneOffset.UTC);
        String started = "spark-logs-" + java.time.LocalDate.ofInstant(partStarted, java.time.ZoneOffset.UTC);
        assertThat(elasticsearch().indices("spark-logs-*")).as("the run's indices, kept").doesNotContain(old).containsAnyOf(today, started);
    }

    /** Every metric docs/metrics.md lists for the logs part is in Prometheus. */
    @Test
    @Order(5)
    void every_logs_metric_of_the_reference_has_data() {
        List<String> names = MetricsReference.rowsMarked(stack.project().root(), "*logs part*").stream()
                .map(MetricsReference::seriesOf).toList();
        assertThat(names).as("rows of docs/metrics.md marked *logs part*").hasSizeGreaterThanOrEqualTo(5);
        // a counter that exists is not enough: the shipper sent the part's events (it stood still once, unnoticed)
        String window = PrometheusDuration.since(partStarted);
        assertThat(stack.prometheus().client().query("increase(rsyslog_elasticsearch_submitted_total[" + window + "]) > 0"))
                .as("events the shipper sent during the logs part").isNotEmpty();
        SoftAssertions softly = new SoftAssertions();
        for (String name : names) {
            softly.assertThat(stack.prometheus().client().query("count(last_over_time(" + name + "[" + window + "]))"))
                    .as("%s in Prometheus during the logs part (docs/metrics.md)", name).isNotEmpty();
        }
        softly.assertAll();
    }

    /**
     * For each file with fewer events in Elasticsearch than written: the file's events and the documents
     * of it (parsed or not), side by side, and the requests Elasticsearch refused. Whether an event was
     * never read, refused, stored as UNPARSED or merged with an identical one (its id) shows at a glance.
     */
    private static String shortOf(Map<String, Long> shipped, Map<String, Long> written) {
        StringBuilder text = new StringBuilder();
        written.forEach((file, count) -> {
            if (shipped.getOrDefault(file, 0L) < count) {
                text.append("\n  ").append(file).append(" holds:");
                SparkLogFiles.eventLines(stack, file).forEach(line -> text.append("\n    ").append(abbreviated(line)));
                text.append("\n  Elasticsearch holds of it:");
                elasticsearch().documents(INDEX, ElasticsearchClient.allOf(Map.of("log_file", file)), 100)
                        .forEach(doc -> text.append("\n    ").append(doc.path("@timestamp").asText()).append(' ')
                                .append(doc.path("level").asText()).append(' ').append(doc.path("logger").asText()).append(": ")
                                .append(abbreviated(doc.path("message").asText().lines().findFirst().orElse(""))));
            }
        });
        List<String> refused = logs.shipper().refusedRequests();
        text.append("\n  requests Elasticsearch answered with errors: ").append(refused.size());
        if (!refused.isEmpty()) {
            String first = refused.get(0);
            text.append(", the first: ").append(first.length() > 1000 ? first.substring(0, 1000) + "..." : first);
        }
        return text.toString();
    }

    private static String abbreviated(String line) {
        return line.length() > 160 ? line.substring(0, 160) + "..." : line;
    }

    /** Parsed documents (log events) per log file; an executor file's header lines are one unparsed document apart. */
    private static Map<String, Long> shipped(java.util.Set<String> files) {
        Map<String, Long> counts = new TreeMap<>();
        for (String file : files) {
            JsonNode query = ElasticsearchClient.allOf(Map.of("log_file", file));
            long all = elasticsearch().count(INDEX, query);
            long unparsed = elasticsearch().count(INDEX, ElasticsearchClient.allOf(Map.of("log_file", file, "level", "UNPARSED")));
            counts.put(file, all - unparsed);
        }
        return counts;
    }

    /**
     * The shipper's failed tries to reach Elasticsearch: a send that failed (failed.httprequests, then
     * the action is suspended) plus a resume check that failed (failed.checkConn, every 2 s while away).
     * Which of the two moves depends on when the first send meets the outage: count both.
     */
    private static final String FAILED_TRIES = "sum(rsyslog_elasticsearch_failed_httprequests_total)"
            + " + sum(rsyslog_elasticsearch_failed_check_conn_total)";

    private static double failedTries(PrometheusClient prometheus) {
        return Awaitility.await("the shipper's counters in Prometheus").atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                .until(() -> prometheus.query(FAILED_TRIES), found -> found.size() == 1)
                .get(0).value();
    }

    /** The shipper's counters, for the part's progress lines (what the outage did, in numbers). */
    private static String shipperCounters(PrometheusClient prometheus) {
        StringBuilder out = new StringBuilder();
        for (String counter : List.of("submitted", "failed_httprequests", "failed_check_conn", "failed_http")) {
            List<PrometheusClient.Sample> found = prometheus.query("sum(rsyslog_elasticsearch_" + counter + "_total)");
            out.append(counter).append('=').append(found.isEmpty() ? "none" : String.format("%.0f", found.get(0).value())).append(' ');
        }
        return out.toString().trim();
    }

    /**
     * `./lab exercise 19 --live` and `18 --live` on this part's stack: the starter's logs dashboard has
     * no "Lost tasks" panel, the reference solution's counts this run's lost tasks as Elasticsearch
     * does; the starter runs no SparkErrorLogRate.
     */
    @NeedsSolutions
    @Test
    @Order(8)
    void the_logs_exercises_live_checks_count_the_lost_tasks_with_the_solution_and_say_not_yet_without(@TempDir Path copies) {
        LiveChecks live = LiveChecks.on(stack, logs.elasticsearch());

        live.notYetOnTheStarter("19", "no panel titled \"Lost tasks\" in grafana/dashboards/spark-logs.json");

        LiveChecks.Checked solved = live.check(StudentCopy.solved(stack.project(), "19", copies), "19");
        assertThat(solved.exitCode()).as("exit code with the solution; the check printed:%n%s", solved.output()).isZero();
        assertThat(solved.output()).as("this run's lost tasks, counted by the solution's panel")
                .containsPattern("ok +application " + appId + ": the panel counts [1-9]\\d* lost task\\(s\\), as many as");

        // A typo in the panel's Lucene query is said as Elasticsearch's refusal of that query, not a stack trace.
        io.sparklab.stack.LabProject typo = StudentCopy.solved(stack.project(), "19", copies);
        Path panels = typo.grafana().resolve("dashboards/spark-logs.json");
        try {
            java.nio.file.Files.writeString(panels, java.nio.file.Files.readString(panels).replace("AND level:WARN", "AND level:(WARN"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        LiveChecks.Checked refused = live.check(typo, "19");
        assertThat(refused.exitCode()).as("exit code with a typo; the check printed:%n%s", refused.output()).isEqualTo(1);
        assertThat(refused.output()).contains("not yet Elasticsearch refused the query ").contains("level:(WARN").doesNotContain("\tat ");

        live.notYetOnTheStarter("18", "Prometheus has no alert SparkErrorLogRate after the reload");
    }

    /**
     * Exercise 18 solved, where its alert has data: the shipper's counts of this part's runs. Solved on
     * the lab's Prometheus, a student's alert would change what the other parts observe, so a
     * Prometheus of its own scrapes this lab ({@link ExerciseSandbox#scraping}, alerting nobody): the alert is
     * loaded and evaluating over the counts by level, the failed tasks' errors among them.
     */
    @NeedsSolutions
    @Test
    @Order(9)
    void exercise_18_solved_evaluates_over_the_shippers_counts_on_a_prometheus_of_its_own(@TempDir Path copies) {
        try (ExerciseSandbox sandbox = ExerciseSandbox.scraping(stack, copies)) {
            StudentCopy.solve(sandbox.student(), "18");
            sandbox.start();
            Awaitility.await("the shipper's error count scraped by the sandbox").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                    .until(() -> !sandbox.prometheus().query("spark_log_events_total{job=\"log-shipper\",level=\"ERROR\"} > 0").isEmpty());

            LiveChecks.Checked solved = sandbox.live().check(sandbox.student(), "18");
            assertThat(solved.exitCode()).as("exit code with the solution; the check printed:%n%s", solved.output()).isZero();
            assertThat(solved.output()).doesNotContain("not yet")
                    .containsPattern("ok +alert SparkErrorLogRate is loaded \\(group \\S+\\) and evaluates: health ok")
                    .containsPattern("ok +the log shipper's counts by level: .*level=ERROR");
        }
    }
}
