package io.sparklab.tracing;

import io.sparklab.client.ZipkinClient;
import io.sparklab.stack.LabContainer;
import java.time.Duration;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * Zipkin's server (docker/zipkin), {@code zipkin:9411} on the lab network, spans in memory. Ready when
 * /health says UP (its storage included), not when the port opens: Armeria listens a few seconds
 * before the collector and storage are wired.
 */
public class ZipkinContainer extends LabContainer<ZipkinContainer> {
    public ZipkinContainer(String image, Network network) {
        super(image, TracingService.ZIPKIN, network);
        waitingFor(Wait.forHttp("/health").forPort(TracingService.ZIPKIN.port()).forStatusCode(200)
                .forResponsePredicate(body -> body.contains("\"UP\""))
                .withStartupTimeout(Duration.ofMinutes(2)));
    }

    /** Zipkin's query API, as seen from this machine. */
    public ZipkinClient client() {
        return new ZipkinClient(url());
    }

    /** Zipkin's own metrics (span intake, drops), the page Prometheus scrapes. */
    public String metricsUrl() {
        return url() + "/prometheus";
    }
}
