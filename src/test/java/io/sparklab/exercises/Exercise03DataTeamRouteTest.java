package io.sparklab.exercises;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Exercise 03: the ETL job's alerts go to the data team, whatever their severity; the others stay where they were. */
@Exercise
class Exercise03DataTeamRouteTest {
    @Test
    void a_failed_etl_run_pages_the_data_team_not_the_platform_pager() {
        assertThat(ExerciseTools.receiversFor(Map.of("alertname", "EtlJobFailed", "severity", "critical", "component", "etl")))
                .as("receivers of EtlJobFailed (amtool config routes test)").containsExactly("lab-data-team");
    }

    @Test
    void stale_etl_data_goes_to_the_data_team_too() {
        assertThat(ExerciseTools.receiversFor(Map.of("alertname", "EtlJobNoRecentSuccess", "severity", "warning", "component", "etl")))
                .as("receivers of EtlJobNoRecentSuccess").containsExactly("lab-data-team");
    }

    @Test
    void other_alerts_keep_their_routes() {
        assertThat(ExerciseTools.receiversFor(Map.of("alertname", "SparkMasterDown", "severity", "critical", "component", "master")))
                .as("receivers of a critical cluster alert").containsExactly("lab-pager");
        assertThat(ExerciseTools.receiversFor(Map.of("alertname", "SparkHighHeapUsage", "severity", "warning", "component", "application")))
                .as("receivers of a warning").containsExactly("lab-webhook");
        assertThat(ExerciseTools.receiversFor(Map.of("alertname", "Watchdog", "severity", "none", "component", "monitoring")))
                .as("receivers of the Watchdog").containsExactly("lab-heartbeat");
    }

    @Test
    void lab_data_team_posts_to_the_webhook_receivers_data_team_path() throws IOException {
        JsonNode config = ExerciseTools.config("alertmanager.yml");
        String url = null;
        for (JsonNode receiver : config.path("receivers")) {
            if (receiver.path("name").asText().equals("lab-data-team")) {
                url = receiver.at("/webhook_configs/0/url").asText();
            }
        }
        assertThat(url).as("webhook url of receiver lab-data-team").isEqualTo("http://webhook-receiver:9095/data-team");
    }
}
