package io.sparklab.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparklab.client.AlertmanagerClient;
import io.sparklab.client.PrometheusClient;
import io.sparklab.client.WebhookReceiverClient;
import io.sparklab.stack.LabException;
import io.sparklab.stack.LabStack;
import io.sparklab.stack.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Follows one alert through the pipeline after a fault: Prometheus (/api/v1/alerts: pending, then
 * firing), Alertmanager (/api/v2/alerts) and the webhook receiver, polling all three every 200 ms so
 * each step's time is known to a fraction of a second; then its resolution.
 */
public final class AlertWatch {
    private static final Duration POLL = Duration.ofMillis(200);

    private final PrometheusClient prometheus;
    private final AlertmanagerClient alertmanager;
    private final WebhookReceiverClient webhook;

    public AlertWatch(LabStack stack) {
        this.prometheus = stack.prometheus().client();
        this.alertmanager = stack.alertmanager().client();
        this.webhook = stack.webhookReceiver().client();
    }

    /**
     * Waits until the alert (name and, if given, labels it must have) fired in Prometheus, is held by
     * Alertmanager and reached the webhook, all after {@code faultAt}.
     */
    public AlertTimeline awaitFiring(String alertname, Map<String, String> labels, Instant faultAt, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Instant pending = null;
        Instant firing = null;
        Instant inAlertmanager = null;
        Instant atWebhook = null;
        Map<String, String> amLabels = null;
        Map<String, String> webhookLabels = null;
        while (Instant.now().isBefore(deadline)) {
            Instant now = Instant.now();
            for (JsonNode alert : prometheus.alerts()) {
                if (matches(alert.path("labels"), alertname, labels)) {
                    String state = alert.path("state").asText();
                    if (pending == null && (state.equals("pending") || state.equals("firing"))) {
                        pending = now;
                    }
                    if (firing == null && state.equals("firing")) {
                        firing = now;
                        Progress.say("  %s firing in Prometheus after %.1f s", alertname, seconds(faultAt, now));
                    }
                }
            }
            if (firing != null && inAlertmanager == null) {
                for (JsonNode alert : alertmanager.alerts()) {
                    String state = alert.path("status").path("state").asText();
                    if (matches(alert.path("labels"), alertname, labels) && (state.equals("active") || state.equals("suppressed"))) {
                        inAlertmanager = now;
                        amLabels = toMap(alert.path("labels"));
                        Progress.say("  %s in Alertmanager after %.1f s (%s)", alertname, seconds(faultAt, now),
                                alert.path("status").path("state").asText());
                    }
                }
            }
            if (firing != null && atWebhook == null) {
                for (WebhookReceiverClient.Delivery delivery : webhook.deliveries()) {
                    if (delivery.status().equals("firing") && !delivery.receivedAt().isBefore(faultAt)
                            && matches(delivery.alert().path("labels"), alertname, labels)) {
                        atWebhook = delivery.receivedAt();
                        webhookLabels = toMap(delivery.alert().path("labels"));
                        Progress.say("  %s at the webhook after %.1f s", alertname, seconds(faultAt, atWebhook));
                        break;
                    }
                }
            }
            if (firing != null && inAlertmanager != null && atWebhook != null) {
                return new AlertTimeline(alertname, labels, faultAt, pending, firing, inAlertmanager, atWebhook, amLabels,
                        webhookLabels, null, null, null);
            }
            sleep();
        }
        throw new LabException(String.format("%s%s did not go all the way within %d s of the fault: pending %s, firing %s, "
                        + "Alertmanager %s, webhook %s. Prometheus alerts now: %s", alertname, labels, timeout.toSeconds(),
                seen(pending), seen(firing), seen(inAlertmanager), seen(atWebhook), prometheus.alerts()));
    }

    /** Waits until Prometheus no longer has the alert and the webhook got its resolved notification. */
    public AlertTimeline awaitResolved(AlertTimeline fired, Instant faultRemovedAt, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Instant resolvedInPrometheus = null;
        while (Instant.now().isBefore(deadline)) {
            Instant now = Instant.now();
            if (resolvedInPrometheus == null) {
                boolean active = false;
                for (JsonNode alert : prometheus.alerts()) {
                    active |= matches(alert.path("labels"), fired.alertname(), fired.labels());
                }
                if (!active) {
                    resolvedInPrometheus = now;
                }
            }
            for (WebhookReceiverClient.Delivery delivery : webhook.deliveries()) {
                if (delivery.status().equals("resolved") && delivery.receivedAt().isAfter(fired.webhookFiringAt())
                        && matches(delivery.alert().path("labels"), fired.alertname(), fired.labels())) {
                    Progress.say("  %s resolved at the webhook %.1f s after the fault was removed", fired.alertname(),
                            seconds(faultRemovedAt, delivery.receivedAt()));
                    return fired.withResolution(faultRemovedAt, resolvedInPrometheus == null ? now : resolvedInPrometheus,
                            delivery.receivedAt());
                }
            }
            sleep();
        }
        throw new LabException(fired.alertname() + fired.labels() + " was not resolved at the webhook within "
                + timeout.toSeconds() + " s of removing the fault; Prometheus alerts now: " + prometheus.alerts());
    }

    private static boolean matches(JsonNode alertLabels, String alertname, Map<String, String> labels) {
        if (!alertname.equals(alertLabels.path("alertname").asText())) {
            return false;
        }
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (!label.getValue().equals(alertLabels.path(label.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> toMap(JsonNode labels) {
        Map<String, String> map = new LinkedHashMap<>();
        labels.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    private static String seen(Instant at) {
        return at == null ? "not seen" : "seen";
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis()); // polling period of the three APIs
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while watching an alert", e);
        }
    }
}
