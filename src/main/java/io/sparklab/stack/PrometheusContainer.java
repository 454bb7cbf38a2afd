package io.sparklab.stack;

import io.sparklab.client.PrometheusClient;
import java.nio.file.Path;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * Prometheus with config/ (prometheus.yml, alert-rules.yml) and the worker inventory mounted,
 * its TSDB on a named volume (LabVolumes) so a restarted or re-created Prometheus keeps its history.
 */
public class PrometheusContainer extends LabContainer<PrometheusContainer> {
    public static final String TSDB_PATH = "/prometheus";
    static final String WORKER_TARGETS_PATH = "/etc/prometheus/targets/spark-workers.json";

    public PrometheusContainer(String image, Network network, LabProject project, Path workerTargets) {
        super(image, LabService.PROMETHEUS, network);
        mount(project.config("prometheus.yml").getParent(), CONFIG_DIR);
        mount(workerTargets, WORKER_TARGETS_PATH);
        waitingFor(Wait.forHttp("/-/ready").forPort(9090).forStatusCode(200));
    }

    public PrometheusClient client() {
        return new PrometheusClient(url());
    }
}
