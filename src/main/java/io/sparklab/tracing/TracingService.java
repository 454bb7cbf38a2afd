package io.sparklab.tracing;

import io.sparklab.stack.ResourceLimits;
import io.sparklab.stack.Service;
import io.sparklab.stack.ServiceSpec;

/** The traces add-on's services: the one place their aliases and ports are written in Java. */
public enum TracingService implements Service {
    /** Zipkin: UI, span intake, query API, /health and /prometheus on one port. */
    ZIPKIN("zipkin", "Zipkin (traces of the Spark driver)", "/zipkin/", new ResourceLimits(512, 0.5), 9411);

    /**
     * Where the driver's tracing listener sends spans by default (io.sparklab.jobs.TracingListener);
     * OTEL_EXPORTER_ZIPKIN_ENDPOINT or otel.exporter.zipkin.endpoint override it.
     */
    public static final String ZIPKIN_SPANS_ENDPOINT = "http://zipkin:9411/api/v2/spans";

    private final ServiceSpec spec;
    private final ResourceLimits limits;

    TracingService(String alias, String title, String uiPath, ResourceLimits limits, Integer... ports) {
        this.spec = new ServiceSpec(alias, title, uiPath, ports);
        this.limits = limits;
    }

    /** Its limits in the hardened profile (docs/hardening.md: measured peaks with head room, heaps at most half). */
    @Override
    public java.util.Optional<ResourceLimits> limits() {
        return java.util.Optional.of(limits);
    }

    @Override
    public ServiceSpec spec() {
        return spec;
    }
}
