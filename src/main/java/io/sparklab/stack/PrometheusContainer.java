package io.sparklab.stack;

import io.sparklab.client.PrometheusClient;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/** Prometheus with config/prometheus.yml and config/alert-rules.yml mounted. */
public class PrometheusContainer extends LabContainer<PrometheusContainer> {
    public PrometheusContainer(String image, Network network, LabProject project) {
        super(image, LabService.PROMETHEUS, network);
        mount(project.config("prometheus.yml"), "/etc/prometheus/prometheus.yml");
        mount(project.config("alert-rules.yml"), "/etc/prometheus/alert-rules.yml");
        waitingFor(Wait.forHttp("/-/ready").forPort(9090).forStatusCode(200));
    }

    public PrometheusClient client() {
        return new PrometheusClient(url());
    }
}
