package io.sparklab.grading.live;

import static io.sparklab.grading.live.LiveQueries.SUBMIT;
import static io.sparklab.grading.live.LiveQueries.WINDOW;
import static io.sparklab.grading.live.LiveQueries.dashboard;
import static io.sparklab.grading.live.LiveQueries.describe;
import static io.sparklab.grading.live.LiveQueries.lastValues;
import static io.sparklab.grading.live.LiveQueries.panel;
import static io.sparklab.grading.live.LiveQueries.ruleState;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparklab.client.ElasticsearchClient;
import io.sparklab.client.PrometheusClient.Sample;
import io.sparklab.dashboards.Dashboard;
import io.sparklab.dashboards.LogsPanelQuery;
import io.sparklab.logs.LogsAddOn;
import io.sparklab.logs.LogsService;
import io.sparklab.stack.LabService;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The exercises of the logs add-on (`./lab up --with logs`): the error-log alert and the logs
 * dashboard's panel against its Elasticsearch.
 */
final class LogChecks {
    private LogChecks() {
    }

    /** 18: SparkErrorLogRate is loaded and evaluates, over the shipper's counts of the logs add-on. */
    static void errorLogRate(LiveLab lab, Observations seen) {
        ruleState(lab, seen, "SparkErrorLogRate", "quiet while under one error a second; a sustained flood: pending, then firing");
        // The rule reads a series only the logs add-on's shipper makes, once it has shipped a line of a
        // driver or executor: without either the alert is quiet for want of data.
        boolean shipper = !lab.prometheus().query("up{job=\"log-shipper\"} == 1").isEmpty();
        List<Sample> events = lastValues(lab, "sum by (level) (spark_log_events_total)");
        if (seen.expect(!events.isEmpty(), "the log shipper's counts by level: " + describe(events), shipper
                ? "no spark_log_events_total in Prometheus yet (last " + WINDOW + "): the shipper counts the lines of drivers and"
                        + " executors; run a job: " + SUBMIT + " --fail-task-share 0.5"
                : "the log shipper is not a target of Prometheus: the rule has nothing to read. Start the lab with ./lab up --with logs")) {
            seen.info("errors per second over 2 minutes, now: " + describe(lab.prometheus().query(
                    "sum(rate(spark_log_events_total{level=\"ERROR\"}[2m]))"))
                    + " (a run with failing tasks logs some: " + SUBMIT + " --fail-task-share 0.5)");
        }
        seen.look(lab.url(LabService.PROMETHEUS) + "/alerts and " + lab.url(LabService.PROMETHEUS)
                + "/graph: sum(rate(spark_log_events_total{level=\"ERROR\"}[2m]))");
    }

    /**
     * 19: the "Lost tasks" panel's query, sent to the logs add-on's Elasticsearch as Grafana sends it
     * for each recent application, counts that application's TaskSetManager warnings: the same number
     * as a count by the exact fields.
     */
    static void lostTasksPanel(LiveLab lab, Observations seen) {
        String title = "Lost tasks";
        String file = "spark-logs.json";
        Dashboard logs = dashboard(lab, file);
        Optional<Dashboard.Panel> panel = panel(logs, file, title, seen);
        if (panel.isEmpty() || !seen.expect(panel.get().targets().size() == 1, "it has one query",
                "it has " + panel.get().targets().size() + " queries; the panel counts with one")) {
            return;
        }
        Dashboard.Target target = panel.get().targets().get(0);
        ElasticsearchClient elasticsearch = lab.elasticsearch();
        try {
            elasticsearch.health();
        } catch (RuntimeException e) {
            seen.expect(false, "", "Elasticsearch does not answer on " + lab.url(LogsService.ELASTICSEARCH)
                    + ": start the lab with ./lab up --with logs (" + e.getMessage() + ")");
            return;
        }
        Instant to = Instant.now();
        Instant from = to.minus(Duration.ofHours(6));
        int withLostTasks = 0;
        int apps = 0;
        for (JsonNode app : lab.history().applications()) {
            if (apps++ == 5) {
                break; // the five most recent applications
            }
            String id = app.path("id").asText();
            long counted;
            try {
                counted = LogsPanelQuery.documentCount(elasticsearch.search(LogsAddOn.INDEX_PATTERN,
                        LogsPanelQuery.search(target, logs, Map.of("app", id), from, to)));
            } catch (io.sparklab.client.ApiException e) {
                if (!LiveQueries.QueryRefused.isRefusal(e)) {
                    throw e;
                }
                // The panel's Lucene query as the student wrote it, with Elasticsearch's refusal.
                throw new LiveQueries.QueryRefused("Elasticsearch", LogsPanelQuery.luceneQuery(target, logs, Map.of("app", id)),
                        e.getMessage(), e);
            }
            long truth = elasticsearch.count(LogsAddOn.INDEX_PATTERN, ElasticsearchClient.allOf(Map.of(
                    "app_id", id, "logger", "org.apache.spark.scheduler.TaskSetManager", "level", "WARN")));
            seen.expect(counted == truth, "application " + id + ": the panel counts " + counted + " lost task(s), as many as its"
                            + " TaskSetManager warnings in Elasticsearch",
                    "application " + id + ": the panel counts " + counted + ", but Elasticsearch holds " + truth
                            + " TaskSetManager warnings of it: " + LogsPanelQuery.luceneQuery(target, logs, Map.of("app", id)));
            if (truth > 0) {
                withLostTasks++;
            }
        }
        seen.expect(withLostTasks > 0, withLostTasks + " of the recent applications lost tasks",
                "no recent application lost a task, so the panel has nothing to count: " + SUBMIT + " --fail-task-share 0.5");
        seen.look("Grafana " + lab.url(LabService.GRAFANA) + "/d/" + logs.uid() + ", pick the application in \"app\"");
    }
}
