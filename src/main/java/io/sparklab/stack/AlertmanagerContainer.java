package io.sparklab.stack;

import io.sparklab.client.AlertmanagerClient;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/** Alertmanager with config/ mounted (it reads alertmanager.yml there). */
public class AlertmanagerContainer extends LabContainer<AlertmanagerContainer> {
    public AlertmanagerContainer(String image, Network network, LabProject project) {
        super(image, LabService.ALERTMANAGER, network);
        mount(project.config("alertmanager.yml").getParent(), CONFIG_DIR);
        waitingFor(Wait.forHttp("/-/ready").forPort(9093).forStatusCode(200));
    }

    public AlertmanagerClient client() {
        return new AlertmanagerClient(url());
    }
}
