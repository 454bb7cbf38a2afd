package io.sparklab.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparklab.client.HttpJson;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Grafana Elasticsearch panel query as the search Grafana sends for it (Grafana cannot run here, so
 * the lab sends the same search to Elasticsearch itself, as it sends a panel's PromQL to Prometheus).
 * The panel's model: a Lucene {@code query}, {@code metrics} ({@code count}; {@code logs} or
 * {@code raw_data}, which return documents) and {@code bucketAggs} ({@code terms},
 * {@code date_histogram}), nested in their order. Grafana builds: a bool filter of the time range on
 * the time field and a {@code query_string}; a terms or date-histogram aggregation per bucket
 * aggregation; for documents, the newest first.
 */
public final class LogsPanelQuery {
    public static final String TIME_FIELD = "@timestamp";
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::(\\w+))?}|\\$(\\w+)");
    private static final Pattern LUCENE_SPECIAL = Pattern.compile("([+\\-=&|><!(){}\\[\\]^\"~*?:\\\\/ ])");

    private LogsPanelQuery() {
    }

    /**
     * The panel's Lucene query with the dashboard's variables replaced: the given value, escaped for
     * Lucene as Grafana's {@code ${var:lucene}} does, or the variable's "All" value (not escaped) when
     * none is given.
     */
    public static String luceneQuery(Dashboard.Target target, Dashboard dashboard, Map<String, String> values) {
        String query = target.json().path("query").asText("");
        Matcher m = VARIABLE.matcher(query);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(3);
            String format = m.group(2) == null ? "lucene" : m.group(2);
            Dashboard.Variable variable = dashboard.variables().stream().filter(v -> v.name().equals(name)).findFirst()
                    .orElseThrow(() -> new PanelQuery.UndefinedVariable(dashboard, name));
            if (!format.equals("lucene") && !format.equals("raw")) {
                throw new Unsupported(dashboard.file() + ": panel query formats $" + name + " as " + format
                        + "; the lab sends lucene (the default) and raw");
            }
            // "All" without a value of its own: Grafana ORs every value; "*" finds the same documents
            // (".*" is the Prometheus default Dashboard reads in, a regex Lucene would take literally).
            String all = variable.allValue().equals(".*") ? "*" : variable.allValue();
            String value = !values.containsKey(name) ? all : format.equals("raw") ? values.get(name) : escape(values.get(name));
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        String lucene = out.toString().trim();
        return lucene.isEmpty() ? "*" : lucene;
    }

    static String escape(String value) {
        return LUCENE_SPECIAL.matcher(value).replaceAll("\\\\$1");
    }

    /** The search body for the panel over [from, to]. */
    public static ObjectNode search(Dashboard.Target target, Dashboard dashboard, Map<String, String> values, Instant from, Instant to) {
        ObjectNode body = HttpJson.MAPPER.createObjectNode();
        ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
        filter.addObject().putObject("range").putObject(TIME_FIELD)
                .put("gte", from.toEpochMilli()).put("lte", to.toEpochMilli()).put("format", "epoch_millis");
        filter.addObject().putObject("query_string").put("analyze_wildcard", true)
                .put("query", luceneQuery(target, dashboard, values));

        JsonNode metric = target.json().path("metrics").path(0);
        String type = metric.path("type").asText("count");
        if (type.equals("logs") || type.equals("raw_data")) {
            int size = metric.path("settings").path(type.equals("logs") ? "limit" : "size").asInt(500);
            body.put("size", size);
            body.putArray("sort").addObject().putObject(TIME_FIELD).put("order", "desc").put("unmapped_type", "boolean");
            return body;
        }
        if (!type.equals("count")) {
            throw new Unsupported(dashboard.file() + ": metric type " + type + " of " + target.refId()
                    + " is not one the lab proves (count, logs, raw_data)");
        }
        body.put("size", 0);
        ObjectNode aggs = body;
        for (JsonNode bucket : target.json().path("bucketAggs")) {
            ObjectNode agg = aggs.putObject("aggs").putObject(bucket.path("id").asText());
            String field = bucket.path("field").asText();
            JsonNode settings = bucket.path("settings");
            switch (bucket.path("type").asText()) {
                case "terms" -> {
                    ObjectNode terms = agg.putObject("terms").put("field", field)
                            .put("size", settings.path("size").asInt(10) == 0 ? 500 : settings.path("size").asInt(10))
                            .put("min_doc_count", settings.path("min_doc_count").asInt(1));
                    terms.putObject("order").put(settings.path("orderBy").asText("_count"), settings.path("order").asText("desc"));
                }
                case "date_histogram" -> agg.putObject("date_histogram").put("field", field)
                        .put("fixed_interval", interval(settings.path("interval").asText("auto"), from, to))
                        .put("min_doc_count", settings.path("min_doc_count").asInt(0))
                        .put("format", "epoch_millis")
                        .putObject("extended_bounds").put("min", from.toEpochMilli()).put("max", to.toEpochMilli());
                default -> throw new Unsupported(dashboard.file() + ": bucket aggregation " + bucket.path("type").asText()
                        + " of " + target.refId() + " is not one the lab proves (terms, date_histogram)");
            }
            aggs = agg;
        }
        return body;
    }

    /** Grafana's "auto": about a hundred points over the range, in whole seconds, at least 1 s. */
    static String interval(String setting, Instant from, Instant to) {
        if (!setting.equals("auto")) {
            return setting;
        }
        long seconds = Math.max(1, Duration.between(from, to).toSeconds() / 100);
        return seconds + "s";
    }

    /**
     * The documents a search's answer counts: its hits' total for a search of documents, else the sum
     * of the innermost buckets' counts (each document is in exactly one of them).
     */
    public static long documentCount(JsonNode answer) {
        if (!answer.has("aggregations")) {
            return answer.path("hits").path("total").path("value").asLong();
        }
        return innermostCount(answer.path("aggregations"));
    }

    private static long innermostCount(JsonNode aggregations) {
        long total = 0;
        for (JsonNode agg : aggregations) {
            for (JsonNode bucket : agg.path("buckets")) {
                boolean nested = false;
                for (var field : (Iterable<Map.Entry<String, JsonNode>>) bucket::fields) {
                    nested |= field.getValue().has("buckets");
                }
                total += nested ? innermostCount(bucket) : bucket.path("doc_count").asLong();
            }
        }
        return total;
    }

    /** Whether a search's answer has data: documents, or a bucket with documents at the innermost level. */
    public static boolean hasData(JsonNode answer) {
        if (answer.path("hits").path("hits").size() > 0) {
            return true;
        }
        return hasDocuments(answer.path("aggregations"));
    }

    private static boolean hasDocuments(JsonNode aggregations) {
        for (JsonNode agg : aggregations) {
            for (JsonNode bucket : agg.path("buckets")) {
                boolean nested = false;
                for (var field : (Iterable<Map.Entry<String, JsonNode>>) bucket::fields) {
                    if (field.getValue().has("buckets")) {
                        nested = true;
                    }
                }
                if (nested ? hasDocuments(bucket) : bucket.path("doc_count").asLong() > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A panel query the lab cannot send as Grafana would (a format, metric or aggregation it does not prove). */
    public static final class Unsupported extends io.sparklab.stack.LabException {
        Unsupported(String message) {
            super(message);
        }
    }
}
