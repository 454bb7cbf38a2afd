package io.sparklab.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The standalone master's JSON status (the master UI's /json/). */
public final class SparkMasterClient {
    /** What the master says of itself. */
    public record Status(String status, int aliveWorkers, int cores, List<String> workerStates, int activeApps) {
    }

    private final String uiUrl;

    public SparkMasterClient(String uiUrl) {
        this.uiUrl = uiUrl.replaceAll("/+$", "");
    }

    public Status status() {
        JsonNode json = HttpJson.get(uiUrl + "/json/");
        List<String> states = new ArrayList<>();
        json.path("workers").forEach(w -> states.add(w.path("state").asText()));
        return new Status(json.path("status").asText(), json.path("aliveworkers").asInt(), json.path("cores").asInt(),
                states, json.path("activeapps").size());
    }
}
