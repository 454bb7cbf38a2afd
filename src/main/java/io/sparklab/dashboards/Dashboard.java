package io.sparklab.dashboards;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import io.sparklab.client.HttpJson;
import io.sparklab.stack.LabException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Grafana dashboard of grafana/dashboards/, as far as the lab checks and draws it: its panels'
 * PromQL queries and its template variables. The JSON file itself is what Grafana loads.
 */
public record Dashboard(Path file, String uid, String title, JsonNode json, List<Panel> panels, List<Variable> variables) {

    /** One panel and its queries. */
    public record Panel(int id, String title, String type, String unit, String description, List<Target> targets) {
    }

    /** One query of a panel. */
    /**
     * A panel's query: PromQL in {@code expr} for the Prometheus data source; for the Elasticsearch
     * one, a Lucene query and Grafana's metric and bucket aggregations in {@code json}
     * (see {@link LogsPanelQuery}).
     */
    public record Target(String refId, String expr, String legendFormat, String datasourceUid, JsonNode json) {
        /** Whether this query goes to Elasticsearch (the logs add-on) rather than Prometheus. */
        public boolean elasticsearch() {
            return ELASTICSEARCH_UID.equals(datasourceUid);
        }
    }

    /** A template variable: its name, the query for its values, and the value of "All". */
    public record Variable(String name, String query, String allValue) {
    }

    /** The provisioned data sources' uids (grafana/provisioning/datasources.yaml). */
    public static final String PROMETHEUS_UID = "lab-prometheus";
    public static final String ELASTICSEARCH_UID = "lab-elasticsearch";
    /** The tag of the dashboards of the logs part: their data exists only while the logs add-on runs. */
    public static final String LOGS_TAG = "logs";

    /** The tag of the dashboards of the streaming part: their data exists only while it runs. */
    public static final String STREAMING_TAG = "streaming";

    /** The dashboard's tags (its JSON's "tags"), in their order. */
    public List<String> tags() {
        List<String> tags = new ArrayList<>();
        json.path("tags").forEach(t -> tags.add(t.asText()));
        return tags;
    }

    /** Every dashboard in a folder, by file name. A file that is not valid JSON is named in the error. */
    public static List<Dashboard> loadAll(Path dir) {
        List<Dashboard> dashboards = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : files) {
                dashboards.add(load(file));
            }
        } catch (IOException e) {
            throw new LabException("Cannot read the dashboards in " + dir + ": " + e.getMessage(), e);
        }
        dashboards.sort((a, b) -> a.file().getFileName().compareTo(b.file().getFileName()));
        java.util.Map<String, Path> byUid = new java.util.HashMap<>();
        for (Dashboard d : dashboards) {
            Path other = byUid.putIfAbsent(d.uid(), d.file());
            if (other != null) {
                throw new LabException("Dashboards " + other + " and " + d.file() + " have the same uid '" + d.uid()
                        + "': Grafana would load only one of them (a copied file keeps its uid; give the copy its own)");
            }
        }
        return dashboards;
    }

    /** Grafana's limit on a dashboard uid's length. */
    static final int MAX_UID = 40;

    /**
     * Every dashboard of the folder that loads, in file order; each that does not is given to
     * {@code broken} and left out. For the run reports: one dashboard broken while the lab ran must not
     * lose the charts of the others.
     */
    public static List<Dashboard> loadEach(Path dir, java.util.function.Consumer<LabException> broken) {
        List<Dashboard> loaded = new ArrayList<>();
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                try {
                    loaded.add(load(file));
                } catch (LabException e) {
                    broken.accept(e);
                }
            }
        } catch (IOException e) {
            broken.accept(new LabException("Cannot read the dashboards in " + dir + ": " + e.getMessage(), e));
        }
        return loaded;
    }

    public static Dashboard load(Path file) {
        JsonNode json;
        try {
            // Text after the dashboard's closing brace (a panel pasted one line too low) is an error, as
            // it is to Grafana, not a part silently dropped.
            json = HttpJson.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new LabException("Dashboard " + file + " is not valid JSON: " + e.getMessage(), e);
        }
        // Grafana gives a dashboard without a uid one of its own (and skips an empty file): the lab, which
        // finds and links dashboards by uid, would wait for one that never comes.
        if (json == null || !json.isObject()) {
            throw new LabException("Dashboard " + file + " is not a dashboard: its JSON is " + (json == null || json.isMissingNode()
                    ? "empty" : "not an object"));
        }
        if (json.path("uid").asText().isBlank()) {
            throw new LabException("Dashboard " + file + ": field 'uid' is missing or empty (the lab finds dashboards by it)");
        }
        if (json.path("uid").asText().length() > MAX_UID) {
            throw new LabException("Dashboard " + file + ": field 'uid' is " + json.path("uid").asText().length()
                    + " characters long; Grafana refuses more than " + MAX_UID);
        }
        // A collapsed row, as Grafana saves it, holds its panels inside it; an open row is a panel of its
        // own before them. Either way the row is a heading, not a panel with data.
        List<JsonNode> inOrder = new ArrayList<>();
        for (JsonNode p : json.path("panels")) {
            if (p.path("type").asText().equals("row")) {
                p.path("panels").forEach(inOrder::add);
            } else {
                inOrder.add(p);
            }
        }
        List<Panel> panels = new ArrayList<>();
        for (JsonNode p : inOrder) {
            List<Target> targets = new ArrayList<>();
            for (JsonNode t : p.path("targets")) {
                targets.add(new Target(t.path("refId").asText(), t.path("expr").asText(), t.path("legendFormat").asText(),
                        t.path("datasource").path("uid").asText(p.path("datasource").path("uid").asText()), t));
            }
            panels.add(new Panel(p.path("id").asInt(), p.path("title").asText(), p.path("type").asText(),
                    p.at("/fieldConfig/defaults/unit").asText(), p.path("description").asText(), targets));
        }
        List<Variable> variables = new ArrayList<>();
        for (JsonNode v : json.at("/templating/list")) {
            String query = v.path("query").isObject() ? v.path("query").path("query").asText() : v.path("query").asText();
            variables.add(new Variable(v.path("name").asText(), query, v.path("allValue").asText(".*")));
        }
        return new Dashboard(file, json.path("uid").asText(), json.path("title").asText(), json, panels, variables);
    }
}
