package io.sparklab.faults;

import static org.assertj.core.api.Assertions.assertThat;

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
    void prometheus_durations_parse() {
        assertThat(AlertFloor.duration("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(AlertFloor.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(AlertFloor.duration("0s")).isEqualTo(Duration.ZERO);
    }
}
