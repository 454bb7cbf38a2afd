package io.sparklab.stack;

import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * A standalone worker (UI 8081). Its executors' JMX agent listens on 7072, so it runs one executor
 * per application (see docs/architecture.md); more executors means more workers.
 *
 * <p>Every worker has its own alias spark-worker-N (Prometheus scrapes each one by it, from the
 * worker inventory) and the shared alias spark-worker (Docker's DNS answers it with all of them,
 * which is how Prometheus finds the executors).
 */
public class SparkWorkerContainer extends LabContainer<SparkWorkerContainer> {
    private final String alias;

    public SparkWorkerContainer(String image, Network network, LabProject project, int index, SparkMasterContainer master) {
        super(image, LabService.SPARK_WORKER, network);
        this.alias = LabService.SPARK_WORKER.alias() + "-" + index;
        withNetworkAliases(LabService.SPARK_WORKER.alias(), alias);
        SparkConf.mountInto(this, project);
        withEnv("SPARK_DAEMON_MEMORY", "256m");
        withEnv("SPARK_WORKER_MEMORY", "1g");
        // Its executors' folders (their stderr is their log) on the spark-logs volume, one folder per
        // worker: the log shipper reads the worker, application and executor from the path.
        withEnv("SPARK_WORKER_DIR", LabVolumes.LOGS_PATH + "/work/" + alias);
        withCommand("spark-worker");
        dependsOn(master);
        // Ready when the master has accepted it, not when its UI port opens.
        waitingFor(Wait.forLogMessage(".*Successfully registered with master.*", 1));
    }

    /** This worker's own alias, spark-worker-N: its scrape target's host. */
    public String alias() {
        return alias;
    }
}
