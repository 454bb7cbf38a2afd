package io.sparklab.alerts;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every alert Prometheus and Alertmanager showed while a fault was held, polled once a second by
 * {@link AlertWatch#observeUntil}: each alert's label set and state, and in how many polls it was
 * seen. What a truthful alert is judged by: firing in every poll with one label set for the fault's
 * whole life, and inhibited where a cause already pages.
 */
public final class AlertObservation {
    public static final String PROMETHEUS = "prometheus";
    public static final String ALERTMANAGER = "alertmanager";

    private record Seen(String source, Map<String, String> labels, String state) {
    }

    private final Map<Seen, Integer> polls = new LinkedHashMap<>();
    private int totalPolls;

    void nextPoll() {
        totalPolls++;
    }

    void record(String source, Map<String, String> labels, String state) {
        polls.merge(new Seen(source, Map.copyOf(labels), state), 1, Integer::sum);
    }

    /** How many times Prometheus and Alertmanager were asked. */
    public int polls() {
        return totalPolls;
    }

    /** The label sets the alert had in Prometheus (pending or firing) during the observation. */
    public Set<Map<String, String>> labelSetsInPrometheus(String alertname) {
        return polls.keySet().stream().filter(s -> s.source().equals(PROMETHEUS) && alertname.equals(s.labels().get("alertname")))
                .map(Seen::labels).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** In how many polls Prometheus had the alert with exactly these labels firing. */
    public int pollsFiringInPrometheus(Map<String, String> labels) {
        return polls.getOrDefault(new Seen(PROMETHEUS, Map.copyOf(labels), "firing"), 0);
    }

    /** The states the alert had in Prometheus (pending, firing). */
    public Set<String> statesInPrometheus(String alertname) {
        return states(PROMETHEUS, alertname);
    }

    /** The states the alert had in Alertmanager (active, suppressed). */
    public Set<String> statesInAlertmanager(String alertname) {
        return states(ALERTMANAGER, alertname);
    }

    private Set<String> states(String source, String alertname) {
        return polls.keySet().stream().filter(s -> s.source().equals(source) && alertname.equals(s.labels().get("alertname")))
                .map(Seen::state).collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
