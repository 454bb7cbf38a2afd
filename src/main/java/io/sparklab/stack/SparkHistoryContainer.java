package io.sparklab.stack;

import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The Spark history server (UI and REST API on 18080): finished applications' jobs, stages and
 * durations stay inspectable after their driver is gone, from the event logs on the shared volume.
 */
public class SparkHistoryContainer extends LabContainer<SparkHistoryContainer> {
    public SparkHistoryContainer(String image, Network network, LabProject project, String eventsVolume) {
        super(image, LabService.SPARK_HISTORY, network);
        SparkConf.mountInto(this, project);
        withVolume(eventsVolume, LabVolumes.EVENTS_PATH);
        withEnv("SPARK_DAEMON_MEMORY", "256m");
        withCommand("spark-history-server");
        waitingFor(Wait.forHttp("/api/v1/applications").forPort(18080).forStatusCode(200));
    }
}
