package io.sparklab.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparklab.client.HttpJson;
import io.sparklab.stack.LabProject;
import io.sparklab.support.LabPart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Network;

/**
 * The streaming add-on on a network of its own: the broker is ready with its topics when start()
 * returns, its metrics answer, and a restarted broker keeps its topics (storage is formatted once).
 */
@LabPart
@Order(55)
@DisplayName("Streaming add-on: Kafka starts on the lab network with its topics")
class StreamingAddOnTest {
    private static Network network;
    private static StreamingAddOn streaming;

    @BeforeAll
    static void start() {
        network = Network.newNetwork();
        streaming = new StreamingAddOn(network, LabProject.current()).withTopic("smoke", 1);
        streaming.start();
    }

    @AfterAll
    static void stop() {
        if (streaming != null) {
            streaming.stop();
        }
        if (network != null) {
            network.close();
        }
    }

    @Test
    void the_topics_exist_when_start_returns() {
        assertThat(streaming.kafka().topics()).contains(StreamingAddOn.TRANSACTIONS_TOPIC, "smoke");
        assertThat(streaming.kafka().endOffsets(StreamingAddOn.TRANSACTIONS_TOPIC)).containsOnlyKeys(0, 1).containsValues(0L);
        assertThat(streaming.kafka().getNetworkAliases()).contains(StreamingService.KAFKA.alias());
    }

    @Test
    void the_broker_exports_jvm_and_broker_metrics() {
        String metrics = HttpJson.text(streaming.kafka().metricsUrl());
        assertThat(metrics).contains("jvm_heap_memory_used ", "kafka_server_broker_state 3.0", "kafka_controller_activecontrollercount 1.0",
                "kafka_log_end_offset{partition=\"0\",topic=\"transactions\"}");
    }

    @Test
    void the_broker_runs_as_a_user_not_root() throws Exception {
        assertThat(streaming.kafka().execInContainer("id", "-u").getStdout().strip()).isNotEqualTo("0");
    }
}
