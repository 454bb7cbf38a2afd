package io.sparklab.client;

import com.fasterxml.jackson.databind.JsonNode;

/** Alertmanager's HTTP API (/api/v2). */
public final class AlertmanagerClient {
    private final String baseUrl;

    public AlertmanagerClient(String baseUrl) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
    }

    public String baseUrl() {
        return baseUrl;
    }

    public boolean isReady() {
        return HttpJson.status(baseUrl + "/-/ready") == 200;
    }

    /** /api/v2/status: cluster state, the loaded config, version. */
    public JsonNode status() {
        return HttpJson.get(baseUrl + "/api/v2/status");
    }

    /** Every alert Alertmanager holds, raw. */
    public JsonNode alerts() {
        return HttpJson.get(baseUrl + "/api/v2/alerts");
    }
}
