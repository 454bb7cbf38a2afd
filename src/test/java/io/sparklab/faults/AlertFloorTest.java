package io.sparklab.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparklab.stack.LabException;
import io.sparklab.stack.LabProject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The latency floor is read from the config files, not written twice. */
class AlertFloorTest {
    private final AlertFloor floor = new AlertFloor(LabProject.current());

    @Test
    void floor_is_scrape_plus_evaluation_plus_for_plus_group_wait() {
        // 5 s scrape + 5 s evaluation + for 30 s + group_wait 1 s (critical route)
        assertThat(floor.toWebhook("SparkMasterDown")).isEqualTo(Duration.ofSeconds(41));
        // 5 + 5 + for 0 s + 1
        assertThat(floor.toWebhook("SparkTaskFailures")).isEqualTo(Duration.ofSeconds(11));
        assertThat(floor.toFiring("SparkMasterDown")).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void a_duration_that_is_not_one_is_an_error_naming_file_and_field() {
        assertThat(AlertFloor.duration("1m30s", "config/alert-rules.yml: alert X, for")).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> AlertFloor.duration("90", "config/alert-rules.yml: alert X, for")).isInstanceOf(LabException.class)
                .hasMessageStartingWith("config/alert-rules.yml: alert X, for: '90' is not a Prometheus duration");
    }
}
