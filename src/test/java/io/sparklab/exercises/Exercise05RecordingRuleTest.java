package io.sparklab.exercises;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparklab.dashboards.Dashboard;
import org.junit.jupiter.api.Test;

/** Exercise 05: a recording rule for the per-executor task rate, and a panel that uses it. */
@Exercise
class Exercise05RecordingRuleTest {
    static final String RECORD = "executor:spark_tasks_completed:rate1m";

    @Test
    void the_recording_rule_computes_each_executors_task_rate() {
        ExerciseTools.assertCheckPasses("05-recording-rule");
    }

    @Test
    void a_panel_of_spark_jobs_uses_it() {
        Dashboard jobs = Dashboard.load(ExerciseTools.PROJECT.grafana().resolve("dashboards/spark-jobs.json"));
        assertThat(jobs.panels().stream().flatMap(p -> p.targets().stream()).map(Dashboard.Target::expr))
                .as("queries of grafana/dashboards/spark-jobs.json").anyMatch(expr -> expr.contains(RECORD));
    }
}
