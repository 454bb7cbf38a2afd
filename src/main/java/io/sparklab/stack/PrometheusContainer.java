package io.sparklab.stack;

import io.sparklab.client.PrometheusClient;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * Prometheus with config/ (prometheus.yml, alert-rules.yml), the worker inventory and the add-ons'
 * target lists mounted,
 * its TSDB on a named volume (LabVolumes) so a restarted or re-created Prometheus keeps its history.
 */
public class PrometheusContainer extends LabContainer<PrometheusContainer> {
    public static final String TSDB_PATH = "/prometheus";
    static final String WORKER_TARGETS_PATH = "/etc/prometheus/targets/spark-workers.json";
    /** Target lists written by add-ons while they run (file_sd in config/prometheus.yml). */
    static final String ADDON_TARGETS_PATH = "/etc/prometheus/addons";

    public PrometheusContainer(String image, Network network, LabProject project, WorkerInventory targets) {
        super(image, LabService.PROMETHEUS, network);
        mount(project.config("prometheus.yml").getParent(), CONFIG_DIR);
        mount(targets.file(), WORKER_TARGETS_PATH);
        // The folder, not its files: an add-on's list written after start-up is seen at the next refresh.
        mount(targets.addonTargets(), ADDON_TARGETS_PATH);
        waitingFor(Wait.forHttp("/-/ready").forPort(9090).forStatusCode(200));
    }

    public PrometheusClient client() {
        return new PrometheusClient(url());
    }
}
