package io.sparklab.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparklab.client.PrometheusDuration;
import io.sparklab.stack.LabException;
import io.sparklab.stack.LabProject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        return toFiring(alertname).plus(groupWait(alertname));
    }

    /**
     * Floor of fault to firing in Prometheus: the global scrape interval (a job's own is not looked
     * at: which jobs an expression reads is not in the file), its group's evaluation interval (the
     * group's `interval`, else the global one) and its `for`.
     */
    public Duration toFiring(String alertname) {
        JsonNode group = group(alertname);
        String evaluation = group.hasNonNull("interval")
                ? "config/alert-rules.yml: group " + group.path("name").asText() + ", interval"
                : "config/prometheus.yml: global.evaluation_interval";
        return duration(prometheus.at("/global/scrape_interval").asText("1m"), "config/prometheus.yml: global.scrape_interval")
                .plus(duration(group.hasNonNull("interval") ? group.path("interval").asText()
                        : prometheus.at("/global/evaluation_interval").asText("1m"), evaluation))
                .plus(forOf(alertname));
    }

    /** The rule's `for` (0 when it has none). */
    public Duration forOf(String alertname) {
        return duration(rule(alertname).path("for").asText("0s"), "config/alert-rules.yml: alert " + alertname + ", for");
    }

    private JsonNode group(String alertname) {
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (alertname.equals(rule.path("alert").asText())) {
                    return group;
                }
            }
        }
        throw new LabException("No rule for alert " + alertname + " in config/alert-rules.yml");
    }

    private JsonNode rule(String alertname) {
        for (JsonNode rule : group(alertname).path("rules")) {
            if (alertname.equals(rule.path("alert").asText())) {
                return rule;
            }
        }
        throw new LabException("No rule for alert " + alertname + " in config/alert-rules.yml");
    }

    /**
     * group_wait of the route Alertmanager gives the alert: down the tree, the first child route
     * whose matchers all match the rule's labels (and alertname), each route inheriting its parent's
     * group_wait unless it sets its own. An earlier route on another label (exercise 03's
     * component="etl") takes the alert before a severity route does, as in Alertmanager.
     */
    private Duration groupWait(String alertname) {
        // What Alertmanager gets: Prometheus' external labels (the inhibit rules use `lab`), the rule's, its name.
        Map<String, String> labels = new HashMap<>();
        prometheus.at("/global/external_labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        rule(alertname).path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        labels.put("alertname", alertname);
        return routeWait(alertmanager.path("route"), labels, Duration.ofSeconds(30), "route");
    }

    private static Duration routeWait(JsonNode route, Map<String, String> labels, Duration inherited, String where) {
        Duration wait = route.hasNonNull("group_wait")
                ? duration(route.path("group_wait").asText(), "config/alertmanager.yml: " + where + ".group_wait") : inherited;
        int i = 0;
        for (JsonNode child : route.path("routes")) {
            String childWhere = where + ".routes[" + i++ + "]";
            if (matches(child, labels, childWhere)) {
                return routeWait(child, labels, wait, childWhere);
            }
        }
        return wait;
    }

    /** Whether every matcher of the route (matchers, or the older match and match_re) holds for the labels. */
    static boolean matches(JsonNode route, Map<String, String> labels, String where) {
        for (JsonNode m : route.path("matchers")) {
            if (!holds(m.asText(), labels, "config/alertmanager.yml: " + where + ".matchers")) {
                return false;
            }
        }
        for (var e : iterable(route.path("match"))) {
            if (!labels.getOrDefault(e.getKey(), "").equals(e.getValue().asText())) {
                return false;
            }
        }
        for (var e : iterable(route.path("match_re"))) {
            if (!anchored(e.getValue().asText(), "config/alertmanager.yml: " + where + ".match_re." + e.getKey())
                    .matcher(labels.getOrDefault(e.getKey(), "")).matches()) {
                return false;
            }
        }
        return true;
    }

    private static final Pattern MATCHER = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*(.*?)\\s*");

    /**
     * Whether an Alertmanager matchers entry holds for the labels: one matcher (name="v", name!=v,
     * name=~"re", name!~"re"; the value quoted or not, regexes anchored) or several, comma-separated and
     * optionally in braces, as Alertmanager reads an entry. A missing label is "", as there.
     * {@code where} names the file and field when the text is not a matcher, or its regex not one.
     */
    public static boolean holds(String matchers, Map<String, String> labels, String where) {
        String text = matchers.strip();
        if (text.startsWith("{") && text.endsWith("}")) {
            text = text.substring(1, text.length() - 1);
        }
        for (String matcher : splitOutsideQuotes(text)) {
            if (!holdsOne(matcher, labels, where)) {
                return false;
            }
        }
        return true;
    }

    private static boolean holdsOne(String matcher, Map<String, String> labels, String where) {
        Matcher parsed = MATCHER.matcher(matcher);
        if (!parsed.matches()) {
            throw new LabException(where + ": '" + matcher.strip() + "' is not a matcher (name=\"value\")");
        }
        String value = parsed.group(3);
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        String actual = labels.getOrDefault(parsed.group(1), "");
        return switch (parsed.group(2)) {
            case "=" -> actual.equals(value);
            case "!=" -> !actual.equals(value);
            case "=~" -> anchored(value, where).matcher(actual).matches();
            default -> !anchored(value, where).matcher(actual).matches();
        };
    }

    /** The matchers of one entry: split at commas outside double quotes (a regex may hold commas). */
    private static List<String> splitOutsideQuotes(String text) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int from = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                parts.add(text.substring(from, i));
                from = i + 1;
            }
        }
        parts.add(text.substring(from));
        return parts.stream().filter(p -> !p.isBlank()).toList();
    }

    /** Alertmanager's regex: anchored at both ends; one that does not compile is named. */
    private static Pattern anchored(String regex, String where) {
        try {
            return Pattern.compile("^(?:" + regex + ")$");
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new LabException(where + ": '" + regex + "' is not a regular expression: " + e.getDescription(), e);
        }
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
        return object::fields;
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
