package io.sparklab.jobs;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;

/** Where the lab's listeners serve their metrics: Prometheus text on a port of the driver. */
final class MetricsServer {
    private MetricsServer() {
    }

    /**
     * Serves the registry on the port; when it cannot, says so on stderr, the message starting with
     * {@code who}, and returns null: metrics are worth having, not worth failing the job or the
     * stream for.
     */
    static HTTPServer start(PrometheusRegistry registry, int port, String who) {
        try {
            return HTTPServer.builder().port(port).registry(registry).buildAndStart();
        } catch (IOException e) {
            System.err.println(who + ": cannot serve metrics on port " + port + ": " + e);
            return null;
        }
    }
}
