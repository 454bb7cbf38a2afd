package io.sparklab.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import okhttp3.Credentials;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** Grafana's HTTP API, as the lab's admin: dashboards found, data source health, panel queries. */
public final class GrafanaClient {
    private final String baseUrl;
    private final String credentials;

    public GrafanaClient(String baseUrl, String user, String password) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.credentials = Credentials.basic(user, password);
    }

    /** /api/search?type=dash-db: every dashboard Grafana loaded. */
    public JsonNode dashboards() {
        return call(new Request.Builder().url(baseUrl + "/api/search?type=dash-db"));
    }

    /** /api/datasources/uid/{uid}/health: Grafana asks the data source itself. */
    public JsonNode datasourceHealth(String uid) {
        return call(new Request.Builder().url(baseUrl + "/api/datasources/uid/" + uid + "/health"));
    }

    /** /api/ds/query with one PromQL range query; returns the frames of refId A. */
    public JsonNode query(String datasourceUid, String expr, Instant from, Instant to) {
        Map<String, Object> body = Map.of(
                "queries", List.of(Map.of("refId", "A", "datasource", Map.of("uid", datasourceUid, "type", "prometheus"),
                        "expr", expr, "range", true, "intervalMs", 5000, "maxDataPoints", 500)),
                "from", Long.toString(from.toEpochMilli()),
                "to", Long.toString(to.toEpochMilli()));
        try {
            String json = HttpJson.MAPPER.writeValueAsString(body);
            return call(new Request.Builder().url(baseUrl + "/api/ds/query")
                    .post(RequestBody.create(json, MediaType.get("application/json")))).path("results").path("A").path("frames");
        } catch (IOException e) {
            throw new ApiException("Grafana query " + expr + ": " + e.getMessage(), e);
        }
    }

    /**
     * The finite numbers in the frames {@link #query} returned, over every field but each frame's first
     * (its time): a frame's data.values holds one array per field, so its size counts columns, not
     * points, and a series of NaN only (sent as null) has none.
     */
    public static long finiteValues(JsonNode frames) {
        long n = 0;
        for (JsonNode frame : frames) {
            JsonNode fields = frame.at("/data/values");
            for (int f = 1; f < fields.size(); f++) {
                for (JsonNode v : fields.get(f)) {
                    if (v.isNumber() && Double.isFinite(v.asDouble())) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    private JsonNode call(Request.Builder request) {
        Request built = request.header("Authorization", credentials).build();
        try (Response response = HttpJson.client().newCall(built).execute()) {
            String text = response.body() != null ? response.body().string() : "";
            if (!response.isSuccessful()) {
                throw new ApiException(built.method() + " " + built.url() + " answered " + response.code() + ": " + text, response.code());
            }
            return HttpJson.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new ApiException(built.method() + " " + built.url() + " failed: " + e.getMessage(), e);
        }
    }
}
