package io.sparklab.exercises;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparklab.client.AlertmanagerClient;
import io.sparklab.client.HttpJson;
import io.sparklab.stack.AlertmanagerContainer;
import io.sparklab.stack.ConfigChecker;
import io.sparklab.stack.ImageBuilder;
import io.sparklab.stack.LabImage;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Network;

/**
 * Exercise 13: a full disk silences its own "filling up" alert, and only its own. Checked on a real
 * Alertmanager (the lab's image, the student's config/): alerts are posted, and Alertmanager's API
 * says which one it inhibits.
 */
@Exercise
class Exercise13InhibitDiskAlertsTest {
    private static final ImageBuilder IMAGES = new ImageBuilder(ExerciseTools.PROJECT);

    @Test
    void a_full_disk_inhibits_its_filling_up_alert_and_no_other() {
        // The lab's Alertmanager image over the student's config/, on a network of its own: the test
        // alerts it is sent can reach no receiver of a running lab.
        try (Network alone = Network.newNetwork();
                AlertmanagerContainer alertmanager = new AlertmanagerContainer(IMAGES.resolve(LabImage.ALERTMANAGER), alone,
                        ExerciseTools.PROJECT)) {
            alertmanager.start();
            AlertmanagerClient api = alertmanager.client();
            Instant now = Instant.now();
            HttpJson.postJson(api.baseUrl() + "/api/v2/alerts", List.of(
                    alert("HostDiskFull", "host-a:9100", "/dev/sda1", now),
                    alert("HostDiskFillingUp", "host-a:9100", "/dev/sda1", now),
                    alert("HostDiskFillingUp", "host-a:9100", "/dev/sdb1", now),
                    alert("HostDiskFillingUp", "host-b:9100", "/dev/sda1", now)));

            // Alertmanager marks an alert inhibited when its group goes through the pipeline
            // (group_wait 1 s); wait for every alert to have been looked at.
            Awaitility.await("the filling-up alert of host-a:/dev/sda1 to be inhibited").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> !inhibitedBy(api, "HostDiskFillingUp", "host-a:9100", "/dev/sda1").isEmpty());
            // A too wide rule inhibits the others as their groups pass the pipeline: they stay free a whole group_interval (5 s) more.
            Awaitility.await("the other alerts to stay free of inhibition").during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                        assertThat(inhibitedBy(api, "HostDiskFillingUp", "host-a:9100", "/dev/sdb1")).as("another device of the same host").isEmpty();
                        assertThat(inhibitedBy(api, "HostDiskFillingUp", "host-b:9100", "/dev/sda1")).as("the same device name on another host")
                                .isEmpty();
                        assertThat(inhibitedBy(api, "HostDiskFull", "host-a:9100", "/dev/sda1")).as("the full disk's own alert").isEmpty();
                    });
        }
    }

    @Test
    void amtool_accepts_the_config() {
        ConfigChecker.Check check = new ConfigChecker(ExerciseTools.PROJECT, IMAGES.resolve(LabImage.PROMETHEUS),
                IMAGES.resolve(LabImage.ALERTMANAGER)).checkAlertmanagerConfig(ExerciseTools.PROJECT.config("alertmanager.yml"));
        assertThat(check.passed()).as(check.describe()).isTrue();
    }

    private static Map<String, Object> alert(String name, String instance, String device, Instant now) {
        Map<String, String> labels = new HashMap<>(Map.of("alertname", name, "instance", instance, "device", device, "job", "node-exporter",
                "fstype", "ext4", "severity", "warning", "component", "host", "lab", "spark-observability"));
        return Map.of("labels", labels, "startsAt", now.toString(), "endsAt", now.plus(Duration.ofMinutes(10)).toString());
    }

    /** The inhibiting alerts' fingerprints of the alert with these labels ([] when not inhibited). */
    private static List<String> inhibitedBy(AlertmanagerClient api, String name, String instance, String device) {
        for (JsonNode a : api.alerts()) {
            JsonNode l = a.path("labels");
            if (l.path("alertname").asText().equals(name) && l.path("instance").asText().equals(instance)
                    && l.path("device").asText().equals(device)) {
                return textValues(a.path("status").path("inhibitedBy"));
            }
        }
        throw new AssertionError("Alertmanager lost the alert " + name + " " + instance + " " + device);
    }

    private static List<String> textValues(JsonNode array) {
        List<String> values = new java.util.ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
