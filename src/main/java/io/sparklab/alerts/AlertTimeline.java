package io.sparklab.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What happened to one alert after a fault was injected: when Prometheus had it pending and
 * firing, when Alertmanager held it, when and on which path (receiver) the webhook received it, and
 * the same for its resolution; and the alert's start as Alertmanager held it and as the webhook got it
 * (startsAt: the evaluation at which Prometheus fired it), which tell this fault's alert from an older one.
 * Instants are null for what was not seen (yet).
 */
public record AlertTimeline(
        String alertname,
        Map<String, String> labels,
        Instant faultAt,
        Instant pendingAt,
        Instant firingAt,
        Instant alertmanagerAt,
        Instant webhookFiringAt,
        String webhookPath,
        Map<String, String> alertmanagerLabels,
        Map<String, String> webhookLabels,
        Instant faultRemovedAt,
        Instant resolvedInPrometheusAt,
        Instant webhookResolvedAt,
        Instant alertmanagerStartsAt,
        Instant webhookStartsAt) {

    public Duration toFiring() {
        return between(faultAt, firingAt);
    }

    public Duration toAlertmanager() {
        return between(faultAt, alertmanagerAt);
    }

    public Duration toWebhook() {
        return between(faultAt, webhookFiringAt);
    }

    public Duration toResolvedWebhook() {
        return between(faultRemovedAt, webhookResolvedAt);
    }

    private static Duration between(Instant from, Instant to) {
        return from == null || to == null ? null : Duration.between(from, to);
    }

    /** The same timeline measured from a later, more exact fault time (e.g. a job's own log line). */
    public AlertTimeline withFaultAt(Instant at) {
        return at == null ? this : new AlertTimeline(alertname, labels, at, pendingAt, firingAt, alertmanagerAt,
                webhookFiringAt, webhookPath, alertmanagerLabels, webhookLabels, faultRemovedAt, resolvedInPrometheusAt, webhookResolvedAt,
                alertmanagerStartsAt, webhookStartsAt);
    }

    AlertTimeline withResolution(Instant removedAt, Instant resolvedInPrometheus, Instant webhookResolved) {
        return new AlertTimeline(alertname, labels, faultAt, pendingAt, firingAt, alertmanagerAt, webhookFiringAt, webhookPath,
                alertmanagerLabels, webhookLabels, removedAt, resolvedInPrometheus, webhookResolved, alertmanagerStartsAt, webhookStartsAt);
    }
}
