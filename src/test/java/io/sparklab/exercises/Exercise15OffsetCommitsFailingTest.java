package io.sparklab.exercises;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Exercise 15: an alert on the share of failed offset commits, one per query, quiet on a healthy stream and on a blip. */
@Exercise
class Exercise15OffsetCommitsFailingTest {
    private static final String ALERT = "StreamOffsetCommitsFailing";

    @Test
    void the_rule_exists_with_labels_and_annotations() throws IOException {
        ExerciseTools.assertAlertRule(ALERT, "warning", "streaming", "spark_streaming_offset_commits_total", "failed");
    }

    @Test
    void it_fires_for_a_query_whose_commits_keep_failing_and_only_then() {
        ExerciseTools.assertCheckPasses("15-offset-commits-failing");
    }

    @Test
    void your_rule_unit_tests_still_pass() {
        ExerciseTools.assertRuleTestsPass();
    }
}
