package io.sparklab.logs;

import io.sparklab.stack.LabContainer;
import io.sparklab.stack.LabProject;
import io.sparklab.stack.LabVolumes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.testcontainers.containers.Container.ExecResult;
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

    /** rsyslog's record of the bulk requests Elasticsearch answered with errors (config/logs/rsyslog.conf, errorFile). */
    static final String ERROR_FILE = "/var/spool/rsyslog-lab/elasticsearch-errors.json";

    /**
     * The bulk requests Elasticsearch answered with errors, one JSON line each (request and reply), as
     * rsyslog recorded them: the events of a refused document are not in the index. None when the file
     * does not exist.
     */
    public List<String> refusedRequests() {
        try {
            ExecResult read = execInContainer("sh", "-c", "cat " + ERROR_FILE + " 2>/dev/null || true");
            return read.getStdout().lines().filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shipper's " + ERROR_FILE, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading the shipper's " + ERROR_FILE, e);
        }
    }

    /** The shipper's counters, the page Prometheus scrapes. */
    public String metricsUrl() {
        return url() + "/metrics";
    }
}
