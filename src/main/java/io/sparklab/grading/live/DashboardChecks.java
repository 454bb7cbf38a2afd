package io.sparklab.grading.live;

import static io.sparklab.grading.live.LiveQueries.SUBMIT;
import static io.sparklab.grading.live.LiveQueries.WINDOW;
import static io.sparklab.grading.live.LiveQueries.dashboard;
import static io.sparklab.grading.live.LiveQueries.describe;
import static io.sparklab.grading.live.LiveQueries.lastValues;
import static io.sparklab.grading.live.LiveQueries.panel;

import io.sparklab.client.PrometheusClient.Sample;
import io.sparklab.dashboards.Dashboard;
import io.sparklab.dashboards.PanelQuery;
import io.sparklab.stack.LabService;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The exercises on the jobs dashboard: a new panel's query, and the application variable, on the live
 * Prometheus.
 */
final class DashboardChecks {
    private static final String JOBS = "spark-jobs.json";

    private DashboardChecks() {
    }

    /** 01: the new panel's query returns data from the live Prometheus. */
    static void rejectedSharePanel(LiveLab lab, Observations seen) {
        panelHasData(lab, seen, "Rows rejected share");
    }

    /** 14: the p95 panel's query returns data from the live Prometheus. */
    static void stageDurationP95(LiveLab lab, Observations seen) {
        panelHasData(lab, seen, "Stage duration p95");
    }

    /** 10: with $app set to the last application, every spark_* panel query shows that application only. */
    static void appVariable(LiveLab lab, Observations seen) {
        Dashboard jobs = dashboard(lab, JOBS);
        Optional<Dashboard.Variable> app = jobs.variables().stream().filter(v -> v.name().equals("app")).findFirst();
        if (!seen.expect(app.isPresent(), "variable app in spark-jobs.json: " + app.map(Dashboard.Variable::query).orElse(""),
                "no variable app in grafana/dashboards/spark-jobs.json")) {
            return;
        }
        List<Sample> apps = lastValues(lab, "max by (app) (timestamp(spark_tasks_completed_total))");
        if (!seen.expect(apps.size() >= 1, "applications in the last " + WINDOW + ": " + apps.size(),
                "no application in the last " + WINDOW + ": run the job (" + SUBMIT + ")")) {
            return;
        }
        String last = apps.stream().max(Comparator.comparingDouble(Sample::value)).orElseThrow().label("app");
        seen.info("$app = " + last + " (the application seen last)");
        for (Dashboard.Panel p : jobs.panels()) {
            for (Dashboard.Target t : p.targets()) {
                if (!t.expr().contains("spark_")) {
                    continue;
                }
                String expr = PanelQuery.expand(t.expr(), jobs, Map.of("app", last), Duration.ofSeconds(5), Duration.ofSeconds(15));
                List<Sample> mine = lastValues(lab, expr);
                // Series that keep the app label must all be the chosen one; aggregated ones drop it.
                boolean onlyMine = t.expr().contains("$app")
                        && mine.stream().allMatch(sample -> sample.label("app") == null || sample.label("app").equals(last));
                seen.expect(onlyMine, p.title() + " (" + t.refId() + "): " + describe(mine),
                        p.title() + " (" + t.refId() + ") is not filtered by $app: " + expr + " returns " + describe(mine));
            }
        }
        seen.look(lab.url(LabService.GRAFANA) + "/d/" + jobs.uid() + ": the Application drop-down");
    }

    private static void panelHasData(LiveLab lab, Observations seen, String title) {
        Dashboard jobs = dashboard(lab, JOBS);
        Optional<Dashboard.Panel> panel = panel(jobs, JOBS, title, seen);
        if (panel.isEmpty()) {
            return;
        }
        for (Dashboard.Target t : panel.get().targets()) {
            String expr = PanelQuery.expand(t.expr(), jobs, Map.of(), Duration.ofSeconds(5), Duration.ofSeconds(15));
            List<Sample> result = lastValues(lab, expr);
            seen.expect(!result.isEmpty(), "its query " + expr + " returns " + describe(result),
                    "its query " + expr + " returns no data in the last " + WINDOW + ": run the ETL job (" + SUBMIT + ")");
        }
        seen.look("Grafana " + lab.url(LabService.GRAFANA) + "/d/" + jobs.uid() + " (or the query at " + lab.url(LabService.PROMETHEUS) + "/graph)");
    }
}
