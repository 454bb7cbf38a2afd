package io.sparklab.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparklab.stack.LabException;
import io.sparklab.stack.LabProject;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        try {
            prometheus = YAML.readTree(project.config("prometheus.yml").toFile());
            rules = YAML.readTree(project.config("alert-rules.yml").toFile());
            alertmanager = YAML.readTree(project.config("alertmanager.yml").toFile());
        } catch (IOException e) {
            throw new LabException("Cannot read the config files for the alert floor: " + e.getMessage(), e);
        }
    }

    /** Floor of fault to webhook for the alert. */
    public Duration toWebhook(String alertname) {
        return toFiring(alertname).plus(groupWait(severity(alertname)));
    }

    /** Floor of fault to firing in Prometheus. */
    public Duration toFiring(String alertname) {
        return duration(prometheus.at("/global/scrape_interval").asText("1m"))
                .plus(duration(prometheus.at("/global/evaluation_interval").asText("1m")))
                .plus(duration(rule(alertname).path("for").asText("0s")));
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
                    return duration(route.path("group_wait").asText());
                }
            }
        }
        return duration(root.path("group_wait").asText("30s"));
    }

    /** Prometheus durations as used here: 5s, 1m, 1m30s, 500ms. */
    static Duration duration(String text) {
        Matcher part = Pattern.compile("(\\d+)(ms|s|m|h)").matcher(text);
        Duration total = Duration.ZERO;
        while (part.find()) {
            long n = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
        }
        return total;
    }
}
