package io.sparklab.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Request;
import okhttp3.Response;

/** Reads what the lab's webhook receiver recorded of Alertmanager's notifications. */
public final class WebhookReceiverClient {
    /** One alert of one notification: its name, its status in that notification, and when it arrived. */
    public record Delivery(Instant receivedAt, String path, String alertname, String status, JsonNode alert) {
        public String label(String name) {
            return alert.path("labels").path(name).asText(null);
        }
    }

    private final String baseUrl;

    public WebhookReceiverClient(String baseUrl) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
    }

    /** True when the receiver answers its readiness check. */
    public boolean isReady() {
        return HttpJson.get(baseUrl + "/-/ready").path("status").asText().equals("ready");
    }

    /** Every alert of every notification received so far, oldest first. */
    public List<Delivery> deliveries() {
        List<Delivery> deliveries = new ArrayList<>();
        for (JsonNode record : HttpJson.get(baseUrl + "/alerts")) {
            Instant at = Instant.ofEpochMilli((long) (record.path("receivedAt").asDouble() * 1000));
            for (JsonNode alert : record.path("notification").path("alerts")) {
                deliveries.add(new Delivery(at, record.path("path").asText(), alert.path("labels").path("alertname").asText(),
                        alert.path("status").asText(), alert));
            }
        }
        return deliveries;
    }

    /** Forgets every recorded notification. */
    public void clear() {
        try (Response response = HttpJson.client().newCall(new Request.Builder().url(baseUrl + "/alerts").delete().build()).execute()) {
            if (!response.isSuccessful()) {
                throw new ApiException("DELETE " + baseUrl + "/alerts answered " + response.code(), response.code());
            }
        } catch (java.io.IOException e) {
            throw new ApiException("DELETE " + baseUrl + "/alerts failed: " + e.getMessage(), e);
        }
    }
}
