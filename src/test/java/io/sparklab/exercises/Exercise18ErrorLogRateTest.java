package io.sparklab.exercises;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Exercise 18: an alert on the rate of ERROR log events the log shipper counts, with its own unit tests. */
@Exercise
class Exercise18ErrorLogRateTest {
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
        ExerciseTools.assertUnitTestsCover(ALERT);
    }
}
