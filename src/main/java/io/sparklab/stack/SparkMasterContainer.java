package io.sparklab.stack;

import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The standalone master (UI 8080, RPC 7077). Drivers run here too, as with the plan's
 * {@code docker exec spark-master spark-submit ...}: their UI is 4040 and their JMX agent 7071.
 */
public class SparkMasterContainer extends LabContainer<SparkMasterContainer> {
    public SparkMasterContainer(String image, Network network, LabProject project) {
        super(image, LabService.SPARK_MASTER, network);
        SparkConf.mountInto(this, project);
        withEnv("SPARK_DAEMON_MEMORY", "256m");
        withCommand("spark-master");
        // Ready when the master reports itself ALIVE (elected leader), not merely when a port opens.
        waitingFor(Wait.forHttp("/json/").forPort(8080).forResponsePredicate(body -> body.contains("\"ALIVE\"")));
    }

    /** spark://... URL for applications on the lab network. */
    public String masterUrl() {
        return "spark://" + LabService.SPARK_MASTER.alias() + ":" + LabService.MASTER_RPC_PORT;
    }
}
