package io.sparklab.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Commits a streaming query's progress to a Kafka consumer group, so the broker side can tell its lag
 * (end offset minus committed offset, per partition) like any consumer's. Spark's Kafka source keeps
 * its offsets in the checkpoint only and commits nothing to Kafka (measured); the checkpoint stays
 * the source of truth, the group is for observing.
 */
public class KafkaOffsetCommitter implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The name of the admin client's network thread ("kafka-admin-client-thread | spark-offset-committer"). */
    static final String THREAD_PREFIX = "kafka-admin-client-thread";

    private final Admin admin;

    public KafkaOffsetCommitter(String bootstrapServers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "spark-offset-committer");
        // A broker outage must not hold the listener thread (it serves every listener) for long.
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        this.admin = Admin.create(props);
    }

    /** The consumer group a query's offsets are committed to. */
    public static String groupFor(String queryName) {
        return "spark-" + queryName;
    }

    /** Commits these offsets (the next offset to read, per partition) to the group. */
    public void commit(String group, Map<TopicPartition, Long> offsets) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        offsets.forEach((tp, offset) -> committed.put(tp, new OffsetAndMetadata(offset)));
        admin.alterConsumerGroupOffsets(group, committed).all().get(10, TimeUnit.SECONDS);
    }

    /**
     * A Kafka source's offsets as Spark reports them in a progress event ({@code endOffset}), e.g.
     * {@code {"transactions":{"0":1200,"1":1187}}}: the next offset to read, per topic and partition.
     */
    public static Map<TopicPartition, Long> parseOffsets(String sparkOffsetsJson) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        if (sparkOffsetsJson == null || sparkOffsetsJson.isBlank()) {
            return offsets;
        }
        try {
            JsonNode root = JSON.readTree(sparkOffsetsJson);
            for (Iterator<Map.Entry<String, JsonNode>> topics = root.fields(); topics.hasNext(); ) {
                Map.Entry<String, JsonNode> topic = topics.next();
                for (Iterator<Map.Entry<String, JsonNode>> partitions = topic.getValue().fields(); partitions.hasNext(); ) {
                    Map.Entry<String, JsonNode> partition = partitions.next();
                    offsets.put(new TopicPartition(topic.getKey(), Integer.parseInt(partition.getKey())), partition.getValue().asLong());
                }
            }
        } catch (Exception e) {
            throw new IllegalArgumentException("not a Kafka source's offsets: " + sparkOffsetsJson, e);
        }
        return offsets;
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(5));
    }
}
