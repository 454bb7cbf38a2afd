package io.sparklab.stack;

import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The Pushgateway, where batch jobs leave their outcome for Prometheus to scrape after they exit.
 * Its store is persisted (--persistence.file, docker/pushgateway/Dockerfile) on a named volume: a
 * restarted Pushgateway that forgot the last failed run would silently resolve EtlJobFailed.
 */
public class PushgatewayContainer extends LabContainer<PushgatewayContainer> {
    public static final String STORE_PATH = "/pushgateway";

    public PushgatewayContainer(String image, Network network) {
        super(image, LabService.PUSHGATEWAY, network);
        waitingFor(Wait.forHttp("/-/ready").forPort(9091).forStatusCode(200));
    }
}
