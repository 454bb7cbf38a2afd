package io.sparklab.logs;

import io.sparklab.stack.LabContainer;
import java.time.Duration;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/** The Prometheus community's Elasticsearch exporter (docker/elasticsearch-exporter), asking {@code elasticsearch:9200}. */
public class ElasticsearchExporterContainer extends LabContainer<ElasticsearchExporterContainer> {
    public ElasticsearchExporterContainer(String image, Network network) {
        super(image, LogsService.ELASTICSEARCH_EXPORTER, network);
        waitingFor(Wait.forHttp("/metrics").forPort(LogsService.ELASTICSEARCH_EXPORTER.port()).forStatusCode(200)
                .withStartupTimeout(Duration.ofMinutes(1)));
    }

    public String metricsUrl() {
        return url() + "/metrics";
    }
}
