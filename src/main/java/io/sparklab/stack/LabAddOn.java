package io.sparklab.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.testcontainers.containers.Network;
import org.testcontainers.lifecycle.Startable;

/**
 * An add-on of the lab (streaming, traces, ...): its containers join a lab network that whatever owns
 * it made (the shared lab stack passes its own, a standalone run a new one), and its Prometheus
 * targets exist only while it runs: it writes them into the stack's add-on folder (file_sd in
 * config/prometheus.yml, mounted at /etc/prometheus/addons). So an add-on's "down" alerts are quiet
 * without it and keep one label set while one of its services is dead.
 */
public abstract class LabAddOn implements Startable {
    protected final Network network;
    protected final LabProject project;
    private Path targetsDir;
    private boolean planPorts;
    private boolean hardened;

    protected LabAddOn(Network network, LabProject project) {
        if (network == null || project == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " needs the lab network and the project (was "
                    + network + ", " + project + ")");
        }
        this.network = network;
        this.project = project;
    }

    /**
     * Lists this add-on's targets in the stack's add-on folder for Prometheus, and publishes its
     * services' ports as the stack does (./lab up: the plan's ports; tests: random ones).
     */
    protected void scrapedBy(LabStack stack) {
        this.targetsDir = stack.addonTargets();
        this.planPorts = stack.planPorts();
        this.hardened = stack.hardened();
    }

    /**
     * What the stack's profile asks of the add-on's containers, before they start: in the hardened
     * profile, each service's memory and CPU limits, as the stack's own containers have. (TLS and
     * basic auth on the add-ons are not done yet: docs/hardening.md.)
     */
    protected void applyProfile(LabContainer<?>... containers) {
        if (!hardened) {
            return;
        }
        for (LabContainer<?> container : containers) {
            container.withServiceLimits();
        }
    }

    /** Whether the add-on's containers should publish their own ports and names, like the stack's. */
    protected boolean planPorts() {
        return planPorts;
    }

    /** The target lists it writes (file name in the add-on folder, and the service it lists). */
    protected abstract Map<String, ? extends Service> targetFiles();

    /**
     * Writes each list: the service's alias and main port while {@code running}, else empty. Without
     * a stack's folder (an add-on on a network of its own, no Prometheus) it writes nothing.
     */
    protected void writeTargets(boolean running) {
        if (targetsDir == null) {
            return;
        }
        targetFiles().forEach((file, service) -> {
            String targets = running ? "[{\"targets\": [\"" + service.alias() + ":" + service.port() + "\"]}]\n" : "[]\n";
            try {
                Files.writeString(targetsDir.resolve(file), targets);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write Prometheus' target list " + targetsDir.resolve(file), e);
            }
        });
    }
}
