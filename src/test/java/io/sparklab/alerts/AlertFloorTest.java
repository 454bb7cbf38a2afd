package io.sparklab.alerts;

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

    /** A job's own scrape interval counts for the rules that name that job; the global one for the rest. */
    @Test
    void the_floor_uses_the_scrape_interval_of_the_job_the_rule_reads(@org.junit.jupiter.api.io.TempDir java.nio.file.Path root)
            throws java.io.IOException {
        java.nio.file.Path config = java.nio.file.Files.createDirectories(root.resolve("config"));
        java.nio.file.Files.writeString(config.resolve("prometheus.yml"), """
                global: {scrape_interval: 5s, evaluation_interval: 5s}
                scrape_configs:
                  - job_name: node
                    scrape_interval: 30s
                  - job_name: spark-worker
                  - job_name: pushgateway
                    scrape_interval: 1m
                """);
        java.nio.file.Files.writeString(config.resolve("alert-rules.yml"), """
                groups:
                  - name: g
                    rules:
                      - {alert: HostSlow, expr: 'node_load5{job="node"} > 4'}
                      - {alert: WorkerDown, expr: 'up{job = "spark-worker"} == 0'}
                      - {alert: Either, expr: 'up{job="pushgateway"} == 0 or up{job="node"} == 0'}
                      - {alert: NotNode, expr: 'up{job!="node"} == 0 or up{job=~"node.*"} == 0'}
                """);
        java.nio.file.Files.writeString(config.resolve("alertmanager.yml"), "route: {receiver: r, group_wait: 0s}\n");
        AlertFloor own = new AlertFloor(new LabProject(root));

        assertThat(own.toFiring("HostSlow")).as("the node job's 30 s + 5 s evaluation").isEqualTo(Duration.ofSeconds(35));
        assertThat(own.toFiring("WorkerDown")).as("a job without its own: the global 5 s").isEqualTo(Duration.ofSeconds(10));
        assertThat(own.toFiring("Either")).as("of two jobs the shorter, 30 s").isEqualTo(Duration.ofSeconds(35));
        assertThat(own.toFiring("NotNode")).as("no job named exactly: the global 5 s").isEqualTo(Duration.ofSeconds(10));
    }

    /** The route Alertmanager would take: an earlier route on another label comes first, and a group's own interval counts. */
    @Test
    void the_floor_follows_the_routing_tree_and_the_groups_own_interval(@org.junit.jupiter.api.io.TempDir java.nio.file.Path root)
            throws java.io.IOException {
        java.nio.file.Path config = java.nio.file.Files.createDirectories(root.resolve("config"));
        java.nio.file.Files.writeString(config.resolve("prometheus.yml"),
                "global: {scrape_interval: 5s, evaluation_interval: 5s, external_labels: {lab: spark-observability}}\n");
        java.nio.file.Files.writeString(config.resolve("alert-rules.yml"), """
                groups:
                  - name: etl
                    interval: 20s
                    rules:
                      - alert: EtlJobFailed
                        expr: vector(1)
                        for: 0s
                        labels: {severity: critical, component: etl}
                  - name: host
                    rules:
                      - alert: HostDiskFull
                        expr: vector(1)
                        for: 1m
                        labels: {severity: critical, component: host}
                """);
        java.nio.file.Files.writeString(config.resolve("alertmanager.yml"), """
                route:
                  receiver: tickets
                  group_wait: 30s
                  routes:
                    - matchers: ['alertname="Watchdog"']
                      group_wait: 0s
                    - matchers: ['lab!="spark-observability"']
                      group_wait: 0s
                    - matchers: [component=etl, 'severity =~ "crit.*"']
                      group_wait: 10s
                    - matchers: ['severity="critical"']
                      group_wait: 1s
                """);
        AlertFloor own = new AlertFloor(new LabProject(root));
        // 5 s scrape + the group's 20 s + for 0 s + the data team's route (unquoted matcher, a regex) 10 s
        assertThat(own.toWebhook("EtlJobFailed")).isEqualTo(Duration.ofSeconds(35));
        // 5 + the global 5 s + for 60 s + the critical route's 1 s
        assertThat(own.toWebhook("HostDiskFull")).isEqualTo(Duration.ofSeconds(71));
    }
}
