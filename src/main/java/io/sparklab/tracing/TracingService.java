package io.sparklab.tracing;

import io.sparklab.stack.Service;
import io.sparklab.stack.ServiceSpec;

/** The traces add-on's services: the one place their aliases and ports are written in Java. */
public enum TracingService implements Service {
    /** Zipkin: UI, span intake, query API, /health and /prometheus on one port. */
    ZIPKIN("zipkin", "Zipkin (traces of the Spark driver)", "/zipkin/", 9411);

    /**
     * Where the driver's tracing listener sends spans by default (io.sparklab.jobs.TracingListener);
     * OTEL_EXPORTER_ZIPKIN_ENDPOINT or otel.exporter.zipkin.endpoint override it.
     */
    public static final String ZIPKIN_SPANS_ENDPOINT = "http://zipkin:9411/api/v2/spans";

    private final ServiceSpec spec;

    TracingService(String alias, String title, String uiPath, Integer... ports) {
        this.spec = new ServiceSpec(alias, title, uiPath, ports);
    }

    @Override
    public ServiceSpec spec() {
        return spec;
    }
}
