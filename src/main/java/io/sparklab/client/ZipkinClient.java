package io.sparklab.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import okhttp3.HttpUrl;

/**
 * Zipkin's query API (/api/v2), the one Grafana's Zipkin data source uses: services, span names,
 * traces by service or tag, one trace by id. Zipkin lowercases span names; exact values are in tags.
 */
public final class ZipkinClient {
    private final HttpUrl base;

    public ZipkinClient(String url) {
        HttpUrl parsed = HttpUrl.parse(url.replaceAll("/+$", "") + "/api/v2/");
        if (parsed == null) {
            throw new IllegalArgumentException("not an http(s) URL for Zipkin: " + url);
        }
        this.base = parsed;
    }

    /**
     * Spans Zipkin's collector has taken in since it started, every transport, read from its own
     * /prometheus endpoint (what Prometheus scrapes as zipkin_collector_spans_total), not through a scrape.
     */
    public double spansReceived() {
        return MetricsPage.fetch(base.resolve("/prometheus").toString()).sum("zipkin_collector_spans_total");
    }

    /** The service names Zipkin has spans of. */
    public List<String> services() {
        List<String> names = new ArrayList<>();
        HttpJson.get(base.resolve("services").toString()).forEach(n -> names.add(n.asText()));
        return names;
    }

    /** The span names of a service (lowercased by Zipkin). */
    public List<String> spanNames(String service) {
        List<String> names = new ArrayList<>();
        HttpJson.get(base.newBuilder("spans").addQueryParameter("serviceName", service).build().toString())
                .forEach(n -> names.add(n.asText()));
        return names;
    }

    /**
     * Traces of a service whose spans carry every tag given (Zipkin's annotationQuery, {@code k=v and k2};
     * an empty value asks for the tag whatever its value), newest first, within the last {@code lookbackMillis}.
     */
    public JsonNode traces(String service, Map<String, String> tags, long lookbackMillis, int limit) {
        HttpUrl.Builder url = base.newBuilder("traces").addQueryParameter("serviceName", service)
                .addQueryParameter("lookback", Long.toString(lookbackMillis))
                .addQueryParameter("endTs", Long.toString(System.currentTimeMillis()))
                .addQueryParameter("limit", Integer.toString(limit));
        if (!tags.isEmpty()) {
            List<String> terms = new ArrayList<>();
            new TreeMap<>(tags).forEach((k, v) -> terms.add(v == null || v.isEmpty() ? k : k + "=" + v));
            url.addQueryParameter("annotationQuery", String.join(" and ", terms));
        }
        return HttpJson.get(url.build().toString());
    }

    /**
     * The stage spans (spans with the tag {@code spark.stage.id}) of {@code service} that lasted at least
     * {@code atLeast}, in the traces of the last {@code lookback}, slowest first: Zipkin's spans as its API
     * returns them ({@code name}, {@code duration} in microseconds, {@code tags}, ...). Zipkin does the
     * filtering: /api/v2/traces with serviceName, annotationQuery and minDuration returns only the traces
     * that have a stage span and a span that long; which of their spans qualify is this method's to say
     * (exercises/17-slow-stages/README.md).
     */
    public List<JsonNode> slowStages(String service, Duration atLeast, Duration lookback) {
        throw new UnsupportedOperationException("exercise 17: ask Zipkin for the traces of " + service
                + " with a stage span (annotationQuery) and a span of at least " + atLeast + " (minDuration), then keep"
                + " their stage spans that lasted that long, slowest first (exercises/17-slow-stages/README.md)");
    }

    /** Every span of one trace (lowercase hex id), or an ApiException naming the id when Zipkin has none. */
    public JsonNode trace(String traceId) {
        return HttpJson.get(base.resolve("trace/" + traceId.toLowerCase(Locale.ROOT)).toString());
    }
}
