package io.sparklab.exercises;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Exercise 09: a trend alert on the disk (predict_linear), one per device, quiet on steady or roomy disks. */
@Exercise
class Exercise09DiskFillingUpTest {
    private static final String ALERT = "HostDiskFillingUp";

    @Test
    void the_rule_exists_with_labels_and_annotations() throws IOException {
        ExerciseTools.assertAlertRule(ALERT, "warning", "host", "predict_linear");
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
