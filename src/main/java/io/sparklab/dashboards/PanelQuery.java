package io.sparklab.dashboards;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A panel's query as Grafana would send it to Prometheus: template variables replaced by their
 * values (a multi-value "All" by the variable's allValue regex), and Grafana's interval variables
 * by what Grafana computes for the lab's 5 s scrape interval.
 */
public final class PanelQuery {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\$(\\w+)");

    private PanelQuery() {
    }

    /**
     * @param scrapeInterval the data source's scrape interval (grafana/provisioning: timeInterval)
     * @param step           the query step (Grafana's $__interval)
     */
    public static String expand(String expr, Dashboard dashboard, Map<String, String> values, Duration scrapeInterval,
                                Duration step) {
        // Grafana: $__rate_interval = max($__interval + scrape interval, 4 x scrape interval)
        Duration rateInterval = step.plus(scrapeInterval).compareTo(scrapeInterval.multipliedBy(4)) > 0
                ? step.plus(scrapeInterval) : scrapeInterval.multipliedBy(4);
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = switch (name) {
                case "__rate_interval" -> rateInterval.toSeconds() + "s";
                case "__interval" -> step.toSeconds() + "s";
                case "__range" -> "1h";
                // Not a variable of the dashboard ($1 of label_replace, or a typo): left as it is, as Grafana
                // leaves it; Prometheus then answers a typo with its parse error, naming the query.
                default -> values.containsKey(name) ? values.get(name) : allValueOf(dashboard, name).orElse(m.group());
            };
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static java.util.Optional<String> allValueOf(Dashboard dashboard, String name) {
        return dashboard.variables().stream().filter(v -> v.name().equals(name)).map(Dashboard.Variable::allValue).findFirst();
    }
}
