package io.sparklab.logs;

import io.sparklab.stack.ResourceLimits;
import io.sparklab.stack.Service;
import io.sparklab.stack.ServiceSpec;

/** The logs add-on's services: the one place their aliases and ports are written in Java. */
public enum LogsService implements Service {
    /** Elasticsearch's REST API: search, bulk intake (the shipper's), cluster health. */
    ELASTICSEARCH("elasticsearch", "Elasticsearch (Spark's logs)", "/_cat/indices?v", new ResourceLimits(1024, 1.0), 9200),
    /** The shipper's counters (rsyslog impstats): lines read, sent, failed, queued. */
    LOG_SHIPPER("log-shipper", "Log shipper counters (rsyslog)", "/metrics", new ResourceLimits(384, 0.5), 9104),
    /** Elasticsearch's health and indexing rate for Prometheus. */
    ELASTICSEARCH_EXPORTER("elasticsearch-exporter", "Elasticsearch metrics", "/metrics", new ResourceLimits(64, 0.25), 9114);

    private final ServiceSpec spec;
    private final ResourceLimits limits;

    LogsService(String alias, String title, String uiPath, ResourceLimits limits, Integer... ports) {
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
