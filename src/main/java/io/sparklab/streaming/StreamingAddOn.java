package io.sparklab.streaming;

import io.sparklab.stack.ImageBuilder;
import io.sparklab.stack.LabAddOn;
import io.sparklab.stack.LabException;
import io.sparklab.stack.LabImage;
import io.sparklab.stack.LabProject;
import io.sparklab.stack.Progress;
import io.sparklab.stack.LabStack;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.testcontainers.containers.Network;

/**
 * The streaming add-on on a lab network: builds the Kafka image if needed, starts the broker and
 * creates the topics before anything reads them (a Structured Streaming query started on a missing
 * topic dies with UnknownTopicOrPartition; the broker does not create topics on its own, see
 * config/kafka-server.properties). Ready only when the broker lists every topic.
 *
 * <p>Composed by whatever owns the network: the shared lab stack passes its own, a standalone run
 * passes a new one.
 */
public final class StreamingAddOn extends LabAddOn {
    /** The card-transaction events (io.sparklab.jobs.TransactionStreamGenerator -> TransactionStreamJob). */
    public static final String TRANSACTIONS_TOPIC = "transactions";
    /** Two partitions: two Spark tasks per batch on the lab's small worker, per-partition lag to see. */
    public static final int TRANSACTIONS_PARTITIONS = 2;
    /** Prometheus jobs of config/prometheus.yml whose targets exist only while the add-on runs. */
    public static final java.util.Set<String> PROMETHEUS_JOBS = java.util.Set.of("kafka", "kafka-lag");
    /**
     * The target lists the add-on writes into the stack's add-on folder (file_sd in config/prometheus.yml):
     * Prometheus scrapes Kafka only while the add-on runs, so "Kafka down" is an alert that is quiet
     * without streaming and keeps one label set while the broker is dead.
     */
    static final Map<String, StreamingService> TARGET_FILES = Map.of(
            "kafka-broker.json", StreamingService.KAFKA, "kafka-lag.json", StreamingService.KAFKA_LAG_EXPORTER);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, Integer> topics = new LinkedHashMap<>();
    private KafkaContainer kafka;
    private KafkaLagExporterContainer lagExporter;

    /** The add-on on a running lab stack: its network, and Prometheus' add-on target folder. */
    public static StreamingAddOn on(LabStack stack) {
        StreamingAddOn addOn = new StreamingAddOn(stack.network(), stack.project());
        addOn.scrapedBy(stack);
        return addOn;
    }

    /** The add-on on a network of its own making (no Prometheus scrapes it). */
    public StreamingAddOn(Network network, LabProject project) {
        super(network, project);
        topics.put(TRANSACTIONS_TOPIC, TRANSACTIONS_PARTITIONS);
    }

    /** Another topic to create before start() returns. */
    public StreamingAddOn withTopic(String name, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("a topic needs at least one partition, was " + partitions + " for " + name);
        }
        topics.put(name, partitions);
        return this;
    }

    @Override
    public synchronized void start() {
        if (kafka != null) {
            return;
        }
        ImageBuilder images = new ImageBuilder(project);
        kafka = new KafkaContainer(images.resolve(LabImage.KAFKA), network, project);
        lagExporter = new KafkaLagExporterContainer(images.resolve(LabImage.SPARK), network);
        applyProfile(kafka, lagExporter);
        try {
            kafka.start();
            long t0 = System.nanoTime();
            topics.forEach(kafka::createTopic);
            Awaitility.await("the broker to list the topics " + topics.keySet()).atMost(READY_TIMEOUT)
                    .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> kafka.topics().containsAll(topics.keySet()));
            Progress.say("kafka topics %s ready in %.1f s", topics.keySet(), (System.nanoTime() - t0) / 1e9);
            lagExporter.start();
            writeTargets(true);
        } catch (RuntimeException e) {
            stop();
            if (e instanceof ConditionTimeoutException) {
                throw new LabException("Kafka started but did not list the topics " + topics.keySet() + " within "
                        + READY_TIMEOUT.toSeconds() + " s", e);
            }
            throw e instanceof LabException ? e : new LabException("The streaming add-on failed to start: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void stop() {
        // Targets first: Prometheus drops them at its next refresh of the lists (5 s), so stopping is
        // not an outage for an alert with a `for` (KafkaDown: 1 minute). The containers go whatever happens.
        try {
            writeTargets(false);
        } catch (RuntimeException e) {
            Progress.say("could not empty the streaming target lists: %s", e.getMessage());
        } finally {
            try {
                if (lagExporter != null) {
                    lagExporter.stop();
                }
            } finally {
                lagExporter = null;
                if (kafka != null) {
                    kafka.stop();
                }
                kafka = null;
            }
        }
    }

    @Override
    protected Map<String, StreamingService> targetFiles() {
        return TARGET_FILES;
    }

    public KafkaLagExporterContainer lagExporter() {
        if (lagExporter == null) {
            throw new IllegalStateException("the streaming add-on is not started");
        }
        return lagExporter;
    }

    public KafkaContainer kafka() {
        if (kafka == null) {
            throw new IllegalStateException("the streaming add-on is not started");
        }
        return kafka;
    }
}
