package io.sparklab.stack;

import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/** The Pushgateway, where batch jobs leave their outcome for Prometheus to scrape after they exit. */
public class PushgatewayContainer extends LabContainer<PushgatewayContainer> {
    public PushgatewayContainer(String image, Network network) {
        super(image, LabService.PUSHGATEWAY, network);
        waitingFor(Wait.forHttp("/-/ready").forPort(9091).forStatusCode(200));
    }
}
