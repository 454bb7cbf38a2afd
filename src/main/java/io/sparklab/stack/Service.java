package io.sparklab.stack;

import java.util.List;

/**
 * What a lab container needs to know of the service it runs: its network alias and its ports. The
 * core services are {@link LabService}; an add-on (io.sparklab.streaming, ...) names its own, so the
 * core list, docker-compose and their parity checks do not grow with each add-on.
 */
public interface Service {
    /** Network alias on the lab network (and the container name with the plan's ports). */
    String alias();

    String title();

    /** The page a person opens first. */
    String uiPath();

    /** Every port the service exposes, main port first. */
    List<Integer> ports();

    /** The main (UI or metrics) port. */
    default int port() {
        return ports().get(0);
    }
}
