package io.sparklab.stack;

import java.util.List;
import java.util.Locale;

/**
 * The lab's images. All but Grafana are built from {@code docker/<name>/Dockerfile} on
 * debian:bookworm-slim; Grafana is the one upstream image, pinned.
 *
 * <p>Every name can be overridden, e.g. to use upstream images: system property
 * {@code lab.image.<name>} or environment variable {@code LAB_IMAGE_<NAME>}
 * (e.g. {@code -Dlab.image.prometheus=prom/prometheus:v2.53.0}, {@code LAB_IMAGE_NODE_EXPORTER=...}).
 */
public enum LabImage {
    /** Master, worker, history server and spark-submit. Context: the project root (see /.dockerignore). */
    SPARK("spark", true, List.of("docker/spark", "target/spark-jars", "jars/jmx_prometheus_javaagent.jar", "target/*-job.jar")),
    PROMETHEUS("prometheus", false, List.of("docker/prometheus")),
    ALERTMANAGER("alertmanager", false, List.of("docker/alertmanager")),
    NODE_EXPORTER("node-exporter", false, List.of("docker/node-exporter")),
    PUSHGATEWAY("pushgateway", false, List.of("docker/pushgateway")),
    WEBHOOK_RECEIVER("webhook-receiver", false, List.of("docker/webhook-receiver")),
    GRAFANA("grafana", false, List.of()),
    /** The streaming add-on's broker (io.sparklab.streaming); built by the add-on, not by the core stack. */
    KAFKA("kafka", true, List.of("docker/kafka", "target/kafka-jars", "jars/jmx_prometheus_javaagent.jar")),
    /** The traces add-on's Zipkin server (io.sparklab.tracing); built by the add-on. */
    ZIPKIN("zipkin", true, List.of("docker/zipkin", "target/zipkin-jars")),
    /** The logs add-on's Elasticsearch (io.sparklab.logs); built by the add-on. */
    ELASTICSEARCH("elasticsearch", true, List.of("docker/elasticsearch", "target/elasticsearch-dist")),
    /** The logs add-on's shipper, rsyslog (config in config/logs, mounted). */
    LOG_SHIPPER("log-shipper", false, List.of("docker/log-shipper")),
    /** The logs add-on's Elasticsearch exporter for Prometheus. */
    ELASTICSEARCH_EXPORTER("elasticsearch-exporter", false, List.of("docker/elasticsearch-exporter"));

    /** The pinned upstream Grafana (the only image not built here). */
    public static final String GRAFANA_DEFAULT = "grafana/grafana-oss:11.6.0";
    /** What every lab Dockerfile is built FROM. */
    public static final String BASE_IMAGE = "debian:bookworm-slim";
    /** Repository prefix of the images built here; the tag is a hash of the build inputs. */
    public static final String REPOSITORY_PREFIX = "sparklab/";

    private final String id;
    private final boolean contextIsProjectRoot;
    private final List<String> inputs;

    LabImage(String id, boolean contextIsProjectRoot, List<String> inputs) {
        this.id = id;
        this.contextIsProjectRoot = contextIsProjectRoot;
        this.inputs = inputs;
    }

    public String id() {
        return id;
    }

    /** Whether the image is built here (false: an upstream image). */
    public boolean isBuilt() {
        return this != GRAFANA;
    }

    /** An image of an add-on (streaming, ...): the add-on resolves it when it starts, the core stack does not. */
    public boolean isAddOn() {
        return this == KAFKA || this == ZIPKIN || this == ELASTICSEARCH || this == LOG_SHIPPER || this == ELASTICSEARCH_EXPORTER;
    }

    /** Build inputs, relative to the project root; a trailing {@code *-x.jar} is a glob in its folder. */
    public List<String> inputs() {
        return inputs;
    }

    public boolean contextIsProjectRoot() {
        return contextIsProjectRoot;
    }

    public String dockerfile() {
        return "docker/" + id + "/Dockerfile";
    }

    /** The name given by -Dlab.image.&lt;id&gt; or LAB_IMAGE_&lt;ID&gt;, or null. */
    public String override() {
        String property = System.getProperty("lab.image." + id);
        if (property != null && !property.isBlank()) {
            return property.trim();
        }
        String env = System.getenv("LAB_IMAGE_" + id.toUpperCase(Locale.ROOT).replace('-', '_'));
        return env != null && !env.isBlank() ? env.trim() : null;
    }
}
