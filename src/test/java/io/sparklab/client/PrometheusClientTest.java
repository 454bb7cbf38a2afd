package io.sparklab.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the client makes of Prometheus' answers, with the answers written as Prometheus writes them (values are strings). */
class PrometheusClientTest {
    private HttpServer server;
    private PrometheusClient prometheus;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // A ratio of zero rates is NaN at every step; a division by a zero count, +Inf; one real point makes a graph.
        server.createContext("/api/v1/query_range", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            String values = query.contains("nan") ? "[[1700000000,\"NaN\"],[1700000005,\"+Inf\"]]"
                    : query.contains("empty") ? null : "[[1700000000,\"NaN\"],[1700000005,\"0.25\"]]";
            String result = values == null ? "[]" : "[{\"metric\":{\"job\":\"x\"},\"values\":" + values + "}]";
            byte[] body = ("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":" + result + "}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        prometheus = new PrometheusClient("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void a_series_of_nan_and_infinities_is_no_data_one_number_is() {
        Instant to = Instant.ofEpochSecond(1700000005);
        Instant from = to.minusSeconds(5);

        assertThat(prometheus.hasData("nan_ratio", from, to, Duration.ofSeconds(5))).as("NaN and +Inf only").isFalse();
        assertThat(prometheus.hasData("empty", from, to, Duration.ofSeconds(5))).as("no series").isFalse();
        assertThat(prometheus.hasData("ratio", from, to, Duration.ofSeconds(5))).as("NaN, then 0.25").isTrue();
    }
}
