package io.sparklab.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparklab.client.AlertmanagerClient;
import io.sparklab.client.PrometheusClient;
import io.sparklab.client.WebhookReceiverClient;
import io.sparklab.stack.LabException;
import io.sparklab.stack.LabStack;
import io.sparklab.stack.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Follows one alert through the pipeline after a fault: Prometheus (/api/v1/alerts: pending for a
 * rule with a `for`, then firing), Alertmanager (/api/v2/alerts) and the webhook receiver, polling all three every 200 ms so
 * each step's time is known to a fraction of a second; then its resolution.
 */
public final class AlertWatch {
    private static final Duration POLL = Duration.ofMillis(200);

    private final LabStack stack;

    public AlertWatch(LabStack stack) {
        this.stack = stack;
    }

    // Clients are made per call: a scenario stops, starts or re-creates containers, and each start
    // publishes the container's ports on new random host ports.
    private PrometheusClient prometheus() {
        return stack.prometheus().client();
    }

    private AlertmanagerClient alertmanager() {
        return stack.alertmanager().client();
    }

    private WebhookReceiverClient webhook() {
        return stack.webhookReceiver().client();
    }

    /** An alert to wait for: its name and labels it must have. */
    public record Expected(String alertname, Map<String, String> labels) {
    }

    /**
     * Waits until none of these alerts is pending or firing in Prometheus or active in Alertmanager:
     * the state a fault scenario starts from (a stack that just started may still have start-up
     * alerts, and a previous scenario's alerts may still be resolving).
     */
    public void awaitQuiet(List<String> alertnames, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            boolean active = false;
            for (JsonNode alert : prometheus().alerts()) {
                active |= alertnames.contains(alert.path("labels").path("alertname").asText());
            }
            for (JsonNode alert : alertmanager().alerts()) {
                active |= alertnames.contains(alert.path("labels").path("alertname").asText());
            }
            if (!active) {
                return;
            }
            sleep();
        }
        throw new LabException("Alerts " + alertnames + " were still active " + timeout.toSeconds()
                + " s before the scenario; Prometheus alerts now: " + prometheus().alerts());
    }

    /** Waits for one alert; see {@link #awaitFiring(List, Instant, Duration)}. */
    public AlertTimeline awaitFiring(String alertname, Map<String, String> labels, Instant faultAt, Duration timeout) {
        return awaitFiring(List.of(new Expected(alertname, labels)), faultAt, timeout).get(0);
    }

    /**
     * Waits until every expected alert fired in Prometheus, is held by Alertmanager and reached the
     * webhook, all after {@code faultAt}. All are watched at once, so each one's times are its own.
     */
    public List<AlertTimeline> awaitFiring(List<Expected> expected, Instant faultAt, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        int n = expected.size();
        Instant[] pending = new Instant[n];
        Instant[] firing = new Instant[n];
        Instant[] inAlertmanager = new Instant[n];
        Instant[] atWebhook = new Instant[n];
        List<Map<String, String>> amLabels = new ArrayList<>(java.util.Collections.nCopies(n, null));
        List<Map<String, String>> webhookLabels = new ArrayList<>(java.util.Collections.nCopies(n, null));
        String[] webhookPaths = new String[n];
        Instant[] amStartsAt = new Instant[n];
        Instant[] webhookStartsAt = new Instant[n];
        while (Instant.now().isBefore(deadline)) {
            Instant now = Instant.now();
            JsonNode promAlerts = prometheus().alerts();
            JsonNode amAlerts = alertmanager().alerts();
            List<WebhookReceiverClient.Delivery> deliveries = deliveriesIfUp();
            boolean done = true;
            for (int i = 0; i < n; i++) {
                Expected e = expected.get(i);
                for (JsonNode alert : promAlerts) {
                    if (matches(alert.path("labels"), e.alertname(), e.labels())) {
                        String state = alert.path("state").asText();
                        // Seen pending, not inferred from firing: a rule without `for` is never pending, and the
                        // lab checks that one with `for` was (AlertTimeline.pendingAt null when never seen so).
                        if (pending[i] == null && state.equals("pending")) {
                            pending[i] = now;
                        }
                        if (firing[i] == null && state.equals("firing")) {
                            firing[i] = now;
                            Progress.say("  %s firing in Prometheus after %.1f s", e.alertname(), seconds(faultAt, now));
                        }
                    }
                }
                if (firing[i] != null && inAlertmanager[i] == null) {
                    for (JsonNode alert : amAlerts) {
                        String state = alert.path("status").path("state").asText();
                        if (matches(alert.path("labels"), e.alertname(), e.labels()) && (state.equals("active") || state.equals("suppressed"))) {
                            inAlertmanager[i] = now;
                            amStartsAt[i] = instantOrNull(alert.path("startsAt").asText());
                            amLabels.set(i, toMap(alert.path("labels")));
                            Progress.say("  %s in Alertmanager after %.1f s (%s)", e.alertname(), seconds(faultAt, now), state);
                            break;
                        }
                    }
                }
                if (firing[i] != null && atWebhook[i] == null) {
                    for (WebhookReceiverClient.Delivery delivery : deliveries) {
                        if (delivery.status().equals("firing") && !delivery.receivedAt().isBefore(faultAt)
                                && matches(delivery.alert().path("labels"), e.alertname(), e.labels())) {
                            atWebhook[i] = delivery.receivedAt();
                            webhookPaths[i] = delivery.path();
                            webhookStartsAt[i] = instantOrNull(delivery.alert().path("startsAt").asText());
                            webhookLabels.set(i, toMap(delivery.alert().path("labels")));
                            Progress.say("  %s at the webhook (%s) after %.1f s", e.alertname(), delivery.path(), seconds(faultAt, atWebhook[i]));
                            break;
                        }
                    }
                }
                done &= firing[i] != null && inAlertmanager[i] != null && atWebhook[i] != null;
            }
            if (done) {
                List<AlertTimeline> timelines = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    timelines.add(new AlertTimeline(expected.get(i).alertname(), expected.get(i).labels(), faultAt, pending[i],
                            firing[i], inAlertmanager[i], atWebhook[i], webhookPaths[i], amLabels.get(i), webhookLabels.get(i), null, null, null,
                            amStartsAt[i], webhookStartsAt[i]));
                }
                return timelines;
            }
            sleep();
        }
        StringBuilder state = new StringBuilder();
        for (int i = 0; i < n; i++) {
            state.append(String.format("%n  %s%s: pending %s, firing %s, Alertmanager %s, webhook %s", expected.get(i).alertname(),
                    expected.get(i).labels(), seen(pending[i]), seen(firing[i]), seen(inAlertmanager[i]), seen(atWebhook[i])));
        }
        throw new LabException("Not every alert went all the way within " + timeout.toSeconds() + " s of the fault:" + state
                + "\nPrometheus alerts now: " + prometheus().alerts());
    }

    /**
     * Waits until the alert fires in Prometheus and Alertmanager holds it as active, without asking
     * the webhook receiver (which a scenario may have stopped). Returns when Alertmanager had it.
     */
    public Instant awaitActiveInAlertmanager(Expected e, Instant faultAt, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode alert : alertmanager().alerts()) {
                if (matches(alert.path("labels"), e.alertname(), e.labels())
                        && alert.path("status").path("state").asText().equals("active")) {
                    Instant now = Instant.now();
                    Progress.say("  %s active in Alertmanager after %.1f s", e.alertname(), seconds(faultAt, now));
                    return now;
                }
            }
            sleep();
        }
        throw new LabException(e.alertname() + e.labels() + " was not active in Alertmanager within " + timeout.toSeconds()
                + " s of the fault; Prometheus alerts now: " + prometheus().alerts());
    }

    /** Waits until Alertmanager holds the alert in any state and returns that state (active, suppressed). */
    public String awaitStateInAlertmanager(Expected e, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode alert : alertmanager().alerts()) {
                if (matches(alert.path("labels"), e.alertname(), e.labels())) {
                    return alert.path("status").path("state").asText();
                }
            }
            sleep();
        }
        throw new LabException(e.alertname() + e.labels() + " did not reach Alertmanager within " + timeout.toSeconds()
                + " s; Prometheus alerts now: " + prometheus().alerts());
    }

    /**
     * Polls Prometheus and Alertmanager every second until {@code until}, recording every alert, its
     * label set and its state: what a scenario holding a fault asserts on (one label set, no resolve,
     * inhibited alerts suppressed).
     */
    public AlertObservation observeUntil(Instant until) {
        AlertObservation observation = new AlertObservation();
        Progress.say("  holding the fault for %.0f s more", seconds(Instant.now(), until));
        while (Instant.now().isBefore(until)) {
            observation.nextPoll();
            for (JsonNode alert : prometheus().alerts()) {
                observation.record(AlertObservation.PROMETHEUS, toMap(alert.path("labels")), alert.path("state").asText());
            }
            for (JsonNode alert : alertmanager().alerts()) {
                observation.record(AlertObservation.ALERTMANAGER, toMap(alert.path("labels")),
                        alert.path("status").path("state").asText());
            }
            try {
                Thread.sleep(Math.max(0, Math.min(1000, Duration.between(Instant.now(), until).toMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabException("interrupted while holding a fault", e);
            }
        }
        return observation;
    }

    /** The alerts firing in Prometheus now, by name, the always-firing Watchdog left out. */
    public List<String> firingAlertnames() {
        List<String> names = new ArrayList<>();
        for (JsonNode alert : prometheus().alerts()) {
            String name = alert.path("labels").path("alertname").asText();
            if (alert.path("state").asText().equals("firing") && !name.equals("Watchdog")) {
                names.add(name);
            }
        }
        return names;
    }

    /** Every alert the webhook receiver received in [from, to), on any path, oldest first. */
    public List<WebhookReceiverClient.Delivery> deliveriesBetween(Instant from, Instant to) {
        return webhook().deliveries().stream()
                .filter(d -> !d.receivedAt().isBefore(from) && d.receivedAt().isBefore(to)).toList();
    }

    /** Waits until Prometheus no longer has the alert and the webhook got its resolved notification. */
    public AlertTimeline awaitResolved(AlertTimeline fired, Instant faultRemovedAt, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Instant resolvedInPrometheus = null;
        while (Instant.now().isBefore(deadline)) {
            Instant now = Instant.now();
            if (resolvedInPrometheus == null) {
                boolean active = false;
                for (JsonNode alert : prometheus().alerts()) {
                    active |= matches(alert.path("labels"), fired.alertname(), fired.labels());
                }
                if (!active) {
                    resolvedInPrometheus = now;
                }
            }
            for (WebhookReceiverClient.Delivery delivery : webhook().deliveries()) {
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
                + timeout.toSeconds() + " s of removing the fault; Prometheus alerts now: " + prometheus().alerts());
    }

    /** What the webhook receiver recorded, or nothing while it is down (a scenario may stop it). */
    private List<WebhookReceiverClient.Delivery> deliveriesIfUp() {
        try {
            return webhook().deliveries();
        } catch (RuntimeException receiverDown) {
            return List.of();
        }
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

    /** An alert's startsAt (RFC 3339, Alertmanager's API in ms, the webhook in ns); null when there is none. */
    static Instant instantOrNull(String text) {
        try {
            return text.isEmpty() ? null : Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
