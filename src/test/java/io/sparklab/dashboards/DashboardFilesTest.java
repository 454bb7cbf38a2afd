package io.sparklab.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparklab.stack.LabException;
import io.sparklab.stack.LabProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fast checks (no Docker) of every dashboard in grafana/dashboards: what Grafana 11 needs to load
 * it, and what a student needs to read it. New dashboards are checked without new test code.
 */
class DashboardFilesTest {
    static final String DATASOURCE_UID = "lab-prometheus";
    /** Grafana 11.6 (the pinned image) writes schemaVersion 41 and migrates older ones from 36 on. */
    static final int MIN_SCHEMA = 36;
    static final int MAX_SCHEMA = 41;

    static List<Dashboard> dashboards() {
        return Dashboard.loadAll(LabProject.current().grafana().resolve("dashboards"));
    }

    @Test
    void the_plans_three_dashboards_exist() {
        assertThat(dashboards()).extracting(Dashboard::uid).contains("spark-cluster", "spark-jobs", "system-metrics");
    }

    /**
     * DashboardsTest proves every panel against the ETL run, except on dashboards tagged streaming:
     * the streaming add-on's series (spark_streaming_*, kafka_*) exist only while it runs, so a panel
     * of them on an untagged dashboard would fail there, and the streaming dashboard must carry the tag.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dashboards")
    void dashboards_of_streaming_series_are_tagged_streaming(Dashboard d) {
        boolean streamingSeries = d.panels().stream().flatMap(p -> p.targets().stream())
                .anyMatch(t -> t.expr().matches("(?s).*\\b(spark_streaming_|kafka_)\\w+.*"));
        assertThat(d.tags().contains(Dashboard.STREAMING_TAG)).as("%s uses streaming series, tags %s", d.file().getFileName(), d.tags())
                .isEqualTo(streamingSeries);
    }

    @Test
    void the_streaming_dashboard_exists() {
        assertThat(dashboards()).filteredOn(d -> d.tags().contains(Dashboard.STREAMING_TAG)).extracting(Dashboard::uid)
                .contains("spark-streaming");
    }

    @Test
    void uids_are_unique_across_dashboards() {
        List<String> uids = dashboards().stream().map(Dashboard::uid).toList();
        assertThat(uids).doesNotHaveDuplicates().allSatisfy(uid -> assertThat(uid).isNotBlank().hasSizeLessThanOrEqualTo(40));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dashboards")
    void is_a_dashboard_grafana_11_loads(Dashboard d) {
        JsonNode json = d.json();
        assertThat(json.path("title").asText()).as("%s title", d.file()).isNotBlank();
        assertThat(json.path("schemaVersion").asInt()).as("%s schemaVersion", d.file()).isBetween(MIN_SCHEMA, MAX_SCHEMA);
        assertThat(json.has("id") && !json.path("id").isNull()).as("%s must not carry a database id", d.file()).isFalse();
        assertThat(d.panels()).as("%s panels", d.file()).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dashboards")
    void panel_ids_are_unique_and_every_panel_has_a_place(Dashboard d) {
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : d.json().path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("%s: panel id %s used twice", d.file(), panel.path("id")).isTrue();
            for (String field : List.of("x", "y", "w", "h")) {
                assertThat(panel.path("gridPos").has(field)).as("%s panel %s gridPos.%s", d.file(), panel.path("title"), field).isTrue();
            }
        }
    }

    /**
     * Spark reports memory in MiB (memUsed_MB, memFree_MB: megabytes of 2^20 bytes), Grafana's
     * "decmbytes" is 10^6 bytes and "mbytes" 2^20: a panel of an _MB metric must say mbytes.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dashboards")
    void panels_of_spark_mib_metrics_use_grafanas_mib_unit(Dashboard d) {
        for (Dashboard.Panel panel : d.panels()) {
            boolean mib = panel.targets().stream().anyMatch(t -> t.expr() != null && t.expr().contains("_MB"));
            if (mib) {
                assertThat(panel.unit()).as("%s / %s unit", d.uid(), panel.title()).isEqualTo("mbytes");
            }
        }
    }

    /**
     * Every panel teaches (a description), says its unit and asks a provisioned data source: Prometheus
     * (PromQL), or on the logs part's dashboards also Elasticsearch (a Lucene query and Grafana's
     * aggregations, proven against Elasticsearch by Part 8).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dashboards")
    void every_panel_has_a_query_a_unit_a_description_and_the_provisioned_datasource(Dashboard d) {
        boolean logs = d.tags().contains(Dashboard.LOGS_TAG);
        Set<String> allowed = logs ? Set.of(DATASOURCE_UID, Dashboard.ELASTICSEARCH_UID) : Set.of(DATASOURCE_UID);
        for (Dashboard.Panel panel : d.panels()) {
            String where = d.file().getFileName() + " panel \"" + panel.title() + "\"";
            assertThat(panel.targets()).as("%s queries", where).isNotEmpty();
            assertThat(panel.unit()).as("%s unit", where).isNotBlank();
            assertThat(panel.description()).as("%s description (it teaches what the panel shows)", where).hasSizeGreaterThan(30);
            for (Dashboard.Target target : panel.targets()) {
                assertThat(target.datasourceUid()).as("%s %s data source", where, target.refId()).isIn(allowed);
                if (target.elasticsearch()) {
                    assertThat(target.json().path("query").asText()).as("%s %s Lucene query", where, target.refId()).isNotBlank();
                    assertThat(target.json().path("metrics").size()).as("%s %s metrics", where, target.refId()).isPositive();
                } else {
                    assertThat(target.expr()).as("%s %s expr", where, target.refId()).isNotBlank();
                }
            }
        }
        for (JsonNode panel : d.json().path("panels")) {
            assertThat(panel.at("/datasource/uid").asText()).as("%s panel %s data source", d.file(), panel.path("title")).isIn(allowed);
        }
        for (JsonNode variable : d.json().at("/templating/list")) {
            assertThat(variable.at("/datasource/uid").asText()).as("%s variable %s data source", d.file(), variable.path("name"))
                    .isIn(allowed);
        }
    }

    /**
     * Every data link into another data source (a trace id that opens the trace in Zipkin) names a
     * data source Grafana is provisioned with, by its uid and name, of a type that takes the link's
     * query type, and reads a label the panel's query keeps: a link to a label the query drops opens
     * an empty trace.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dashboards")
    void every_data_link_opens_a_provisioned_data_source_with_a_label_the_query_keeps(Dashboard d) throws Exception {
        JsonNode provisioned = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(LabProject.current().grafana().resolve("provisioning/datasources.yaml").toFile()).path("datasources");
        Map<String, JsonNode> byUid = new java.util.HashMap<>();
        provisioned.forEach(ds -> byUid.put(ds.path("uid").asText(), ds));
        Map<String, String> typeOfQuery = Map.of("traceID", "zipkin");
        for (JsonNode panel : d.json().path("panels")) {
            String where = d.file().getFileName() + " panel \"" + panel.path("title").asText() + "\"";
            String exprs = String.join("\n", panel.path("targets").findValuesAsText("expr"));
            for (JsonNode link : panel.findValues("internal")) {
                String uid = link.path("datasourceUid").asText();
                assertThat(byUid).as("%s links to data source %s", where, uid).containsKey(uid);
                assertThat(link.path("datasourceName").asText()).as("%s link's data source name", where)
                        .isEqualTo(byUid.get(uid).path("name").asText());
                String queryType = link.at("/query/queryType").asText();
                if (typeOfQuery.containsKey(queryType)) {
                    assertThat(byUid.get(uid).path("type").asText()).as("%s link of query type %s", where, queryType)
                            .isEqualTo(typeOfQuery.get(queryType));
                }
                java.util.regex.Matcher label = java.util.regex.Pattern.compile("\\$\\{__field\\.labels\\.(\\w+)}")
                        .matcher(link.at("/query/query").asText());
                while (label.find()) {
                    assertThat(exprs).as("%s: the link reads label %s; the query must keep it", where, label.group(1))
                            .containsPattern("\\b" + label.group(1) + "\\b");
                }
            }
            // A link on a table column (an override matching a field by name) reads that column.
            for (JsonNode override : panel.at("/fieldConfig/overrides")) {
                boolean links = false;
                for (JsonNode property : override.path("properties")) {
                    links |= property.path("id").asText().equals("links");
                }
                if (links && override.at("/matcher/id").asText().equals("byName")) {
                    String field = override.at("/matcher/options").asText();
                    assertThat(exprs).as("%s: a link on column %s; the query must return that label", where, field)
                            .containsPattern("\\b" + field + "\\b");
                }
            }
        }
    }

    /** The logs dashboard's Elasticsearch panels become the searches Grafana would send, variables and all. */
    @Test
    void the_logs_dashboard_exists_and_its_elasticsearch_panels_translate_to_searches() {
        Dashboard logs = dashboards().stream().filter(d -> d.uid().equals("spark-logs")).findFirst().orElseThrow();
        assertThat(logs.tags()).contains(Dashboard.LOGS_TAG);
        java.time.Instant to = java.time.Instant.parse("2026-12-02T10:00:00Z");
        java.time.Instant from = to.minusSeconds(600);
        long searches = 0;
        for (Dashboard.Panel panel : logs.panels()) {
            for (Dashboard.Target target : panel.targets()) {
                if (!target.elasticsearch()) {
                    continue;
                }
                String all = LogsPanelQuery.luceneQuery(target, logs, Map.of());
                String one = LogsPanelQuery.luceneQuery(target, logs, Map.of("app", "app-20261202080000-0001"));
                assertThat(all).as("%s with All", panel.title()).doesNotContain("$").contains("app_id:*");
                assertThat(one).as("%s with one application", panel.title()).contains("app_id:app\\-20261202080000\\-0001");
                JsonNode search = LogsPanelQuery.search(target, logs, Map.of("app", "app-1"), from, to);
                assertThat(search.at("/query/bool/filter/0/range/@timestamp/gte").asLong()).isEqualTo(from.toEpochMilli());
                searches++;
            }
        }
        assertThat(searches).as("Elasticsearch panels of spark-logs").isGreaterThanOrEqualTo(4);
    }

    @Test
    void elasticsearch_panels_are_only_on_dashboards_tagged_logs() {
        for (Dashboard d : dashboards()) {
            boolean es = d.panels().stream().flatMap(p -> p.targets().stream()).anyMatch(Dashboard.Target::elasticsearch);
            assertThat(d.tags().contains(Dashboard.LOGS_TAG)).as("%s has Elasticsearch panels, tags %s", d.file().getFileName(), d.tags())
                    .isEqualTo(es);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dashboards")
    void every_variable_a_query_uses_is_defined(Dashboard d) {
        for (Dashboard.Panel panel : d.panels()) {
            for (Dashboard.Target target : panel.targets()) {
                String expanded = PanelQuery.expand(target.expr(), d, Map.of(), Duration.ofSeconds(5), Duration.ofSeconds(5));
                // What is left is no variable name ($1 of a label_replace may stay: it is not one).
                assertThat(expanded).as("%s panel \"%s\" after expansion: a variable the dashboard does not define",
                        d.file().getFileName(), panel.title()).doesNotContainPattern("\\$\\{?[A-Za-z_]");
            }
        }
    }

    /** A regex group of label_replace stays as it is, as in Grafana; a name the dashboard does not define is named. */
    @Test
    void a_regex_group_stays_and_an_undefined_variable_is_named() {
        Dashboard d = dashboards().stream().filter(x -> x.variables().stream().anyMatch(v -> v.name().equals("app"))).findFirst().orElseThrow();
        String allApps = d.variables().stream().filter(v -> v.name().equals("app")).findFirst().orElseThrow().allValue();
        assertThat(PanelQuery.expand("label_replace(up{app=~\"$app\"}, \"host\", \"$1\", \"instance\", \"(.*):.*\")", d, Map.of(),
                Duration.ofSeconds(5), Duration.ofSeconds(5)))
                .isEqualTo("label_replace(up{app=~\"" + allApps + "\"}, \"host\", \"$1\", \"instance\", \"(.*):.*\")");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PanelQuery.expand("up{app=~\"$ap\"}", d, Map.of(), Duration.ofSeconds(5),
                Duration.ofSeconds(5))).isInstanceOf(PanelQuery.UndefinedVariable.class)
                .hasMessage("Dashboard " + d.file().getFileName() + " (" + d.uid() + ") uses $ap in a query but defines no such variable"
                        + " (templating.list)");
    }

    @Test
    void the_rate_interval_is_what_grafana_computes_for_a_5s_scrape() {
        Dashboard d = dashboards().get(0);
        assertThat(PanelQuery.expand("rate(x[$__rate_interval])", d, Map.of(), Duration.ofSeconds(5), Duration.ofSeconds(5)))
                .isEqualTo("rate(x[20s])");
        assertThat(PanelQuery.expand("rate(x[$__rate_interval])", d, Map.of(), Duration.ofSeconds(5), Duration.ofSeconds(60)))
                .isEqualTo("rate(x[65s])");
    }

    /** A panel pasted after the dashboard's closing brace: Grafana cannot load the file, so neither may the lab. */
    @Test
    void text_after_the_closing_brace_is_an_error_naming_the_file_and_line(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("spark-jobs.json");
        Files.writeString(file, Files.readString(LabProject.current().grafana().resolve("dashboards/spark-jobs.json")).stripTrailing()
                + ",\n{ \"id\": 99, \"title\": \"My extra panel\", \"type\": \"stat\" }\n");
        long lines = Files.readAllLines(file).size();
        assertThatThrownBy(() -> Dashboard.load(file)).isInstanceOf(LabException.class)
                .hasMessageContaining(file + " is not valid JSON").hasMessageContaining("line: " + (lines - 1));
    }

    /** Grafana gives a dashboard without a uid one of its own, and skips an empty file: the lab names the file instead of waiting. */
    @Test
    void a_dashboard_without_uid_or_empty_is_an_error_naming_the_file(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("mine.json");
        Files.writeString(file, "{\"title\": \"Mine\", \"panels\": []}\n");
        assertThatThrownBy(() -> Dashboard.load(file)).isInstanceOf(LabException.class)
                .hasMessage("Dashboard " + file + ": field 'uid' is missing or empty (the lab finds dashboards by it)");
        Files.writeString(file, "");
        assertThatThrownBy(() -> Dashboard.load(file)).isInstanceOf(LabException.class)
                .hasMessage("Dashboard " + file + " is not a dashboard: its JSON is empty");
        Files.writeString(file, "[1, 2]");
        assertThatThrownBy(() -> Dashboard.load(file)).hasMessage("Dashboard " + file + " is not a dashboard: its JSON is not an object");
    }

    /** A copied dashboard keeps its uid: Grafana would show one of the two. Grafana refuses a uid over 40 characters. */
    @Test
    void two_dashboards_with_one_uid_or_a_uid_too_long_are_errors_naming_the_files(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.json"), "{\"uid\": \"lab-jobs\", \"title\": \"A\", \"panels\": []}");
        Files.writeString(dir.resolve("b.json"), "{\"uid\": \"lab-jobs\", \"title\": \"B\", \"panels\": []}");
        assertThatThrownBy(() -> Dashboard.loadAll(dir)).isInstanceOf(LabException.class)
                .hasMessageStartingWith("Dashboards " + dir.resolve("a.json") + " and " + dir.resolve("b.json") + " have the same uid 'lab-jobs'");

        Path longUid = dir.resolve("b.json");
        Files.writeString(longUid, "{\"uid\": \"" + "x".repeat(41) + "\", \"panels\": []}");
        assertThatThrownBy(() -> Dashboard.load(longUid)).isInstanceOf(LabException.class)
                .hasMessage("Dashboard " + longUid + ": field 'uid' is 41 characters long; Grafana refuses more than 40");
    }

    /** For the run reports: a broken dashboard is named and left out, the others load. */
    @Test
    void load_each_leaves_out_a_broken_dashboard_and_names_it(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.json"), "{\"uid\": \"a\", \"panels\": []}");
        Files.writeString(dir.resolve("b.json"), "{\"uid\": \"b\", \"panels\": [");
        Files.writeString(dir.resolve("c.json"), "{\"uid\": \"c\", \"panels\": []}");
        List<String> broken = new java.util.ArrayList<>();

        assertThat(Dashboard.loadEach(dir, e -> broken.add(e.getMessage()))).extracting(Dashboard::uid).containsExactly("a", "c");
        assertThat(broken).singleElement().asString().contains(dir.resolve("b.json") + " is not valid JSON");
    }

    /** Panels inside a collapsed row (as Grafana saves one) are panels of the dashboard; the row itself is a heading. */
    @Test
    void the_panels_of_a_collapsed_row_count_and_the_row_does_not(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("rows.json");
        Files.writeString(file, """
                {"uid": "rows", "panels": [
                  {"id": 1, "type": "timeseries", "title": "Before", "targets": [{"refId": "A", "expr": "up"}]},
                  {"id": 2, "type": "row", "title": "Details", "collapsed": true, "panels": [
                    {"id": 3, "type": "timeseries", "title": "Inside", "targets": [{"refId": "A", "expr": "up"}]}
                  ]}
                ]}
                """);

        assertThat(Dashboard.load(file).panels()).extracting(Dashboard.Panel::title).containsExactly("Before", "Inside");
    }
}
