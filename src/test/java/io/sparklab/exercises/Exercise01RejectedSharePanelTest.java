package io.sparklab.exercises;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparklab.dashboards.Dashboard;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exercise 01: a stat panel for the share of rejected rows on the Spark jobs dashboard. */
@Exercise
class Exercise01RejectedSharePanelTest {
    @Test
    void spark_jobs_has_a_panel_for_the_share_of_rejected_rows() {
        Dashboard jobs = Dashboard.load(ExerciseTools.PROJECT.grafana().resolve("dashboards/spark-jobs.json"));
        JsonNode panel = null;
        for (JsonNode p : jobs.json().path("panels")) {
            for (JsonNode t : p.path("targets")) {
                if (t.path("expr").asText().replace(" ", "").contains("etl_job_rows_rejected/etl_job_rows_read")) {
                    panel = p;
                }
            }
        }
        assertThat(panel).as("a panel of grafana/dashboards/spark-jobs.json whose query is "
                + "etl_job_rows_rejected / etl_job_rows_read").isNotNull();
        // The title is how `./lab exercise 01 --live` and a reader of the dashboard find it.
        assertThat(panel.path("title").asText()).as("its title").isEqualTo("Rows rejected share");
        assertThat(panel.path("type").asText()).as("its type (a single number: stat)").isEqualTo("stat");
        assertThat(panel.at("/fieldConfig/defaults/unit").asText()).as("its unit (a share: percentunit)").isEqualTo("percentunit");
        List<Double> steps = new ArrayList<>();
        panel.at("/fieldConfig/defaults/thresholds/steps").forEach(s -> steps.add(s.path("value").asDouble(Double.NaN)));
        assertThat(steps).as("its threshold steps: one at 5 %% (0.05)").contains(0.05);
        assertThat(panel.path("description").asText()).as("its description").hasSizeGreaterThan(30);
        assertThat(panel.path("id").asInt()).as("its id (a positive number)").isPositive();
        ExerciseTools.assertHasItsOwnPlace(jobs, panel);
    }
}
