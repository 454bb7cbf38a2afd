package io.sparklab.support;

import io.sparklab.client.PrometheusClient;
import io.sparklab.stack.AlertmanagerContainer;
import io.sparklab.stack.LabContainer;
import io.sparklab.stack.LabImage;
import io.sparklab.stack.LabProject;
import io.sparklab.stack.LabStack;
import io.sparklab.stack.Progress;
import io.sparklab.stack.PrometheusContainer;
import io.sparklab.stack.WebhookReceiverContainer;
import io.sparklab.stack.WorkerInventory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.testcontainers.containers.Network;
import org.testcontainers.lifecycle.Startable;

/**
 * A Prometheus of the exercises' own (the lab's image) over a copy of the student's files, where a
 * solution is applied and its `./lab exercise NN --live` check run. Solved on the lab's Prometheus or
 * Alertmanager, a new alert, route, recording rule or scrape setting would change what the later parts
 * observe, and test alerts would reach the webhook whose "nothing else was sent" they assert. Two kinds:
 * <ul>
 *   <li>{@link #alerting}: with an Alertmanager and a webhook receiver of its own, on a network of its
 *       own, for the exercises on rules and routes. Nothing of the lab resolves there: its scrapes fail,
 *       so rules evaluate over no data.</li>
 *   <li>{@link #scraping}: on the lab's network with the lab's target lists, so it scrapes what the
 *       lab's Prometheus scrapes, for the solutions that need the lab's data (05's recording rule
 *       records while executors run tasks, 11's drop needs a driver to scrape, 18's alert the log
 *       shipper's counts). It answers to no alias of the lab's (Grafana and the checks still reach the
 *       lab's Prometheus as "prometheus"), and "alertmanager" is itself, where none listens: what its
 *       rules fire reaches nobody.</li>
 * </ul>
 * Its TSDB stays in the container, never on the lab's volume.
 */
public final class ExerciseSandbox implements Startable {
    private final String what;
    private final Network ownNetwork;
    private final LabProject student;
    private final PrometheusContainer prometheus;
    /** In start order. */
    private final List<LabContainer<?>> containers;
    private final LiveChecks live;

    private ExerciseSandbox(String what, Network ownNetwork, LabProject student, PrometheusContainer prometheus,
            List<LabContainer<?>> containers, LabStack stack) {
        this.what = what;
        this.ownNetwork = ownNetwork;
        this.student = student;
        this.prometheus = prometheus;
        this.containers = containers;
        this.live = LiveChecks.on(stack, containers.toArray(LabContainer<?>[]::new));
    }

    /**
     * Prometheus, Alertmanager and a webhook receiver on a network of their own, over a copy of
     * {@code stack}'s files made under {@code under}.
     */
    public static ExerciseSandbox alerting(LabStack stack, Path under) {
        LabProject student = StudentCopy.of(stack.project(), under);
        Network network = Network.newNetwork();
        PrometheusContainer prometheus = new PrometheusContainer(stack.images().get(LabImage.PROMETHEUS), network, student,
                WorkerInventory.committed(student));
        AlertmanagerContainer alertmanager = new AlertmanagerContainer(stack.images().get(LabImage.ALERTMANAGER), network, student);
        WebhookReceiverContainer webhook = new WebhookReceiverContainer(stack.images().get(LabImage.WEBHOOK_RECEIVER), network);
        return new ExerciseSandbox("the exercises' own Prometheus, Alertmanager and webhook receiver, over a copy of the student's files"
                + " (the lab's keep running)",
                network, student, prometheus, List.of(webhook, alertmanager, prometheus), stack);
    }

    /** A Prometheus that scrapes {@code stack} and alerts nobody, over a copy of its files made under {@code under}. */
    public static ExerciseSandbox scraping(LabStack stack, Path under) {
        LabProject student = StudentCopy.of(stack.project(), under);
        // The lab's target lists (its workers, the add-ons running now), not the copy's committed ones.
        PrometheusContainer prometheus = new PrometheusContainer(stack.images().get(LabImage.PROMETHEUS), stack.network(), student,
                stack.inventory());
        prometheus.setNetworkAliases(new ArrayList<>());
        prometheus.withExtraHost("alertmanager", "127.0.0.1");
        return new ExerciseSandbox("a Prometheus of the exercises' own on the lab network, over a copy of the student's files, alerting nobody"
                + " (the lab's keeps running)",
                null, student, prometheus, List.of(prometheus), stack);
    }

    @Override
    public void start() {
        // Their start prints "prometheus ready" and the like, as the lab's does: say first whose they are.
        Progress.say("%s", what);
        try {
            containers.forEach(Startable::start);
        } catch (RuntimeException e) {
            try {
                stop(); // no Ryuk here to remove what did start
            } catch (RuntimeException alsoStop) {
                e.addSuppressed(alsoStop); // the start's failure is the one to tell
            }
            throw e;
        }
    }

    /** The copy of the student's files it reads. */
    public LabProject student() {
        return student;
    }

    /** Its Prometheus, to see what it runs and records. */
    public PrometheusClient prometheus() {
        return prometheus.client();
    }

    /** The live checks, with the sandbox's services found here and every other in the lab. */
    public LiveChecks live() {
        return live;
    }

    @Override
    public void stop() {
        // Every container, in reverse start order, and the network, even when one will not stop: nothing
        // removes what is left (no Ryuk) but the next stack start's sweep, and a container left running
        // would hold the network. The first failure is thrown once everything was tried.
        RuntimeException failure = null;
        List<LabContainer<?>> started = new ArrayList<>(containers);
        java.util.Collections.reverse(started);
        for (LabContainer<?> container : started) {
            try {
                container.stop();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
                Progress.say("could not stop the sandbox's %s: %s", container.service().alias(), e.getMessage());
            }
        }
        if (ownNetwork != null) {
            try {
                ownNetwork.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
                Progress.say("could not remove the sandbox's network: %s", e.getMessage());
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
