package io.sparklab.logs;

import io.sparklab.stack.Service;
import io.sparklab.stack.ServiceSpec;

/** The logs add-on's services: the one place their aliases and ports are written in Java. */
public enum LogsService implements Service {
    /** Elasticsearch's REST API: search, bulk intake (the shipper's), cluster health. */
    ELASTICSEARCH("elasticsearch", "Elasticsearch (Spark's logs)", "/_cat/indices?v", 9200),
    /** The shipper's counters (rsyslog impstats): lines read, sent, failed, queued. */
    LOG_SHIPPER("log-shipper", "Log shipper counters (rsyslog)", "/metrics", 9104),
    /** Elasticsearch's health and indexing rate for Prometheus. */
    ELASTICSEARCH_EXPORTER("elasticsearch-exporter", "Elasticsearch metrics", "/metrics", 9114);

    private final ServiceSpec spec;

    LogsService(String alias, String title, String uiPath, Integer... ports) {
        this.spec = new ServiceSpec(alias, title, uiPath, ports);
    }

    @Override
    public ServiceSpec spec() {
        return spec;
    }
}
