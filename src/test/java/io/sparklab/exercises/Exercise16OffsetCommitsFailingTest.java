package io.sparklab.exercises;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Exercise 16: an alert on the share of failed offset commits, one per query, quiet on a healthy stream and on a blip. */
@Exercise
class Exercise16OffsetCommitsFailingTest {
    private static final String ALERT = "StreamOffsetCommitsFailing";

    @Test
    void the_rule_exists_with_labels_and_annotations() throws IOException {
        JsonNode rule = ExerciseTools.alertRule(ALERT);
        assertThat(rule).as("alert %s in config/alert-rules.yml", ALERT).isNotNull();
        assertThat(rule.path("expr").asText()).as("%s's expression", ALERT).contains("spark_streaming_offset_commits_total").contains("failed");
        assertThat(rule.at("/labels/severity").asText()).as("severity").isEqualTo("warning");
        assertThat(rule.at("/labels/component").asText()).as("component").isEqualTo("streaming");
        for (String annotation : new String[] {"summary", "description", "runbook"}) {
            assertThat(rule.path("annotations").path(annotation).asText()).as("annotation %s", annotation).isNotBlank();
        }
    }

    @Test
    void it_fires_for_a_query_whose_commits_keep_failing_and_only_then() {
        ExerciseTools.assertCheckPasses("16-offset-commits-failing");
    }

    @Test
    void your_rule_unit_tests_still_pass() {
        ExerciseTools.assertRuleTestsPass();
    }
}
