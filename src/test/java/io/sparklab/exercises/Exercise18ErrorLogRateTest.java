package io.sparklab.exercises;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Exercise 18: an alert on the rate of ERROR log events the log shipper counts, with its own unit tests. */
@Exercise
class Exercise18ErrorLogRateTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String ALERT = "SparkErrorLogRate";

    @Test
    void the_rule_exists_with_labels_and_annotations() throws IOException {
        ExerciseTools.assertAlertRule(ALERT, "warning", "logs", "spark_log_events_total", "ERROR");
    }

    @Test
    void it_fires_for_a_sustained_error_rate_and_only_then() {
        ExerciseTools.assertCheckPasses("18-error-log-rate");
    }

    @Test
    void your_unit_tests_cover_it_firing_and_not_firing_and_pass() throws IOException {
        boolean fires = false;
        boolean silent = false;
        for (JsonNode test : YAML.readTree(ExerciseTools.PROJECT.config("alert-rules.test.yml").toFile()).path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                if (ALERT.equals(check.path("alertname").asText())) {
                    fires |= check.path("exp_alerts").size() > 0;
                    silent |= check.path("exp_alerts").size() == 0;
                }
            }
        }
        assertThat(fires).as("a case in config/alert-rules.test.yml where %s fires", ALERT).isTrue();
        assertThat(silent).as("a case in config/alert-rules.test.yml where %s must not fire", ALERT).isTrue();
        ExerciseTools.assertRuleTestsPass();
    }
}
