package io.sparklab.streaming;

import io.sparklab.stack.LabContainer;
import io.sparklab.stack.LabException;
import io.sparklab.stack.LabProject;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.containers.wait.strategy.WaitAllStrategy;

/**
 * One Kafka broker in KRaft mode (docker/kafka), reachable as {@code kafka:9092} on the lab network,
 * its config mounted from config/. Ready when the broker has logged that it started (KRaft: after the
 * controller elected itself and the broker registered) and its JMX agent answers, not when a port opens.
 * Topics and offsets are managed with Kafka's own command-line tools inside the container.
 */
public class KafkaContainer extends LabContainer<KafkaContainer> {
    static final String CONFIG_DIR = "/opt/kafka/config/";

    public KafkaContainer(String image, Network network, LabProject project) {
        super(image, StreamingService.KAFKA, network);
        mount(project.config("kafka-server.properties"), CONFIG_DIR + "server.properties");
        mount(project.config("kafka-log4j.properties"), CONFIG_DIR + "log4j.properties");
        mount(project.config("kafka-jmx-exporter.yaml"), CONFIG_DIR + "jmx-exporter.yaml");
        withCommand("kafka-server");
        waitingFor(new WaitAllStrategy()
                .withStrategy(Wait.forLogMessage(".*Kafka Server started.*", 1))
                .withStrategy(Wait.forHttp("/metrics").forPort(StreamingService.KAFKA_JMX_PORT).forStatusCode(200))
                .withStartupTimeout(Duration.ofMinutes(2)));
    }

    /** bootstrap.servers for clients on the lab network. */
    public String bootstrapServers() {
        return StreamingService.KAFKA_BOOTSTRAP;
    }

    /** The broker's Prometheus metrics page, as seen from this machine. */
    public String metricsUrl() {
        return url(StreamingService.KAFKA_JMX_PORT) + "/metrics";
    }

    /** Creates the topic unless it exists (kafka-topics --create --if-not-exists). */
    public void createTopic(String topic, int partitions) {
        tool("kafka-topics", "--bootstrap-server", "localhost:" + StreamingService.KAFKA_PORT, "--create",
                "--if-not-exists", "--topic", topic, "--partitions", Integer.toString(partitions),
                "--replication-factor", "1");
    }

    /** The topics the broker has. */
    public java.util.List<String> topics() {
        return tool("kafka-topics", "--bootstrap-server", "localhost:" + StreamingService.KAFKA_PORT, "--list")
                .lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** Each partition's end offset (the next offset to be written), by partition. */
    public Map<Integer, Long> endOffsets(String topic) {
        Map<Integer, Long> offsets = new TreeMap<>();
        // kafka-get-offsets prints topic:partition:offset per line.
        for (String line : tool("kafka-get-offsets", "--bootstrap-server", "localhost:" + StreamingService.KAFKA_PORT,
                "--topic", topic, "--time", "-1").lines().toList()) {
            String[] parts = line.strip().split(":");
            if (parts.length == 3) {
                offsets.put(Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
            }
        }
        return offsets;
    }

    /** kafka-consumer-groups --describe of a group: its committed offsets and lag, as the tool prints them. */
    public String describeGroup(String group) {
        return tool("kafka-consumer-groups", "--bootstrap-server", "localhost:" + StreamingService.KAFKA_PORT,
                "--describe", "--group", group);
    }

    private String tool(String... command) {
        try {
            ExecResult result = execInContainer(command);
            if (result.getExitCode() != 0) {
                throw new LabException(String.join(" ", command) + " failed in the kafka container (exit "
                        + result.getExitCode() + "): " + result.getStderr().strip());
            }
            return result.getStdout();
        } catch (IOException e) {
            throw new LabException("Cannot run " + command[0] + " in the kafka container: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("Interrupted while running " + command[0], e);
        }
    }
}
