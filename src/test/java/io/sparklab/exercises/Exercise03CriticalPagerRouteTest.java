package io.sparklab.exercises;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Exercise 03: critical alerts go to a second receiver, lab-pager; the others stay where they were. */
@Exercise
class Exercise03CriticalPagerRouteTest {
    @Test
    void critical_alerts_go_to_lab_pager() {
        assertThat(ExerciseTools.receiversFor(Map.of("alertname", "SparkMasterDown", "severity", "critical")))
                .as("receivers of a critical alert (amtool config routes test)").containsExactly("lab-pager");
    }

    @Test
    void warnings_still_go_to_lab_webhook() {
        assertThat(ExerciseTools.receiversFor(Map.of("alertname", "SparkHighHeapUsage", "severity", "warning")))
                .as("receivers of a warning").containsExactly("lab-webhook");
    }

    @Test
    void lab_pager_posts_to_the_webhook_receivers_pager_path() throws IOException {
        JsonNode config = new ObjectMapper(new YAMLFactory()).readTree(ExerciseTools.PROJECT.config("alertmanager.yml").toFile());
        String url = null;
        for (JsonNode receiver : config.path("receivers")) {
            if (receiver.path("name").asText().equals("lab-pager")) {
                url = receiver.at("/webhook_configs/0/url").asText();
            }
        }
        assertThat(url).as("webhook url of receiver lab-pager").isEqualTo("http://webhook-receiver:9095/pager");
    }
}
