package io.sparklab.logs;

import io.sparklab.client.ElasticsearchClient;
import io.sparklab.stack.LabContainer;
import java.time.Duration;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * Elasticsearch (docker/elasticsearch), {@code elasticsearch:9200} on the lab network, one node. Ready
 * when the cluster's health is green or yellow, not when the port opens: the node answers HTTP a few
 * seconds before it has elected itself and recovered its indices.
 */
public class ElasticsearchContainer extends LabContainer<ElasticsearchContainer> {
    public ElasticsearchContainer(String image, Network network) {
        super(image, LogsService.ELASTICSEARCH, network);
        waitingFor(Wait.forHttp("/_cluster/health").forPort(LogsService.ELASTICSEARCH.port()).forStatusCode(200)
                .forResponsePredicate(body -> body.contains("\"status\":\"green\"") || body.contains("\"status\":\"yellow\""))
                .withStartupTimeout(Duration.ofMinutes(3)));
    }

    /** Elasticsearch's REST API, as seen from this machine. */
    public ElasticsearchClient client() {
        return new ElasticsearchClient(url());
    }
}
