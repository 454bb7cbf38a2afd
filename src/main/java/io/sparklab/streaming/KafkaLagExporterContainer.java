package io.sparklab.streaming;

import io.sparklab.stack.LabContainer;
import java.time.Duration;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The consumer-lag exporter (io.sparklab.jobs.KafkaLagExporter) as its own service on the lab network,
 * {@code kafka-lag-exporter:9308}. It runs from the Spark image, which already holds kafka-clients,
 * the Prometheus client and the lab's jar: no image of its own to build. Apart from the streaming job
 * on purpose: the lag it measures outlives a dead driver.
 */
public class KafkaLagExporterContainer extends LabContainer<KafkaLagExporterContainer> {
    static final String MAIN_CLASS = "io.sparklab.jobs.KafkaLagExporter";
    private static final String CLASSPATH = "/opt/spark/jars/*:/opt/spark/jobs/etl-job.jar";

    public KafkaLagExporterContainer(String sparkImage, Network network) {
        super(sparkImage, StreamingService.KAFKA_LAG_EXPORTER, network);
        withCommand("java", "-Xmx96m", "-cp", CLASSPATH, MAIN_CLASS, "--bootstrap", StreamingService.KAFKA_BOOTSTRAP,
                "--port", Integer.toString(StreamingService.KAFKA_LAG_EXPORTER.port()));
        waitingFor(Wait.forHttp("/metrics").forPort(StreamingService.KAFKA_LAG_EXPORTER.port()).forStatusCode(200)
                .withStartupTimeout(Duration.ofMinutes(1)));
    }

    /** The exporter's metrics page, as seen from this machine. */
    public String metricsUrl() {
        return url() + "/metrics";
    }
}
