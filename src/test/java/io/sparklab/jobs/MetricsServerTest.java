package io.sparklab.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The listeners' metrics endpoint: served when the port is free, a line on stderr (and no failure) when not. */
class MetricsServerTest {
    @Test
    void serves_the_registry_on_the_port() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        Counter.builder().name("lab_test_total").help("a test counter").register(registry).inc();
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        HTTPServer server = MetricsServer.start(registry, port, "[test] MetricsServerTest");
        assertThat(server).isNotNull();
        try {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(body).contains("lab_test_total 1.0");
        } finally {
            server.close();
        }
    }

    @Test
    void a_taken_port_is_said_on_stderr_and_gives_no_server() throws Exception {
        PrintStream stderr = System.err;
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        try (ServerSocket taken = new ServerSocket(0)) {
            System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
            assertThat(MetricsServer.start(new PrometheusRegistry(), taken.getLocalPort(), "[app] SomeListener")).isNull();
            assertThat(said.toString(StandardCharsets.UTF_8))
                    .startsWith("[app] SomeListener: cannot serve metrics on port " + taken.getLocalPort() + ": ");
        } finally {
            System.setErr(stderr);
        }
    }
}
