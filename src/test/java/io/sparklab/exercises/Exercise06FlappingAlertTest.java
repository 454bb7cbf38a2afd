package io.sparklab.exercises;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparklab.stack.DockerRun;
import org.junit.jupiter.api.Test;

/** Exercise 06: LabTargetDown must not flap on a target that drops single scrapes, yet fire on a real outage. */
@Exercise
class Exercise06FlappingAlertTest {
    @Test
    void target_down_ignores_flapping_and_still_catches_an_outage() {
        DockerRun.Result result = ExerciseTools.promtoolTest(
                ExerciseTools.PROJECT.root().resolve("exercises/06-flapping-alert/check.test.yml"));
        assertThat(result.succeeded()).as("the exercise's check (exercises/06-flapping-alert/check.test.yml):%n%s",
                result.output()).isTrue();
    }

    @Test
    void your_rule_unit_tests_still_pass() {
        DockerRun.Result result = ExerciseTools.promtoolTest(ExerciseTools.PROJECT.config("alert-rules.test.yml"));
        assertThat(result.succeeded()).as("promtool test rules config/alert-rules.test.yml:%n%s", result.output()).isTrue();
    }
}
