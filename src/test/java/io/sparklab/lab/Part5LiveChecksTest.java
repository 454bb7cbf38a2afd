package io.sparklab.lab;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparklab.stack.LabStack;
import io.sparklab.support.ExerciseSandbox;
import io.sparklab.support.LabPart;
import io.sparklab.support.LiveChecks;
import io.sparklab.support.NeedsSolutions;
import io.sparklab.support.SharedEtlRun;
import io.sparklab.support.SharedLabStack;
import io.sparklab.support.StudentCopy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Part 5 of the lab sheet is the exercises; `./lab exercise NN --live` shows a student's work doing
 * what it should on a running lab. Here those checks run against the shared stack after the ETL run:
 * on the starter each says "not yet" and names what is missing; with the exercise's reference solution
 * in the files it reads, "ok". The offline tests give the points; this proves the live checks tell a
 * done exercise from an undone one, through the same APIs a student's lab answers on.
 */
@LabPart
@NeedsSolutions
@Order(50)
@DisplayName("Part 5 - Check the exercises on the running lab")
class Part5LiveChecksTest {
    private static LabStack stack;
    private static LiveChecks live;
    private static ExerciseSandbox sandbox;
    @TempDir
    static Path sandboxFiles;

    @BeforeAll
    static void runTheEtlJob() {
        stack = SharedLabStack.get();
        live = LiveChecks.on(stack);
        // The checks look for the job's metrics of the last 15 minutes, its pushed outcome included,
        // which Prometheus has once it scrapes the Pushgateway after the push (every 5 s).
        SharedEtlRun.get();
        Awaitility.await("the ETL run's outcome, pushed to the Pushgateway, in Prometheus").atMost(Duration.ofSeconds(30))
                .until(() -> !stack.prometheus().client().query("etl_job_rows_read{job=\"etl_job\"}").isEmpty());
    }

    @ParameterizedTest(name = "exercise {0}: on the starter \"{1}\"; ok with its solution")
    @CsvSource(delimiter = '|', value = {
            "01 | no panel titled \"Rows rejected share\" in grafana/dashboards/spark-jobs.json",
            "04 | series should carry app and executor_id only",
            "14 | no panel titled \"Stage duration p95\" in grafana/dashboards/spark-jobs.json"})
    void a_panel_or_query_is_not_there_on_the_starter_and_returns_data_with_the_solution(String id, String missing, @TempDir Path copies) {
        live.notYetOnTheStarter(id, missing);

        LiveChecks.Checked solved = live.check(StudentCopy.solved(stack.project(), id, copies), id);
        assertThat(solved.exitCode()).as("exit code with the solution; the check printed:%n%s", solved.output()).isZero();
        assertThat(solved.output()).doesNotContain("not yet").containsPattern("ok +(its query .+ )?(it )?returns \\d+ series");
    }

    /** A typo in the student's query is said as Prometheus' refusal of that query, not a stack trace. */
    @Test
    void a_query_prometheus_cannot_parse_is_named_with_prometheus_own_words(@TempDir Path copies) throws IOException {
        io.sparklab.stack.LabProject copy = StudentCopy.of(stack.project(), copies);
        String typo = "sum by (app (rate(jvm_gc_collection_time_seconds_total[1m]))";
        Files.writeString(copy.root().resolve("exercises/04-gc-share-promql/answer.promql"), typo + "\n");

        LiveChecks.Checked checked = live.check(copy, "04");
        assertThat(checked.exitCode()).as("exit code; the check printed:%n%s", checked.output()).isEqualTo(1);
        assertThat(checked.output()).contains("not yet Prometheus refused the query " + typo + ": ").contains("parse error")
                .doesNotContain("\tat ").doesNotContain("last_over_time");
    }

    /** 10: the starter's jobs dashboard has no $app; the solution's filters every spark_* panel by it. */
    @Test
    void the_app_variable_is_not_there_on_the_starter_and_filters_every_panel_with_the_solution(@TempDir Path copies) {
        live.notYetOnTheStarter("10", "no variable app in grafana/dashboards/spark-jobs.json");

        LiveChecks.Checked solved = live.check(StudentCopy.solved(stack.project(), "10", copies), "10");
        assertThat(solved.exitCode()).as("exit code with the solution; the check printed:%n%s", solved.output()).isZero();
        assertThat(solved.output()).containsPattern("\\$app = \\S+ \\(the application seen last\\)").doesNotContain("not yet");
    }

    /** What the starter lacks, as Prometheus, Alertmanager and the history server of the lab tell it. */
    @ParameterizedTest(name = "exercise {0}: \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            "02 | Prometheus has no alert SparkStageFailureRate after the reload",
            "03 | the running Alertmanager has no receiver lab-data-team (config/alertmanager.yml)",
            "05 | Prometheus has no record executor:spark_tasks_completed:rate1m after the reload",
            "07 | etl_job_rows_rejected_by_reason is not in Prometheus",
            "08 | no application in the history server was run with --repartition N",
            "09 | Prometheus has no alert HostDiskFillingUp after the reload",
            "12 | jvm_threads_live of the driver is not in Prometheus"})
    void an_exercise_not_done_is_not_yet_on_the_running_lab(String id, String missing) {
        live.notYetOnTheStarter(id, missing);
    }

    @Test
    void a_for_is_checked_against_the_rule_prometheus_runs(@TempDir Path copies) {
        // 06 asks for a different `for`; its check compares the running rule with the file, equal on the starter.
        LiveChecks.Checked loaded = live.check(stack.project(), "06");
        assertThat(loaded.exitCode()).as(loaded.output()).isZero();
        assertThat(loaded.output()).contains("ok      alert LabTargetDown is loaded (group ").containsPattern(
                "ok +Prometheus waits (\\d+) s before firing it \\(config/alert-rules.yml: for: \\w+\\)");

        // 06's solution in a copy only: Prometheus still runs the starter's `for`, and the check says so.
        LiveChecks.Checked notLoaded = live.check(StudentCopy.solved(stack.project(), "06", copies), "06");
        assertThat(notLoaded.exitCode()).as(notLoaded.output()).isEqualTo(1);
        assertThat(notLoaded.output()).containsPattern("not yet Prometheus waits \\d+ s, config/alert-rules.yml says for: \\w+");
    }

    /**
     * 13 posts test alerts (a full disk, its filling-up alert, another device's, the same device name's
     * on another host) and asks Alertmanager
     * which it inhibits. The test does what a student does: runs the check, edits
     * config/alertmanager.yml, runs it again (the check reloads Alertmanager), in the sandbox.
     */
    @Test
    void an_inhibit_rule_is_seen_once_the_edited_file_is_reloaded() {
        LiveChecks.Checked starter = sandbox().live().check(sandbox.student(), "13");
        assertThat(starter.exitCode()).as("exit code on the starter; the check printed:%n%s", starter.output()).isEqualTo(1);
        assertThat(starter.output()).containsPattern("not yet +HostDiskFillingUp of the full disk is not inhibited");

        LiveChecks.Checked solved = solvedInTheSandbox("13");
        assertThat(solved.exitCode()).as("exit code with the solution; the check printed:%n%s", solved.output()).isZero();
        assertThat(solved.output()).contains("Alertmanager reloaded config/").containsPattern("ok +HostDiskFillingUp of the full disk is inhibited")
                .containsPattern("ok +HostDiskFillingUp of the other device is not")
                .containsPattern("ok +HostDiskFillingUp of the same device name on another host is not");
    }

    /** The rule and route exercises, solved: the check reloads Prometheus and Alertmanager and sees the work there. */
    @ParameterizedTest(name = "exercise {0} solved: \"ok {1}\"")
    @CsvSource(delimiter = '|', value = {
            "02 | alert SparkStageFailureRate is loaded (group ",
            "03 | it reached the webhook receiver at /data-team",
            "06 | Prometheus waits 20 s before firing it (config/alert-rules.yml: for: 20s)",
            "09 | alert HostDiskFillingUp is loaded (group ",
            "15 | alert StreamOffsetCommitsFailing is loaded (group "})
    void a_rule_or_route_of_the_solution_is_seen_once_the_check_reloads(String id, String seen) {
        LiveChecks.Checked solved = solvedInTheSandbox(id);
        assertThat(solved.exitCode()).as("exit code with the solution; the check printed:%n%s", solved.output()).isZero();
        assertThat(solved.output().lines().map(String::strip)).as("the check's lines").anySatisfy(line -> assertThat(line).startsWith("ok").contains(seen))
                .noneSatisfy(line -> assertThat(line).startsWith("not yet"));
    }

    /**
     * 05 and 18 also want data only a running job (05: executors running tasks) or the logs add-on (18:
     * its shipper's counts) gives, which the sandbox has not: the solution's rule is seen loaded (and 05's
     * panel using it), and the one thing not yet there is that data, named.
     */
    @ParameterizedTest(name = "exercise {0} solved: \"ok {1}\", and only \"not yet {2}\"")
    @CsvSource(delimiter = '|', value = {
            "05 | record executor:spark_tasks_completed:rate1m is loaded (group  | executor:spark_tasks_completed:rate1m has no data",
            "18 | alert SparkErrorLogRate is loaded (group  | the log shipper is not a target of Prometheus"})
    void a_rule_of_the_solution_is_seen_and_only_the_data_the_sandbox_lacks_is_missing(String id, String seen, String lacking) {
        LiveChecks.Checked solved = solvedInTheSandbox(id);
        assertThat(solved.exitCode()).as("exit code with the solution over no data; the check printed:%n%s", solved.output()).isEqualTo(1);
        assertThat(solved.output().lines().map(String::strip)).as("the check's lines")
                .anySatisfy(line -> assertThat(line).startsWith("ok").contains(seen))
                .filteredOn(line -> line.startsWith("not yet")).singleElement(as(InstanceOfAssertFactories.STRING)).contains(lacking);
        if (id.equals("05")) {
            assertThat(solved.output()).containsPattern("ok +a panel of spark-jobs.json queries it");
        }
    }

    /**
     * A typo in a student's rule: Prometheus refuses the reload and answers only that something is
     * wrong. The check must say where (promtool's file, line, group and rule), and nothing is lost:
     * Prometheus keeps running the last good rules.
     */
    @Test
    void a_broken_rule_is_named_by_file_and_line_and_prometheus_keeps_the_last_good_rules() throws IOException {
        sandbox().live().check(sandbox.student(), "02"); // a reload of the good files first: the last good rules are the starter's
        Path rules = sandbox.student().config("alert-rules.yml");
        String good = Files.readString(rules);
        String rule = "expr: up{job=\"spark-master\"} == 0";
        assertThat(good).as("config/alert-rules.yml: SparkMasterDown's query").contains(rule);
        long line = good.substring(0, good.indexOf(rule)).chars().filter(c -> c == '\n').count() + 1;
        Files.writeString(rules, good.replace(rule, rule.replace("==", "===")));
        try {
            LiveChecks.Checked broken = sandbox.live().check(sandbox.student(), "02");
            assertThat(broken.exitCode()).as("exit code with a broken rule; the check printed:%n%s", broken.output()).isEqualTo(1);
            assertThat(broken.output()).contains("not yet Prometheus refused config/ as it is now (it keeps the last good one)")
                    .contains("promtool check rules config/alert-rules.yml: FAILED")
                    .containsPattern("config/alert-rules.yml: " + line + ":\\d+: group \"spark-cluster\", rule 1, \"SparkMasterDown\": "
                            + "could not parse expression");
            assertThat(sandbox.prometheus().rules()).as("the rules Prometheus runs after the refused reload")
                    .anySatisfy(group -> assertThat(group.path("rules")).anySatisfy(r -> {
                        assertThat(r.path("name").asText()).isEqualTo("SparkMasterDown");
                        assertThat(r.path("query").asText()).isEqualTo("up{job=\"spark-master\"} == 0");
                    }));
        } finally {
            Files.writeString(rules, good);
        }
    }

    /**
     * The exercises on rules and routes get a Prometheus, Alertmanager and webhook receiver of their own
     * ({@link ExerciseSandbox#alerting}): solved on the lab's, the later parts would see a new alert, route or
     * inhibition, and the test alerts 03 and 13 send would reach the webhook whose "nothing else was
     * sent" they assert. Started once for the part, at the first test that needs it.
     */
    private static ExerciseSandbox sandbox() {
        if (sandbox == null) {
            ExerciseSandbox started = ExerciseSandbox.alerting(stack, sandboxFiles);
            started.start();
            sandbox = started;
        }
        return sandbox;
    }

    /** Exercise {@code id}'s check with its solution in the sandbox's files, which then go back to the starter. */
    private static LiveChecks.Checked solvedInTheSandbox(String id) {
        StudentCopy.solve(sandbox().student(), id);
        try {
            return sandbox.live().check(sandbox.student(), id);
        } finally {
            StudentCopy.unsolve(sandbox.student(), id);
        }
    }

    @AfterAll
    static void removeTheSandbox() {
        if (sandbox != null) {
            sandbox.stop();
        }
    }
}
