package io.sparklab.stack;

import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * A standalone worker (UI 8081). Its executors' JMX agent listens on 7072, so it runs one executor
 * per application (see docs/architecture.md); more executors means more workers.
 *
 * <p>Every worker has the alias spark-worker (Docker's DNS answers it with all of them, which is how
 * Prometheus finds them) and its own spark-worker-N.
 */
public class SparkWorkerContainer extends LabContainer<SparkWorkerContainer> {
    public SparkWorkerContainer(String image, Network network, LabProject project, int index, SparkMasterContainer master) {
        super(image, LabService.SPARK_WORKER, network);
        withNetworkAliases(LabService.SPARK_WORKER.alias(), LabService.SPARK_WORKER.alias() + "-" + index);
        SparkConf.mountInto(this, project);
        withEnv("SPARK_DAEMON_MEMORY", "256m");
        withEnv("SPARK_WORKER_MEMORY", "1g");
        withCommand("spark-worker");
        dependsOn(master);
        // Ready when the master has accepted it, not when its UI port opens.
        waitingFor(Wait.forLogMessage(".*Successfully registered with master.*", 1));
    }
}
