package io.sparklab.jobs;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Consumer lag seen from the broker, as a Prometheus exporter of its own (port 9308, the names of
 * danielqsj/kafka_exporter): every consumer group's committed offset, every partition's end offset,
 * and their difference. It runs apart from the streaming job on purpose: a dead or hung driver exports
 * nothing, while the lag it leaves behind keeps growing here, which is what a stall alert needs.
 *
 * <p>Read from the broker at each scrape (no background thread, nothing older than the scrape), with
 * short timeouts so a dead broker answers {@code kafka_lag_exporter_up 0} within the scrape timeout
 * instead of a scrape error. Runs in the Spark image, which holds kafka-clients and the Prometheus
 * client: {@code java -cp '/opt/spark/jars/*:/opt/spark/jobs/etl-job.jar' io.sparklab.jobs.KafkaLagExporter}.
 */
public final class KafkaLagExporter implements AutoCloseable {
    static final String USAGE = "usage: KafkaLagExporter [--bootstrap kafka:9092] [--port 9308]";
    /** A whole read of the broker's offsets, well under Prometheus' scrape timeout (config/prometheus.yml). */
    private static final long READ_BUDGET_MS = 2500;
    private static final long TIMEOUT_MS = READ_BUDGET_MS;

    private final Admin admin;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private volatile Snapshot snapshot = Snapshot.EMPTY;

    /** One reading of the broker: offsets by group and partition. {@code up} false when it did not answer. */
    record Snapshot(long takenAtMillis, boolean up, Map<TopicPartition, Long> ends,
                    Map<String, Map<TopicPartition, Long>> committed) {
        static final Snapshot EMPTY = new Snapshot(0, false, Map.of(), Map.of());

        /** Lag per group and partition: the end offset minus the committed one, never negative. */
        Map<String, Map<TopicPartition, Long>> lag() {
            Map<String, Map<TopicPartition, Long>> lag = new HashMap<>();
            committed.forEach((group, offsets) -> offsets.forEach((tp, offset) -> {
                Long end = ends.get(tp);
                if (end != null) {
                    lag.computeIfAbsent(group, g -> new HashMap<>()).put(tp, Math.max(0, end - offset));
                }
            }));
            return lag;
        }
    }

    KafkaLagExporter(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "kafka-lag-exporter");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(TIMEOUT_MS));
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(TIMEOUT_MS));
        // While the broker is down the client retries its connection; keep that quiet and quick.
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        this.admin = Admin.create(props);
        // Three gauges read one snapshot: the first callback of a scrape reads the broker, the others
        // reuse it (a scrape calls them within milliseconds).
        GaugeWithCallback.builder().name("kafka_lag_exporter_up")
                .help("1 when the broker answered this scrape's offset requests, 0 when it did not")
                .callback(cb -> cb.call(current().up() ? 1 : 0)).register(registry);
        GaugeWithCallback.builder().name("kafka_consumergroup_current_offset")
                .help("The consumer group's committed offset (the next offset it will read), by partition")
                .labelNames("consumergroup", "topic", "partition")
                .callback(cb -> current().committed().forEach((group, offsets) -> offsets.forEach((tp, offset) ->
                        cb.call(offset, group, tp.topic(), Integer.toString(tp.partition())))))
                .register(registry);
        GaugeWithCallback.builder().name("kafka_topic_partition_current_offset")
                .help("The partition's end offset (the next offset to be written)")
                .labelNames("topic", "partition")
                .callback(cb -> current().ends().forEach((tp, end) -> cb.call(end, tp.topic(), Integer.toString(tp.partition()))))
                .register(registry);
        GaugeWithCallback.builder().name("kafka_consumergroup_lag")
                .help("Messages the consumer group has not committed yet: end offset minus committed offset, by partition")
                .labelNames("consumergroup", "topic", "partition")
                .callback(cb -> current().lag().forEach((group, offsets) -> offsets.forEach((tp, lag) ->
                        cb.call(lag, group, tp.topic(), Integer.toString(tp.partition())))))
                .register(registry);
    }

    /**
     * The snapshot of this scrape: read once, reused by the scrape's other gauges for a second. Stamped
     * when the read ends, so a slow read (a broker that does not answer) is not repeated per gauge.
     */
    private synchronized Snapshot current() {
        if (System.currentTimeMillis() - snapshot.takenAtMillis() > 1000) {
            snapshot = read();
        }
        return snapshot;
    }

    /** Every offset the scrape needs, all within one deadline (under Prometheus' scrape timeout). */
    private Snapshot read() {
        long deadline = System.currentTimeMillis() + READ_BUDGET_MS;
        try {
            Map<String, ListConsumerGroupOffsetsSpec> groups = new HashMap<>();
            for (ConsumerGroupListing group : admin.listConsumerGroups().all().get(left(deadline), TimeUnit.MILLISECONDS)) {
                groups.put(group.groupId(), new ListConsumerGroupOffsetsSpec());
            }
            Map<String, Map<TopicPartition, Long>> committed = new HashMap<>();
            if (!groups.isEmpty()) {
                admin.listConsumerGroupOffsets(groups).all().get(left(deadline), TimeUnit.MILLISECONDS).forEach((group, offsets) -> {
                    Map<TopicPartition, Long> byPartition = new HashMap<>();
                    offsets.forEach((tp, offset) -> {
                        if (offset != null) {
                            byPartition.put(tp, offset.offset());
                        }
                    });
                    if (!byPartition.isEmpty()) {
                        committed.put(group, byPartition);
                    }
                });
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            List<String> topics = new ArrayList<>(admin.listTopics().names().get(left(deadline), TimeUnit.MILLISECONDS));
            for (TopicDescription topic : admin.describeTopics(topics).allTopicNames().get(left(deadline), TimeUnit.MILLISECONDS).values()) {
                topic.partitions().forEach(p -> latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, Long> ends = new HashMap<>();
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : admin.listOffsets(latest).all()
                    .get(left(deadline), TimeUnit.MILLISECONDS).entrySet()) {
                ends.put(e.getKey(), e.getValue().offset());
            }
            return new Snapshot(System.currentTimeMillis(), true, ends, committed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Snapshot(System.currentTimeMillis(), false, Map.of(), Map.of());
        } catch (Exception e) {
            // A broker that does not answer: no offsets (they would be stale), and up = 0 says why.
            System.err.printf(Locale.ROOT, "[kafka-lag-exporter] the broker did not answer within %d ms: %s%n", READ_BUDGET_MS, e);
            return new Snapshot(System.currentTimeMillis(), false, Map.of(), Map.of());
        }
    }

    private static long left(long deadline) {
        return Math.max(1, deadline - System.currentTimeMillis());
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(2));
    }

    public static void main(String[] args) throws Exception {
        String bootstrap;
        int port;
        try {
            NameValueArgs values = NameValueArgs.byName(USAGE, args);
            bootstrap = values.takeNonBlank("bootstrap", "kafka:9092");
            port = (int) values.takeLong("port", 9308, 1, 65_535);
            values.refuseUnknown();
        } catch (IllegalArgumentException e) {
            System.err.println("KafkaLagExporter: " + e.getMessage());
            System.exit(64);
            return;
        }
        KafkaLagExporter exporter = new KafkaLagExporter(bootstrap);
        HTTPServer server = HTTPServer.builder().port(port).registry(exporter.registry).buildAndStart();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            exporter.close();
        }));
        System.out.printf(Locale.ROOT, "[kafka-lag-exporter] serving consumer lag of %s on :%d/metrics%n", bootstrap, port);
        Thread.currentThread().join();
    }
}
