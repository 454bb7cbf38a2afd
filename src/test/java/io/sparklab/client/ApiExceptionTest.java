package io.sparklab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An API's error carries the HTTP status it was answered with, through every client that says more about it. */
class ApiExceptionTest {
    private HttpServer server;
    private String base;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // Prometheus' answers: a query it cannot parse is a 400, one it cannot run (overloaded, timed out) a 503.
        server.createContext("/api/v1/query", exchange -> {
            boolean parses = !exchange.getRequestURI().getRawQuery().contains("%28%28");
            byte[] body = (parses
                    ? "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out\"}"
                    : "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:2: parse error\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(parses ? 503 : 400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void a_refused_query_is_a_400_through_the_prometheus_client() {
        ApiException refused = catchThrowableOfType(ApiException.class, () -> new PrometheusClient(base).query("((up"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.getMessage()).contains("parse error");
    }

    @Test
    void a_failing_service_keeps_its_own_status() {
        ApiException failing = catchThrowableOfType(ApiException.class, () -> new PrometheusClient(base).query("up"));

        assertThat(failing.status()).isEqualTo(503);
    }

    @Test
    void no_answer_has_no_status() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        ApiException down = catchThrowableOfType(ApiException.class, () -> HttpJson.get("http://127.0.0.1:" + closed + "/"));

        assertThat(down.status()).isZero();
        assertThat(down.getMessage()).contains("failed");
    }
}
