package io.sparklab.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;

/** Prometheus' HTTP API (/api/v1). Takes a URL, knows nothing of containers. */
public final class PrometheusClient {
    /** One series of an instant query: its labels and its value. */
    public record Sample(Map<String, String> labels, double value) {
        public String label(String name) {
            return labels.get(name);
        }
    }

    /** One series of a range query: its labels and its (time, value) points. */
    public record RangeSeries(Map<String, String> labels, List<Point> points) {
    }

    public record Point(Instant time, double value) {
    }

    /** A scrape target as /api/v1/targets reports it. */
    public record Target(String job, String instance, String health, String lastError, String scrapeUrl) {
        public boolean isUp() {
            return "up".equals(health);
        }
    }

    private final String baseUrl;

    public PrometheusClient(String baseUrl) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
    }

    public String baseUrl() {
        return baseUrl;
    }

    public boolean isReady() {
        return HttpJson.status(baseUrl + "/-/ready") == 200;
    }

    /** An instant query; a PromQL error is an ApiException with Prometheus' own message. */
    public List<Sample> query(String promql) {
        JsonNode data = data(url("/api/v1/query").addQueryParameter("query", promql).build());
        List<Sample> samples = new ArrayList<>();
        String type = data.path("resultType").asText();
        if ("scalar".equals(type)) {
            samples.add(new Sample(Map.of(), parseValue(data.path("result").get(1))));
            return samples;
        }
        for (JsonNode series : data.path("result")) {
            samples.add(new Sample(labels(series.path("metric")), parseValue(series.path("value").get(1))));
        }
        return samples;
    }

    public List<RangeSeries> queryRange(String promql, Instant start, Instant end, Duration step) {
        JsonNode data = data(url("/api/v1/query_range")
                .addQueryParameter("query", promql)
                .addQueryParameter("start", Long.toString(start.getEpochSecond()))
                .addQueryParameter("end", Long.toString(end.getEpochSecond()))
                .addQueryParameter("step", step.toSeconds() + "s")
                .build());
        List<RangeSeries> result = new ArrayList<>();
        for (JsonNode series : data.path("result")) {
            List<Point> points = new ArrayList<>();
            for (JsonNode value : series.path("values")) {
                points.add(new Point(Instant.ofEpochMilli((long) (value.get(0).asDouble() * 1000)), parseValue(value.get(1))));
            }
            result.add(new RangeSeries(labels(series.path("metric")), points));
        }
        return result;
    }

    /**
     * Whether the range query has a point a Grafana graph would draw: a number, not NaN or an infinity
     * (a ratio of two zero rates is NaN; Prometheus returns the series, Grafana draws nothing).
     */
    public boolean hasData(String promql, Instant start, Instant end, Duration step) {
        return queryRange(promql, start, end, step).stream().flatMap(series -> series.points().stream())
                .anyMatch(p -> Double.isFinite(p.value()));
    }

    /** Every active scrape target. */
    public List<Target> targets() {
        JsonNode data = data(url("/api/v1/targets").addQueryParameter("state", "active").build());
        List<Target> targets = new ArrayList<>();
        for (JsonNode t : data.path("activeTargets")) {
            targets.add(new Target(t.path("scrapePool").asText(), t.path("labels").path("instance").asText(),
                    t.path("health").asText(), t.path("lastError").asText(), t.path("scrapeUrl").asText()));
        }
        return targets;
    }

    /** Alerts as Prometheus sees them (pending and firing), raw. */
    public JsonNode alerts() {
        return data(url("/api/v1/alerts").build()).path("alerts");
    }

    /** The command-line flags Prometheus runs with (/api/v1/status/flags), by name without the dashes. */
    public Map<String, String> flags() {
        Map<String, String> flags = new java.util.TreeMap<>();
        data(url("/api/v1/status/flags").build()).fields().forEachRemaining(f -> flags.put(f.getKey(), f.getValue().asText()));
        return flags;
    }

    /**
     * The types the scraped targets declare for a metric family (/api/v1/metadata): gauge, counter,
     * histogram, summary, or unknown where a target gives no # TYPE line; empty when none has the name.
     */
    public java.util.Set<String> metadataTypes(String family) {
        java.util.Set<String> types = new java.util.TreeSet<>();
        data(url("/api/v1/metadata").addQueryParameter("metric", family).build()).path(family)
                .forEach(entry -> types.add(entry.path("type").asText()));
        return types;
    }

    /** Loaded rule groups, raw. */
    public JsonNode rules() {
        return data(url("/api/v1/rules").build()).path("groups");
    }

    private HttpUrl.Builder url(String path) {
        HttpUrl parsed = HttpUrl.parse(baseUrl + path);
        if (parsed == null) {
            throw new IllegalArgumentException("Not an http(s) URL: " + baseUrl + path);
        }
        return parsed.newBuilder();
    }

    private JsonNode data(HttpUrl url) {
        JsonNode body;
        try {
            body = HttpJson.get(url.toString());
        } catch (ApiException e) {
            throw new ApiException("Prometheus " + url.encodedPath() + " " + url.queryParameterValues("query") + ": "
                    + e.getMessage(), e);
        }
        if (!"success".equals(body.path("status").asText())) {
            throw new ApiException("Prometheus " + url + ": " + body.path("errorType").asText() + ": " + body.path("error").asText());
        }
        return body.path("data");
    }

    private static Map<String, String> labels(JsonNode metric) {
        Map<String, String> labels = new LinkedHashMap<>();
        metric.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    private static double parseValue(JsonNode value) {
        String text = value.asText();
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }
}
