package io.sparklab.streaming;

import io.sparklab.stack.ResourceLimits;
import io.sparklab.stack.Service;
import io.sparklab.stack.ServiceSpec;

/** The streaming add-on's services: the one place their aliases and ports are written in Java. */
public enum StreamingService implements Service {
    /** Main port: the JMX agent's metrics page; then the broker's client port. */
    KAFKA("kafka", "Kafka broker metrics (JMX agent)", "/metrics", new ResourceLimits(1024, 1.0), 7074, 9092),
    /** Consumer lag from the broker's offsets (io.sparklab.jobs.KafkaLagExporter, in the Spark image). */
    KAFKA_LAG_EXPORTER("kafka-lag-exporter", "Kafka consumer lag", "/metrics", new ResourceLimits(256, 0.25), 9308);

    /** Clients on the lab network (the generator, the streaming job) connect here. */
    public static final int KAFKA_PORT = 9092;
    /** The JMX Prometheus agent in the broker JVM (config/kafka-jmx-exporter.yaml). */
    public static final int KAFKA_JMX_PORT = 7074;
    /** bootstrap.servers for anything on the lab network. */
    public static final String KAFKA_BOOTSTRAP = "kafka:" + KAFKA_PORT;

    private final ServiceSpec spec;
    private final ResourceLimits limits;

    StreamingService(String alias, String title, String uiPath, ResourceLimits limits, Integer... ports) {
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
