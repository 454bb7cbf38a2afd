package io.sparklab.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.sparklab.client.PrometheusClient;
import io.sparklab.dashboards.Dashboard;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run report over a dashboard a student has half edited: what cannot be charted is said, the rest is written. */
class LabReportTest {
    @Test
    void a_panel_that_cannot_be_charted_is_named_and_costs_no_other_chart(@TempDir Path dir) throws IOException {
        // A Prometheus that answers every range query with no series.
        HttpServer prometheus = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        prometheus.createContext("/", exchange -> {
            byte[] body = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        prometheus.start();
        try {
            // Panel 1 uses a variable the dashboard does not define (exercise 10 half done); panel 2 is
            // fine; panel 3 was pasted with panel 2's id.
            Path file = Files.writeString(dir.resolve("half-edited.json"), """
                    {"uid": "half-edited", "title": "Half edited", "templating": {"list": []}, "panels": [
                      {"id": 1, "type": "timeseries", "title": "Tasks", "targets": [{"refId": "A", "expr": "sum(spark_tasks_completed_total{app=~\\"$app\\"})"}]},
                      {"id": 2, "type": "timeseries", "title": "Heap", "targets": [{"refId": "A", "expr": "jvm_heap_memory_used"}]},
                      {"id": 2, "type": "timeseries", "title": "Heap copy", "targets": [{"refId": "A", "expr": "jvm_heap_memory_max"}]}
                    ]}
                    """);
            Instant to = Instant.now();
            LabReport report = new LabReport(new PrometheusClient("http://127.0.0.1:" + prometheus.getAddress().getPort()),
                    List.of(Dashboard.load(file)), to.minusSeconds(300), to);

            Path index = report.write(dir.resolve("report"), List.of());

            String html = Files.readString(index);
            assertThat(html).contains("query A not charted:").contains("$app");
            assertThat(dir.resolve("report/charts/half-edited-1.png")).exists();
            assertThat(dir.resolve("report/charts/half-edited-2.png")).exists();
            assertThat(dir.resolve("report/charts/half-edited-2-2.png")).as("the second panel with id 2: a chart of its own").exists();
        } finally {
            prometheus.stop(0);
        }
    }
}
