package io.sparklab.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.awaitility.Awaitility;

/**
 * Spark's monitoring REST API (/api/v1), served by a running driver's UI (4040) and by the history
 * server (18080) for finished applications.
 */
public final class SparkRestClient {
    private final String baseUrl;

    public SparkRestClient(String uiUrl) {
        this.baseUrl = uiUrl.replaceAll("/+$", "") + "/api/v1";
    }

    public JsonNode applications() {
        return HttpJson.get(baseUrl + "/applications");
    }

    public JsonNode application(String appId) {
        return HttpJson.get(baseUrl + "/applications/" + appId);
    }

    public JsonNode jobs(String appId) {
        return HttpJson.get(baseUrl + "/applications/" + appId + "/jobs");
    }

    public JsonNode stages(String appId) {
        return HttpJson.get(baseUrl + "/applications/" + appId + "/stages");
    }

    /**
     * Waits until the application's first attempt is completed here. The history server lists an
     * application only once it has read its event log (it polls the log directory), so right after a
     * job ends the application is missing or still shown as running.
     */
    public void awaitCompleted(String appId, Duration atMost) {
        Awaitility.await("application " + appId + " completed in " + baseUrl).atMost(atMost)
                .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> application(appId).path("attempts").path(0).path("completed").asBoolean());
    }

    /** Every executor the application had, the driver included, with its task counts. */
    public JsonNode allExecutors(String appId) {
        return HttpJson.get(baseUrl + "/applications/" + appId + "/allexecutors");
    }

    /** Completed tasks over all jobs of the application. */
    public long completedTasks(String appId) {
        long total = 0;
        for (JsonNode job : jobs(appId)) {
            total += job.path("numCompletedTasks").asLong();
        }
        return total;
    }
}
