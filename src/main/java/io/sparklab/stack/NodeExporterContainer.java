package io.sparklab.stack;

import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/** node-exporter: host CPU, memory, disk and network metrics. */
public class NodeExporterContainer extends LabContainer<NodeExporterContainer> {
    public NodeExporterContainer(String image, Network network) {
        super(image, LabService.NODE_EXPORTER, network);
        waitingFor(Wait.forHttp("/metrics").forPort(9100).forStatusCode(200));
    }
}
