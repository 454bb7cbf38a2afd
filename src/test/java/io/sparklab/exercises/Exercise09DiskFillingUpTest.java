package io.sparklab.exercises;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Exercise 09: a trend alert on the disk (predict_linear), one per device, quiet on steady or roomy disks. */
@Exercise
class Exercise09DiskFillingUpTest {
    private static final String ALERT = "HostDiskFillingUp";

    @Test
    void the_rule_exists_with_labels_and_annotations() throws IOException {
        JsonNode rule = ExerciseTools.alertRule(ALERT);
        assertThat(rule).as("alert %s in config/alert-rules.yml", ALERT).isNotNull();
        assertThat(rule.path("expr").asText()).as("%s's expression", ALERT).contains("predict_linear");
        assertThat(rule.at("/labels/severity").asText()).as("severity").isEqualTo("warning");
        assertThat(rule.at("/labels/component").asText()).as("component").isEqualTo("host");
        for (String annotation : new String[] {"summary", "description", "runbook"}) {
            assertThat(rule.path("annotations").path(annotation).asText()).as("annotation %s", annotation).isNotBlank();
        }
    }

    @Test
    void it_fires_for_a_disk_filling_up_and_only_then() {
        ExerciseTools.assertCheckPasses("09-disk-filling-up");
    }

    @Test
    void your_rule_unit_tests_still_pass() {
        ExerciseTools.assertRuleTestsPass();
    }
}
