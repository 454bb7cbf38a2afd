package io.sparklab.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparklab.stack.LabProject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The alerting rules of config/alert-rules.yml, in file order, each with its group (which holds the
 * evaluation interval). One reader for the config checks, the exercise tests, the alert floor and the
 * live checks, so none walks `groups[].rules[]` by hand and none forgets that recording rules share
 * the list.
 */
public final class AlertRules {
    public static final String FILE = "alert-rules.yml";

    /** An alerting rule (`alert:`) and the group it is in. */
    public record Rule(JsonNode group, JsonNode node) {
        public String name() {
            return node.path("alert").asText();
        }

        public String expr() {
            return node.path("expr").asText();
        }

        /** Its `labels:`, in file order (severity, component, ...), without alertname. */
        public Map<String, String> labels() {
            Map<String, String> labels = new LinkedHashMap<>();
            node.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            return labels;
        }

        /** What Alertmanager routes on from the rule alone: its labels, then its alertname (which wins, as in Prometheus). */
        public Map<String, String> routingLabels() {
            Map<String, String> labels = labels();
            labels.remove("alertname");
            labels.put("alertname", name());
            return labels;
        }

        public String annotation(String name) {
            return node.path("annotations").path(name).asText();
        }
    }

    private final JsonNode file;
    private final List<Rule> alerts;

    private AlertRules(JsonNode file) {
        this.file = file;
        List<Rule> found = new ArrayList<>();
        for (JsonNode group : file.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("alert")) {
                    found.add(new Rule(group, rule));
                }
            }
        }
        this.alerts = Collections.unmodifiableList(found);
    }

    /** The project's file; a LabException naming the file, line and column when it is not YAML. */
    public static AlertRules of(LabProject project) {
        return new AlertRules(project.configYaml(FILE));
    }

    /** The file as read, for what is not about one alert (group names, recording rules). */
    public JsonNode file() {
        return file;
    }

    /** Every alerting rule, in file order (recording rules left out). */
    public List<Rule> alerts() {
        return alerts;
    }

    /** The alerting rule of that name (the first, should the file repeat it). */
    public Optional<Rule> alert(String name) {
        return alerts.stream().filter(rule -> rule.name().equals(name)).findFirst();
    }
}
