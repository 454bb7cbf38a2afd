package io.sparklab.logs;

import io.sparklab.stack.LabContainer;
import io.sparklab.stack.LabProject;
import io.sparklab.stack.LabVolumes;
import java.time.Duration;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The shipper (docker/log-shipper: rsyslog): reads the spark-logs volume, read-only, with the config of
 * config/logs (mounted whole at /etc/rsyslog-lab) and sends every event to {@code elasticsearch:9200}.
 * Ready when its counters answer: rsyslog has read its config and started its outputs by then.
 */
public class LogShipperContainer extends LabContainer<LogShipperContainer> {
    /** Where rsyslog reads its config from (config/logs). */
    static final String CONFIG_PATH = "/etc/rsyslog-lab";

    public LogShipperContainer(String image, Network network, LabProject project, String logsVolume) {
        super(image, LogsService.LOG_SHIPPER, network);
        mount(project.config("logs"), CONFIG_PATH);
        withVolume(logsVolume, LabVolumes.LOGS_PATH, true);
        waitingFor(Wait.forHttp("/metrics").forPort(LogsService.LOG_SHIPPER.port()).forStatusCode(200)
                .withStartupTimeout(Duration.ofMinutes(1)));
    }

    /** The shipper's counters, the page Prometheus scrapes. */
    public String metricsUrl() {
        return url() + "/metrics";
    }
}
