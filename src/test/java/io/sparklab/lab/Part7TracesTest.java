package io.sparklab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparklab.client.SparkRestClient;
import io.sparklab.client.ZipkinClient;
import io.sparklab.dashboards.Dashboard;
import io.sparklab.dashboards.PanelQuery;
import io.sparklab.stack.EtlSubmit;
import io.sparklab.stack.LabProject;
import io.sparklab.stack.LabStack;
import io.sparklab.stack.SparkSubmit;
import io.sparklab.support.LabPart;
import io.sparklab.support.LiveChecks;
import io.sparklab.support.NeedsSolutions;
import io.sparklab.support.SharedEtlRun;
import io.sparklab.support.SharedLabStack;
import io.sparklab.support.SolvedJobJar;
import io.sparklab.support.StudentCopy;
import io.sparklab.support.Trace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Part 7 of the lab sheet: traces. The driver's tracing listener sent the shared ETL run to Zipkin
 * (the traces add-on runs with the shared stack): one trace per application, a span per job, a span
 * per stage under its job. Read it back through Zipkin's API, as Grafana's Zipkin data source does,
 * and hold it against Spark's own REST API: the same jobs, the same stages, the same times. Then make a
 * job fail and find the failed stage, and why, in its trace.
 */
@LabPart
@Order(70)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Part 7 - Trace the ETL job's jobs and stages")
class Part7TracesTest {
    /** Spark's event times are milliseconds; Zipkin keeps microseconds of the same numbers. */
    private static final long TIME_TOLERANCE_MS = 1;

    private static LabStack stack;
    private static ZipkinClient zipkin;
    private static SparkRestClient history;
    private static SharedEtlRun.Run run;
    private static Trace trace;

    @BeforeAll
    static void runTheEtlJobTraced() {
        stack = SharedLabStack.get();
        zipkin = SharedLabStack.traces().zipkin().client();
        history = new SparkRestClient(stack.history().url());
        run = SharedEtlRun.get();

        String traceId = Trace.idPrinted(run.submission().output(), run.appId());
        history.awaitCompleted(run.appId(), Duration.ofSeconds(60));
        trace = Trace.await(zipkin, traceId, Duration.ofSeconds(30));
    }

    @Test
    void the_application_is_one_trace_found_by_its_application_id() {
        JsonNode found = zipkin.traces("etl_job",
                Map.of("spark.app.id", run.appId()), Duration.ofHours(2).toMillis(), 10);

        assertThat(found).as("traces of service etl_job tagged spark.app.id=%s", run.appId()).hasSize(1);
        assertThat(found.get(0).get(0).path("traceId").asText()).isEqualTo(trace.id());
        assertThat(trace.root().path("tags").path("spark.app.id").asText()).isEqualTo(run.appId());
        assertThat(trace.spans()).as("spans without a parent: the application's, alone").filteredOn(span -> !span.has("parentId"))
                .singleElement().satisfies(span -> assertThat(span.path("id").asText()).isEqualTo(trace.root().path("id").asText()));
        assertThat(trace.spans()).as("every span but the root has its parent in the trace").filteredOn(span -> span.has("parentId"))
                .hasSize(trace.spans().size() - 1)
                .allSatisfy(span -> assertThat(trace.byId(span.path("parentId").asText()))
                        .as("parent of %s", span.path("name").asText()).isNotNull());
    }

    @Test
    void a_span_per_job_and_per_submitted_stage_each_stage_under_the_job_that_ran_it() {
        JsonNode jobs = history.jobs(run.appId());
        JsonNode stages = history.stages(run.appId());
        Set<Long> restJobs = new TreeSet<>();
        jobs.forEach(job -> restJobs.add(job.path("jobId").asLong()));
        // Stages Spark ran (complete or failed); a stage an earlier job computed is SKIPPED in a later
        // job and has no span, as it has no time of its own in Spark's UI.
        Set<Long> restStages = new TreeSet<>();
        stages.forEach(stage -> {
            if (!stage.path("status").asText().equals("SKIPPED")) {
                restStages.add(stage.path("stageId").asLong());
            }
        });

        assertThat(trace.jobSpans().keySet()).as("job spans vs the REST API's jobs").isEqualTo(restJobs);
        assertThat(trace.stageSpans().keySet()).as("stage spans vs the REST API's stages that ran").isEqualTo(restStages);
        trace.jobSpans().values().forEach(job -> assertThat(job.path("parentId").asText())
                .as("job span %s under the application", job.path("name").asText()).isEqualTo(trace.root().path("id").asText()));

        Map<Long, Long> firstJobOfStage = new TreeMap<>();
        jobs.forEach(job -> job.path("stageIds").forEach(id -> firstJobOfStage.merge(id.asLong(), job.path("jobId").asLong(), Math::min)));
        trace.stageSpans().forEach((stageId, stage) -> {
            JsonNode parent = trace.byId(stage.path("parentId").asText());
            assertThat(parent != null && parent.path("tags").has("spark.job.id"))
                    .as("stage %d's parent is a job span (not the application's)", stageId).isTrue();
            assertThat(parent.path("tags").path("spark.job.id").asLong())
                    .as("stage %d sits under the job that submitted it", stageId).isEqualTo(firstJobOfStage.get(stageId));
        });
    }

    @Test
    void span_times_are_sparks_own_event_times() {
        for (JsonNode job : history.jobs(run.appId())) {
            JsonNode span = trace.jobSpans().get(job.path("jobId").asLong());
            Trace.assertSameTimes(span, job, "job " + job.path("jobId").asLong(), TIME_TOLERANCE_MS);
        }
        for (JsonNode stage : history.stages(run.appId())) {
            JsonNode span = trace.stageSpans().get(stage.path("stageId").asLong());
            if (span != null) {
                Trace.assertSameTimes(span, stage, "stage " + stage.path("stageId").asLong(), TIME_TOLERANCE_MS);
                assertThat(span.path("tags").path("spark.stage.tasks").asLong()).as("stage %s tasks", stage.path("stageId"))
                        .isEqualTo(stage.path("numTasks").asLong());
                assertThat(span.path("tags").path("spark.stage.shuffle_write_bytes").asLong())
                        .as("stage %s shuffle bytes written", stage.path("stageId")).isEqualTo(stage.path("shuffleWriteBytes").asLong());
            }
        }
    }

    @Test
    void a_failed_job_is_an_error_trace_with_the_failed_stage_and_its_reason() {
        // Every attempt of every task fails: the stage fails after spark.task.maxFailures (4) attempts,
        // and the job with it. Small, and neither pushed nor waited on by Prometheus.
        double spansBefore = zipkin.spansReceived();
        SparkSubmit.Submission failing = EtlSubmit.start(stack, List.of("--rows", "20000", "--partitions", "2",
                "--fail-job", "--pushgateway", "", "--prometheus", ""));
        assertThat(failing.await(Duration.ofMinutes(3))).as("exit code of the failing run").isEqualTo(1);
        String appId = Trace.appIdPrinted(failing.output());
        Trace failed = Trace.await(zipkin, Trace.idPrinted(failing.output(), appId), Duration.ofSeconds(30));
        // Nothing else sends spans meanwhile: Zipkin's intake grew by this trace, each span sent once.
        Awaitility.await("Zipkin's intake of the failing run").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(zipkin.spansReceived() - spansBefore).as("spans Zipkin took in during the failing run")
                        .isEqualTo(failed.spans().size()));

        // The small broadcast job before it succeeds; the first write's job fails and ends the run.
        List<JsonNode> failedJobs = failed.jobSpans().values().stream()
                .filter(j -> j.path("tags").path("spark.job.result").asText().equals("failed")).toList();
        assertThat(failedJobs).as("failed job spans of %s", appId).singleElement().satisfies(job -> {
            assertThat(job.path("tags").path("error").asText()).as("the job span is an error").contains("injected job failure");
            assertThat(job.path("tags").path("spark.job.id").asLong()).as("the last job of the run")
                    .isEqualTo(failed.jobSpans().keySet().stream().mapToLong(Long::longValue).max().orElseThrow());
        });
        // One task failed its 4 attempts (spark.task.maxFailures); the other task's failed attempts count
        // too: the REST API's numFailedTasks is the reference.
        history.awaitCompleted(appId, Duration.ofSeconds(60));
        Map<Long, Long> restFailedTasks = new TreeMap<>();
        history.stages(appId).forEach(stage -> {
            if (stage.path("status").asText().equals("FAILED")) {
                restFailedTasks.put(stage.path("stageId").asLong(), stage.path("numFailedTasks").asLong());
            }
        });
        assertThat(restFailedTasks).as("failed stages of %s (REST API)", appId).hasSize(1);
        long failedStageId = restFailedTasks.keySet().iterator().next();
        JsonNode stage = failed.stageSpans().get(failedStageId);
        assertThat(stage != null).as("a span of the failed stage %d", failedStageId).isTrue();
        assertThat(stage.path("tags").path("error").asText()).as("error tag").contains("failed 4 times");
        assertThat(stage.path("tags").path("spark.failure_reason").asText()).as("the whole reason, with the executor's stack trace")
                .contains("injected job failure (--fail-job)").contains("at io.sparklab.jobs.EtlJob.injectFailure");
        // The span closes with the stage: an attempt still running when Spark aborted the stage, failing
        // after that, is in the REST API's count and not in the span's (measured: 7 of 8 once).
        assertThat(stage.path("tags").path("spark.stage.failed_task_attempts").asLong())
                .as("failed task attempts up to the stage's end: at least spark.task.maxFailures, at most the REST API's count")
                .isBetween(4L, restFailedTasks.get(failedStageId));
        failed.stageSpans().forEach((id, other) -> {
            if (id != failedStageId) {
                assertThat(other.path("tags").has("error")).as("stage %d succeeded: no error", id).isFalse();
            }
        });
        JsonNode errors = zipkin.traces("etl_job", Map.of("spark.app.id", appId, "error", ""), Duration.ofHours(1).toMillis(), 10);
        assertThat(errors).as("Zipkin finds it among the traces with errors").hasSize(1);
    }

    /**
     * The jobs dashboard's way from a run to its trace, the queries Grafana would send: the table of runs
     * gives the run's trace id beside its application id, and the job durations carry the same id, which
     * their data link opens in the Zipkin data source: the trace read back above.
     */
    @Test
    void the_jobs_dashboard_leads_from_the_run_to_its_trace() {
        Dashboard jobs = Dashboard.load(stack.project().grafana().resolve("dashboards/spark-jobs.json"));
        Duration step = Duration.ofSeconds(5);
        Awaitility.await("the run's trace id in the jobs dashboard").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String title : List.of("Runs and their traces", "Job durations")) {
                Dashboard.Panel panel = jobs.panels().stream().filter(p -> p.title().equals(title)).findFirst()
                        .orElseThrow(() -> new AssertionError("no panel \"" + title + "\" in spark-jobs.json"));
                String promql = PanelQuery.expand(panel.targets().get(0).expr(), jobs, Map.of(), step, step);
                Set<String> traceIds = new TreeSet<>();
                stack.prometheus().client().queryRange(promql, run.start(), run.end().plusSeconds(10), step).stream()
                        .filter(s -> !s.labels().containsKey("app_id") || s.labels().get("app_id").equals(run.appId()))
                        .forEach(s -> traceIds.add(s.labels().getOrDefault("trace_id", "")));
                assertThat(traceIds).as("trace ids in panel \"%s\" (%s) over the run", title, promql).contains(trace.id());
            }
        });
    }

    @Test
    void prometheus_scrapes_zipkins_span_intake() {
        Awaitility.await("Zipkin's span count in Prometheus").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(stack.prometheus().client().query("up{job=\"zipkin\"}")).singleElement()
                    .satisfies(s -> assertThat(s.value()).isEqualTo(1.0));
            double spans = stack.prometheus().client().query("sum(zipkin_collector_spans_total{job=\"zipkin\"})").get(0).value();
            assertThat(spans).as("spans Zipkin took in, at least the shared run's").isGreaterThanOrEqualTo(trace.spans().size());
            // No run sends spans now: the scraped count is Zipkin's own.
            assertThat(spans).as("the scraped count against Zipkin's /prometheus").isEqualTo(zipkin.spansReceived());
            assertThat(stack.prometheus().client().query("sum(zipkin_collector_spans_dropped_total{job=\"zipkin\"})").get(0).value())
                    .as("spans dropped").isZero();
        });
    }

    /**
     * `./lab exercise 16 --live` and `17 --live` read this part's Zipkin: on the starter the stage spans
     * lack the executors' run time, and slowStages is not written. (Solved: the last test of this part.)
     */
    @NeedsSolutions
    @Test
    void the_trace_exercises_live_checks_say_what_the_starter_lacks() {
        LiveChecks live = LiveChecks.on(stack, SharedLabStack.traces().zipkin());
        assertThat(live.notYetOnTheStarter("16", "stage spans of the newest trace have spark.stage.executor_run_time_ms").output())
                .containsPattern("not yet 0 of [1-9]\\d* stage spans")
                .contains("start ./lab up --with traces again"); // the add-on's own start, which also rebuilds the job
        live.notYetOnTheStarter("17", "slowStages is not written yet: exercise 17");
    }

    /**
     * The exercises that change the job's code or its driver's agent are seen "ok" on a run of their
     * solutions: 07 (a pushed metric by reason), 08 (an option that repartitions), 12 (a driver metric
     * from the JMX agent's config) and 16 (a tag on the stage spans). The job's sources with the
     * reference solutions are compiled into a jar, copied beside the image's with the solved agent
     * config, and submitted; the checks then read the live Prometheus, history server and Zipkin. 17
     * (the lab's Zipkin client) is checked solved over the same traces. Last of this part, and after
     * Part 5, which check these on the starter: the solved run is the newest.
     */
    @NeedsSolutions
    @Test
    @Order(Integer.MAX_VALUE)
    void the_job_exercises_solved_say_ok_on_a_run_of_the_solved_job(@TempDir Path copies) {
        SortedMap<String, String> okLines = new TreeMap<>(Map.of(
                "07", "ok +every series has a reason label",
                "08", "ok +a stage of 24 tasks: the repartition",
                "12", "ok +jvm_threads_live of the driver: [1-9]\\d* series",
                "16", "ok +all [1-9]\\d* stage spans of the newest trace have spark.stage.executor_run_time_ms"));
        LabProject solved = StudentCopy.withSources(stack.project(), copies);
        okLines.keySet().forEach(id -> StudentCopy.solve(solved, id));
        StudentCopy.solve(solved, "17");
        SolvedJobJar.Installed job = SolvedJobJar.install(stack, solved);

        SparkSubmit.Submission run = EtlSubmit.start(stack, job.jar(), job.submitOptions(),
                List.of("--rows", "200000", "--partitions", "4", "--repartition", "24"));
        assertThat(run.await(Duration.ofMinutes(3))).as("exit code of the solved job's run; it printed:%n%s", run.output()).isZero();
        String appId = Trace.appIdPrinted(run.output());
        history.awaitCompleted(appId, Duration.ofSeconds(60));
        Trace.await(zipkin, Trace.idPrinted(run.output(), appId), Duration.ofSeconds(30));
        Awaitility.await("the solved run's pushed rejects by reason in Prometheus").atMost(Duration.ofSeconds(30))
                .until(() -> !stack.prometheus().client().query("etl_job_rows_rejected_by_reason").isEmpty());

        LiveChecks live = LiveChecks.on(stack, SharedLabStack.traces().zipkin());
        for (String id : okLines.keySet()) {
            LiveChecks.Checked checked = live.check(solved, id);
            assertThat(checked.exitCode()).as("exit code of exercise %s's live check, solved; it printed:%n%s", id, checked.output()).isZero();
            assertThat(checked.output()).as("exercise %s's live check, solved", id).doesNotContain("not yet").containsPattern(okLines.get(id));
            if (id.equals("08")) {
                assertThat(checked.output()).as("08 reads the solved run, the newest with the option").contains(appId);
            }
        }
        // 17 changes the lab's own client, which this JVM has loaded as the starter's: its check runs in
        // a JVM whose classpath starts with the solved client.
        LiveChecks.Checked slowStages = live.checkInAJvmOfItsOwn(solved, "17", SolvedJobJar.classes(solved, "io/sparklab/client"));
        assertThat(slowStages.exitCode()).as("exit code of exercise 17's live check, solved; it printed:%n%s", slowStages.output()).isZero();
        assertThat(slowStages.output()).doesNotContain("not yet").containsPattern("ok +slowStages\\(.*\\) returns [1-9]\\d* stage span")
                .containsPattern("ok +slowest first").containsPattern("ok +the first is the slowest stage of the last hour");
    }
}
