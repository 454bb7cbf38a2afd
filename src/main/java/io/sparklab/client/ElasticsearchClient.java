package io.sparklab.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * Elasticsearch's REST API, the parts the lab uses: cluster health, index templates, search and count
 * with the query DSL (what Grafana's Elasticsearch data source sends too), refresh, indices.
 */
public final class ElasticsearchClient {
    private final HttpUrl base;

    public ElasticsearchClient(String url) {
        HttpUrl parsed = HttpUrl.parse(url.replaceAll("/+$", "") + "/");
        if (parsed == null) {
            throw new IllegalArgumentException("not an http(s) URL for Elasticsearch: " + url);
        }
        this.base = parsed;
    }

    /** The cluster's health: green, yellow or red. */
    public String health() {
        return HttpJson.get(base.resolve("_cluster/health").toString()).path("status").asText();
    }

    /** Creates or replaces a composable index template (PUT _index_template/{name}). */
    public void putIndexTemplate(String name, JsonNode template) {
        JsonNode answer = HttpJson.putJson(base.newBuilder("_index_template").addPathSegment(name).build().toString(), template);
        if (!answer.path("acknowledged").asBoolean()) {
            throw new ApiException("Elasticsearch did not acknowledge index template " + name + ": " + answer);
        }
    }

    /** Makes every document indexed so far searchable now (instead of at the next refresh interval). */
    public void refresh(String indexPattern) {
        HttpJson.post(base.newBuilder(indexPattern).addPathSegment("_refresh").build().toString());
    }

    /** The number of documents of the indices matching the query (POST {index}/_count). */
    public long count(String indexPattern, JsonNode query) {
        ObjectNode body = HttpJson.MAPPER.createObjectNode();
        body.set("query", query);
        return HttpJson.postJson(countUrl(indexPattern), body).path("count").asLong();
    }

    /** A search (POST {index}/_search with the query DSL): the whole answer, hits and aggregations. */
    public JsonNode search(String indexPattern, JsonNode body) {
        return HttpJson.postJson(base.newBuilder(indexPattern).addPathSegment("_search")
                .addQueryParameter("ignore_unavailable", "true").addQueryParameter("allow_no_indices", "true")
                .build().toString(), body);
    }

    /** The documents (their _source) matching the query, oldest first, at most {@code size}. */
    public List<JsonNode> documents(String indexPattern, JsonNode query, int size) {
        ObjectNode body = HttpJson.MAPPER.createObjectNode();
        body.set("query", query);
        body.put("size", size);
        body.putArray("sort").addObject().putObject("@timestamp").put("order", "asc");
        List<JsonNode> sources = new ArrayList<>();
        search(indexPattern, body).path("hits").path("hits").forEach(hit -> sources.add(hit.path("_source")));
        return sources;
    }

    /** The names of the indices matching a pattern. */
    public List<String> indices(String pattern) {
        List<String> names = new ArrayList<>();
        HttpJson.get(base.newBuilder("_cat").addPathSegment("indices").addPathSegment(pattern)
                .addQueryParameter("format", "json").build().toString()).forEach(i -> names.add(i.path("index").asText()));
        return names;
    }

    /** Deletes one index, by its full name (the cluster refuses wildcards: action.destructive_requires_name). */
    public void deleteIndex(String name) {
        if (name.contains("*") || name.contains(",") || name.startsWith("_")) {
            throw new IllegalArgumentException("delete one index by its name, not " + name);
        }
        HttpJson.delete(base.newBuilder(name).build().toString());
    }

    /** A query matching documents whose keyword fields have exactly these values (a bool filter of terms). */
    public static JsonNode allOf(Map<String, String> fieldValues) {
        ObjectNode query = HttpJson.MAPPER.createObjectNode();
        ArrayNode filter = query.putObject("bool").putArray("filter");
        fieldValues.forEach((field, value) -> filter.addObject().putObject("term").put(field, value));
        return query;
    }

    private String countUrl(String indexPattern) {
        return base.newBuilder(indexPattern).addPathSegment("_count")
                .addQueryParameter("ignore_unavailable", "true").addQueryParameter("allow_no_indices", "true")
                .build().toString();
    }
}
