package io.sparklab.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparklab.client.PrometheusDuration;
import io.sparklab.stack.LabException;
import io.sparklab.stack.LabProject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The delay the configuration itself puts between a fault and its notification, read from the
 * config files: scrape interval (the fault is seen at the next scrape) + evaluation interval (the
 * rule runs on it) + the rule's `for` + the route's group_wait (Alertmanager's first notification).
 */
public final class AlertFloor {
    private final JsonNode prometheus;
    private final AlertRules rules;
    private final JsonNode alertmanager;

    public AlertFloor(LabProject project) {
        prometheus = project.configYaml("prometheus.yml");
        rules = AlertRules.of(project);
        alertmanager = project.configYaml("alertmanager.yml");
    }

    /** Floor of fault to webhook for the alert. */
    public Duration toWebhook(String alertname) {
        return toFiring(alertname).plus(groupWait(alertname));
    }

    /**
     * Floor of fault to firing in Prometheus: the scrape interval of the job the expression reads (its
     * scrape config's own `scrape_interval`, else the global one), its group's evaluation interval (the
     * group's `interval`, else the global one) and its `for`. Which jobs an expression reads is only in
     * the file where it names them (`job="spark-worker"`); of several, the shortest interval (a floor
     * must not be above what the fastest could do); naming none, the global interval.
     */
    public Duration toFiring(String alertname) {
        JsonNode group = rule(alertname).group();
        String evaluation = group.hasNonNull("interval")
                ? "config/alert-rules.yml: group " + group.path("name").asText() + ", interval"
                : "config/prometheus.yml: global.evaluation_interval";
        return scrapeInterval(rule(alertname).expr())
                .plus(duration(group.hasNonNull("interval") ? group.path("interval").asText()
                        : prometheus.at("/global/evaluation_interval").asText("1m"), evaluation))
                .plus(forOf(alertname));
    }

    private static final Pattern JOB = Pattern.compile("\\bjob\\s*=\\s*\"([^\"]+)\"");

    /** The shortest scrape interval of the jobs the expression names with job="...", else the global one. */
    Duration scrapeInterval(String expr) {
        Duration global = duration(prometheus.at("/global/scrape_interval").asText("1m"), "config/prometheus.yml: global.scrape_interval");
        Duration shortest = null;
        Matcher job = JOB.matcher(expr);
        while (job.find()) {
            int i = 0;
            for (JsonNode scrape : prometheus.path("scrape_configs")) {
                if (job.group(1).equals(scrape.path("job_name").asText())) {
                    Duration own = scrape.hasNonNull("scrape_interval") ? duration(scrape.path("scrape_interval").asText(),
                            "config/prometheus.yml: scrape_configs[" + i + "] (" + job.group(1) + ").scrape_interval") : global;
                    shortest = shortest == null || own.compareTo(shortest) < 0 ? own : shortest;
                }
                i++;
            }
        }
        return shortest == null ? global : shortest;
    }

    /** The rule's `for` (0 when it has none). */
    public Duration forOf(String alertname) {
        return duration(rule(alertname).node().path("for").asText("0s"), "config/alert-rules.yml: alert " + alertname + ", for");
    }

    private AlertRules.Rule rule(String alertname) {
        return rules.alert(alertname)
                .orElseThrow(() -> new LabException("No rule for alert " + alertname + " in config/" + AlertRules.FILE));
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
        labels.putAll(rule(alertname).routingLabels());
        return routeWait(alertmanager.path("route"), labels, Duration.ofSeconds(30), "route");
    }

    private static Duration routeWait(JsonNode route, Map<String, String> labels, Duration inherited, String where) {
        Duration wait = route.hasNonNull("group_wait")
                ? duration(route.path("group_wait").asText(), "config/alertmanager.yml: " + where + ".group_wait") : inherited;
        int i = 0;
        for (JsonNode child : route.path("routes")) {
            String childWhere = where + ".routes[" + i++ + "]";
            if (AlertmanagerMatchers.routeMatches(child, labels, childWhere)) {
                return routeWait(child, labels, wait, childWhere);
            }
        }
        return wait;
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
