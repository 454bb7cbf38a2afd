package io.sparklab.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparklab.stack.LabException;
import io.sparklab.stack.LabProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertRulesTest {
    /** Alerting rules in file order across groups, each with its group; recording rules are not alerts. */
    @Test
    void alerts_in_file_order_with_their_group_and_no_recording_rule(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("config"));
        Files.writeString(root.resolve("config/alert-rules.yml"), """
                groups:
                  - name: spark
                    rules:
                      - record: job:up:sum
                        expr: sum by (job) (up)
                      - alert: WorkerDown
                        expr: up{job="spark-worker"} == 0
                        for: 1m
                        labels: {severity: critical, component: worker}
                        annotations: {summary: a worker is down}
                  - name: host
                    interval: 30s
                    rules:
                      - alert: HostDiskFull
                        expr: node_filesystem_avail_bytes == 0
                """);

        AlertRules rules = AlertRules.of(new LabProject(root));

        assertThat(rules.alerts()).extracting(AlertRules.Rule::name).containsExactly("WorkerDown", "HostDiskFull");
        AlertRules.Rule worker = rules.alert("WorkerDown").orElseThrow();
        assertThat(worker.routingLabels()).as("the labels in file order, then alertname").containsExactly(
                Map.entry("severity", "critical"), Map.entry("component", "worker"), Map.entry("alertname", "WorkerDown"));
        assertThat(worker.annotation("summary")).isEqualTo("a worker is down");
        assertThat(worker.expr()).isEqualTo("up{job=\"spark-worker\"} == 0");
        assertThat(rules.alert("HostDiskFull").orElseThrow().group().path("interval").asText()).isEqualTo("30s");
        assertThat(rules.alert("job:up:sum")).as("a recording rule by its record name").isEmpty();
    }

    /** A file that is not YAML: the error names it with the line. */
    @Test
    void a_file_that_is_not_yaml_is_an_error_naming_it(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("config"));
        Files.writeString(root.resolve("config/alert-rules.yml"), "groups:\n  - name: g\n    rules: [\n");

        assertThatThrownBy(() -> AlertRules.of(new LabProject(root))).isInstanceOf(LabException.class)
                .hasMessageContaining("alert-rules.yml").hasMessageContaining("line");
    }
}
