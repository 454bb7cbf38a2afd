package io.sparklab.stack;

import java.util.List;

/**
 * What a lab container needs to know of the service it runs: its network alias and its ports. The
 * core services are {@link LabService}; an add-on (io.sparklab.streaming, ...) names its own, so the
 * core list, docker-compose and their parity checks do not grow with each add-on.
 */
public interface Service {
    /** The service's alias, title, first page and ports. */
    ServiceSpec spec();

    /** Network alias on the lab network, and the container name (in docker-compose, or with the plan's ports). */
    default String alias() {
        return spec().alias();
    }

    default String title() {
        return spec().title();
    }

    /** The page a person opens first. */
    default String uiPath() {
        return spec().uiPath();
    }

    /** Every port the service exposes, main port first. */
    default List<Integer> ports() {
        return spec().ports();
    }

    /** Memory and CPU limits in the hardened profile; empty where the service has none yet (add-ons). */
    default java.util.Optional<ResourceLimits> limits() {
        return java.util.Optional.empty();
    }

    /** The main (UI or metrics) port. */
    default int port() {
        return ports().get(0);
    }
}
