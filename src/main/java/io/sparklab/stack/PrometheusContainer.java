package io.sparklab.stack;

import io.sparklab.client.PrometheusClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * Prometheus with config/prometheus.yml, config/alert-rules.yml and the worker inventory mounted,
 * its TSDB on a named volume (LabVolumes) so a restarted or re-created Prometheus keeps its history.
 */
public class PrometheusContainer extends LabContainer<PrometheusContainer> {
    public static final String TSDB_PATH = "/prometheus";
    static final String WORKER_TARGETS_PATH = "/etc/prometheus/targets/spark-workers.json";

    public PrometheusContainer(String image, Network network, LabProject project, int workers) {
        super(image, LabService.PROMETHEUS, network);
        mount(project.config("prometheus.yml"), "/etc/prometheus/prometheus.yml");
        mount(project.config("alert-rules.yml"), "/etc/prometheus/alert-rules.yml");
        mount(workerTargets(project, workers), WORKER_TARGETS_PATH);
        waitingFor(Wait.forHttp("/-/ready").forPort(9090).forStatusCode(200));
    }

    /**
     * The spark-worker scrape targets, one per worker alias: config/spark-workers.json (one worker,
     * as docker-compose runs it), or a list the stack writes under target/ for more workers.
     */
    static Path workerTargets(LabProject project, int workers) {
        Path committed = project.config("spark-workers.json");
        if (workers == 1) {
            return committed;
        }
        String targets = IntStream.rangeClosed(1, workers)
                .mapToObj(i -> "\"" + LabService.SPARK_WORKER.alias() + "-" + i + ":" + LabService.SPARK_WORKER.port() + "\"")
                .collect(Collectors.joining(", "));
        try {
            Path dir = Files.createDirectories(project.target().resolve("lab-stack"));
            Path file = dir.resolve("spark-workers-" + workers + ".json");
            Files.writeString(file, "[{\"targets\": [" + targets + "]}]\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the worker targets under " + project.target(), e);
        }
    }

    public PrometheusClient client() {
        return new PrometheusClient(url());
    }
}
