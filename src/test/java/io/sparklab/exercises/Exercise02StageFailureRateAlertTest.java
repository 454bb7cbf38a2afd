package io.sparklab.exercises;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Exercise 02: an alert on the share of failed stages, with its own promtool unit tests. */
@Exercise
class Exercise02StageFailureRateAlertTest {
    private static final String ALERT = "SparkStageFailureRate";

    @Test
    void the_rule_exists_with_severity_and_annotations() throws IOException {
        JsonNode rule = ExerciseTools.alertRule(ALERT);
        assertThat(rule).as("alert %s in config/alert-rules.yml", ALERT).isNotNull();
        assertThat(rule.at("/labels/severity").asText())
                .as("its severity label: warning (a ticket) or critical (a page), the lab's two (config/alertmanager.yml)")
                .isIn("warning", "critical");
        assertThat(rule.path("annotations").path("summary").asText()).as("its summary annotation").isNotBlank();
        assertThat(rule.path("annotations").path("description").asText()).as("its description annotation").isNotBlank();
        assertThat(rule.path("annotations").path("runbook").asText()).as("its runbook annotation").isNotBlank();
    }

    @Test
    void your_unit_tests_cover_it_firing_and_not_firing_and_pass() throws IOException {
        ExerciseTools.assertUnitTestsCover(ALERT);
    }

    @Test
    void it_fires_above_10_percent_failed_stages_and_not_below() {
        ExerciseTools.assertPromtoolPasses(
                ExerciseTools.PROJECT.root().resolve("exercises/02-stage-failure-rate-alert/check.test.yml"),
                "the exercise's own check (exercises/02-stage-failure-rate-alert/check.test.yml)");
    }
}
