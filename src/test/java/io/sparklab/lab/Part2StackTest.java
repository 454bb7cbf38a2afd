package io.sparklab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sparklab.client.HttpJson;
import io.sparklab.client.PrometheusClient;
import io.sparklab.client.SparkMasterClient;
import io.sparklab.stack.LabContainer;
import io.sparklab.stack.LabService;
import io.sparklab.stack.LabStack;
import io.sparklab.support.LabPart;
import io.sparklab.support.SharedLabStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Part 2 of the lab sheet: bring up the stack. Every UI answers, Prometheus scrapes every always-on
 * target, and the master sees its workers.
 */
@LabPart
@org.junit.jupiter.api.Order(20)
@DisplayName("Part 2 - The stack: UIs, targets, workers")
class Part2StackTest {
    private static LabStack stack;
    private static PrometheusClient prometheus;

    @BeforeAll
    static void bringUpTheStack() {
        stack = SharedLabStack.get();
        prometheus = stack.prometheus().client();
    }

    @ParameterizedTest(name = "{0} answers")
    @EnumSource(LabService.class)
    void every_ui_answers(LabService service) {
        if (service == LabService.GRAFANA) {
            assumeTrue(stack.grafana().isPresent(), () -> "Grafana is not running here: " + stack.grafanaAbsentReason().orElse("?"));
        }
        List<LabContainer<?>> containers = stack.containers().stream().filter(c -> c.service() == service).toList();
        assertThat(containers).as("containers of %s", service).isNotEmpty();

        for (LabContainer<?> container : containers) {
            String page = container.url() + service.uiPath();
            assertThat(HttpJson.status(page)).as("HTTP status of %s", page).isEqualTo(200);
        }
    }

    @Test
    void every_always_on_target_is_up() {
        Map<String, List<Double>> upByJob = prometheus.query("up").stream()
                .filter(s -> LabStack.ALWAYS_ON_JOBS.contains(s.label("job")))
                .collect(Collectors.groupingBy(s -> s.label("job"),
                        Collectors.mapping(PrometheusClient.Sample::value, Collectors.toList())));

        assertThat(upByJob).as("jobs with an `up` series").containsOnlyKeys(LabStack.ALWAYS_ON_JOBS);
        upByJob.forEach((job, values) -> assertThat(values).as("up{job=\"%s\"}", job).containsOnly(1.0));
        assertThat(upByJob.get("spark-worker")).as("one spark-worker target per worker").hasSize(stack.workerCount());
    }

    @Test
    void the_master_reports_every_worker_alive() {
        SparkMasterClient.Status status = new SparkMasterClient(stack.master().url()).status();

        assertThat(status.status()).isEqualTo("ALIVE");
        assertThat(status.aliveWorkers()).isEqualTo(stack.workerCount());
        // A worker stopped and started again (Part 4) registers anew; the master keeps its old entry as DEAD.
        assertThat(status.workerStates().stream().filter("ALIVE"::equals)).hasSize(stack.workerCount());
    }

    @Test
    void prometheus_sees_the_alive_workers_too() {
        Awaitility.await("metrics_master_aliveWorkers_Value in Prometheus").atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(prometheus.query("metrics_master_aliveWorkers_Value"))
                        .extracting(PrometheusClient.Sample::value)
                        .containsExactly((double) stack.workerCount()));
    }

    @Test
    void prometheus_loaded_the_rules_and_found_alertmanager() {
        // Every group of the file, each with its rules by name in their order, evaluated without error.
        Map<String, List<String>> inFile = new java.util.LinkedHashMap<>();
        for (var group : io.sparklab.stack.LabProject.current().configYaml("alert-rules.yml").path("groups")) {
            List<String> names = new java.util.ArrayList<>();
            group.path("rules").forEach(r -> names.add(r.has("alert") ? r.path("alert").asText() : r.path("record").asText()));
            inFile.put(group.path("name").asText(), names);
        }
        Awaitility.await("every rule of config/alert-rules.yml evaluated").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, List<String>> loaded = new java.util.LinkedHashMap<>();
            List<String> unhealthy = new java.util.ArrayList<>();
            for (var group : prometheus.rules()) {
                List<String> names = new java.util.ArrayList<>();
                group.path("rules").forEach(r -> {
                    names.add(r.path("name").asText());
                    if (!"ok".equals(r.path("health").asText())) {
                        unhealthy.add(r.path("name").asText() + ": " + r.path("health").asText() + " " + r.path("lastError").asText());
                    }
                });
                loaded.put(group.path("name").asText(), names);
            }
            // Prometheus lists the groups by name; a group's rules keep the file's order.
            assertThat(loaded).as("rule groups Prometheus loaded").containsExactlyInAnyOrderEntriesOf(inFile);
            assertThat(unhealthy).as("rules whose last evaluation was not ok").isEmpty();
        });

        var alertmanagers = HttpJson.get(prometheus.baseUrl() + "/api/v1/alertmanagers").path("data").path("activeAlertmanagers");
        assertThat(alertmanagers.toString()).contains("alertmanager:9093");
    }

}
