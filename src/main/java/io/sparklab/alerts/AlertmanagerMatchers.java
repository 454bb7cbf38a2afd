package io.sparklab.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparklab.stack.LabException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Alertmanager's label matchers, evaluated as Alertmanager evaluates them, so the lab can tell from
 * config/alertmanager.yml alone which route an alert takes (AlertFloor) and that an inhibit rule's
 * matchers meet a rule the lab has (ConfigFilesTest). Alertmanager's own Go code cannot be called
 * from here, and amtool answers for a running Alertmanager or a whole config, not for one entry.
 */
public final class AlertmanagerMatchers {
    private static final Pattern MATCHER = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*(.*?)\\s*");

    private AlertmanagerMatchers() {
    }

    /**
     * Whether every matcher of a route (matchers, or the older match and match_re) holds for the labels.
     * {@code where} is the route's path in config/alertmanager.yml (route.routes[2]), named in errors.
     */
    public static boolean routeMatches(JsonNode route, Map<String, String> labels, String where) {
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
}
