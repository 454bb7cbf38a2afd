package io.sparklab.support;

import io.sparklab.client.PrometheusClient;
import io.sparklab.stack.AlertmanagerContainer;
import io.sparklab.stack.LabImage;
import io.sparklab.stack.LabProject;
import io.sparklab.stack.LabStack;
import io.sparklab.stack.Progress;
import io.sparklab.stack.PrometheusContainer;
import io.sparklab.stack.WebhookReceiverContainer;
import io.sparklab.stack.WorkerInventory;
import java.nio.file.Path;
import org.testcontainers.containers.Network;
import org.testcontainers.lifecycle.Startable;

/**
 * A Prometheus, an Alertmanager and a webhook receiver of a test's own (the lab's images) over a copy
 * of the student's files, on a network of their own: the exercises that change rules and routes can
 * be solved there, and their checks reload them, without the lab's Prometheus and Alertmanager running
 * what a solution adds (a new alert, a route, an inhibition) and without their test alerts reaching the
 * lab's webhook, whose "nothing else was sent" the later parts assert. Nothing of the lab resolves on
 * that network: its scrapes fail, so rules evaluate over no data.
 */
public final class AlertingSandbox implements Startable {
    private final Network network = Network.newNetwork();
    private final LabProject student;
    private final PrometheusContainer prometheus;
    private final AlertmanagerContainer alertmanager;
    private final WebhookReceiverContainer webhook;
    private final LiveChecks live;

    /** Over a copy of {@code stack}'s student files made under {@code under} (the starter until a test solves it). */
    public AlertingSandbox(LabStack stack, Path under) {
        student = StudentCopy.of(stack.project(), under);
        prometheus = new PrometheusContainer(stack.images().get(LabImage.PROMETHEUS), network, student, WorkerInventory.committed(student));
        alertmanager = new AlertmanagerContainer(stack.images().get(LabImage.ALERTMANAGER), network, student);
        webhook = new WebhookReceiverContainer(stack.images().get(LabImage.WEBHOOK_RECEIVER), network);
        live = LiveChecks.on(stack, prometheus, alertmanager, webhook);
    }

    @Override
    public void start() {
        // Their start prints "prometheus ready" and the like, as the lab's does: say first whose they are.
        Progress.say("the exercises' own Prometheus, Alertmanager and webhook receiver, over a copy of the student's files"
                + " (the lab's keep running)");
        try {
            webhook.start();
            alertmanager.start();
            prometheus.start();
        } catch (RuntimeException e) {
            stop(); // no Ryuk here to remove what did start
            throw e;
        }
    }

    /** The copy of the student's files they read. */
    public LabProject student() {
        return student;
    }

    /** Its Prometheus, to see what it runs. */
    public PrometheusClient prometheus() {
        return prometheus.client();
    }

    /** The live checks, with Prometheus, Alertmanager and the webhook receiver found here, the rest in the lab. */
    public LiveChecks live() {
        return live;
    }

    @Override
    public void stop() {
        prometheus.stop();
        alertmanager.stop();
        webhook.stop();
        network.close();
    }
}
