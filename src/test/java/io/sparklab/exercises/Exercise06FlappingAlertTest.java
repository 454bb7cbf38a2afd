package io.sparklab.exercises;

import org.junit.jupiter.api.Test;

/** Exercise 06: LabTargetDown must not flap on a target that drops single scrapes, yet fire on a real outage. */
@Exercise
class Exercise06FlappingAlertTest {
    @Test
    void target_down_ignores_flapping_and_still_catches_an_outage() {
        ExerciseTools.assertCheckPasses("06-flapping-alert");
    }

    @Test
    void your_rule_unit_tests_still_pass() {
        ExerciseTools.assertRuleTestsPass();
    }
}
