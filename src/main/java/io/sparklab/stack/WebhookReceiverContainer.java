package io.sparklab.stack;

import io.sparklab.client.WebhookReceiverClient;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/** The lab's alert webhook receiver (docker/webhook-receiver): records what Alertmanager sends. */
public class WebhookReceiverContainer extends LabContainer<WebhookReceiverContainer> {
    public WebhookReceiverContainer(String image, Network network) {
        super(image, LabService.WEBHOOK_RECEIVER, network);
        waitingFor(Wait.forHttp("/-/ready").forPort(9095).forStatusCode(200));
    }

    public WebhookReceiverClient client() {
        return new WebhookReceiverClient(url());
    }
}
