package io.sparklab.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparklab.client.PrometheusDuration;
import io.sparklab.stack.LabException;
import io.sparklab.stack.LabProject;
import java.io.IOException;
import java.time.Duration;

/**
 * The delay the configuration itself puts between a fault and its notification, read from the
 * config files: scrape interval (the fault is seen at the next scrape) + evaluation interval (the
 * rule runs on it) + the rule's `for` + the route's group_wait (Alertmanager's first notification).
 */
public final class AlertFloor {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final JsonNode prometheus;
    private final JsonNode rules;
    private final JsonNode alertmanager;

    public AlertFloor(LabProject project) {
        prometheus = read(project, "prometheus.yml");
        rules = read(project, "alert-rules.yml");
        alertmanager = read(project, "alertmanager.yml");
    }

    private static JsonNode read(LabProject project, String name) {
        try {
            return YAML.readTree(project.config(name).toFile());
        } catch (IOException e) {
            throw new LabException("Cannot read config/" + name + " for the alert floor: " + e.getMessage(), e);
        }
    }

    /** Floor of fault to webhook for the alert. */
    public Duration toWebhook(String alertname) {
        return toFiring(alertname).plus(groupWait(severity(alertname)));
    }

    /** Floor of fault to firing in Prometheus. */
    public Duration toFiring(String alertname) {
        return duration(prometheus.at("/global/scrape_interval").asText("1m"), "config/prometheus.yml: global.scrape_interval")
                .plus(duration(prometheus.at("/global/evaluation_interval").asText("1m"), "config/prometheus.yml: global.evaluation_interval"))
                .plus(duration(rule(alertname).path("for").asText("0s"), "config/alert-rules.yml: alert " + alertname + ", for"));
    }

    private JsonNode rule(String alertname) {
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (alertname.equals(rule.path("alert").asText())) {
                    return rule;
                }
            }
        }
        throw new LabException("No rule for alert " + alertname + " in config/alert-rules.yml");
    }

    private String severity(String alertname) {
        return rule(alertname).path("labels").path("severity").asText();
    }

    /** group_wait of the first child route whose matchers name this severity, else the root's. */
    private Duration groupWait(String severity) {
        JsonNode root = alertmanager.path("route");
        for (JsonNode route : root.path("routes")) {
            for (JsonNode matcher : route.path("matchers")) {
                if (matcher.asText().replace(" ", "").equals("severity=\"" + severity + "\"") && route.has("group_wait")) {
                    return duration(route.path("group_wait").asText(), "config/alertmanager.yml: the route of severity=\"" + severity
                            + "\", group_wait");
                }
            }
        }
        return duration(root.path("group_wait").asText("30s"), "config/alertmanager.yml: route.group_wait");
    }

    /** A duration of the config files, {@code where} naming the file and field when it is not one. */
    static Duration duration(String text, String where) {
        try {
            return PrometheusDuration.parse(text);
        } catch (IllegalArgumentException e) {
            throw new LabException(where + ": " + e.getMessage(), e);
        }
    }
}
