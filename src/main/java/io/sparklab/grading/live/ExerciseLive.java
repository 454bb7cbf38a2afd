package io.sparklab.grading.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparklab.client.HttpJson;
import io.sparklab.client.PrometheusClient.Sample;
import io.sparklab.client.WebhookReceiverClient.Delivery;
import io.sparklab.dashboards.Dashboard;
import io.sparklab.dashboards.PanelQuery;
import io.sparklab.stack.LabService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What each exercise looks like on a running lab. Job metrics exist only while or after a job runs,
 * so the PromQL checks ask for the last value of the last 15 minutes (a subquery), not only now: a
 * student runs the job, then the check, without a race.
 */
@FunctionalInterface
interface ExerciseLive {
    String WINDOW = "15m";
    String SUBMIT = "docker exec spark-master spark-submit --class io.sparklab.jobs.EtlJob /opt/spark/jobs/etl-job.jar";
    String JAR_NOTE = "The running lab has the job jar from when ./lab up started: stop it and start ./lab up again "
            + "(it rebuilds the image with your code), then run the job.";

    void observe(LiveLab lab, Observations seen);

    /** 01: the new panel's query returns data from the live Prometheus. */
    static void rejectedSharePanel(LiveLab lab, Observations seen) {
        panelHasData(lab, seen, "Rows rejected share");
    }

    /** 14: the p95 panel's query returns data from the live Prometheus. */
    static void stageDurationP95(LiveLab lab, Observations seen) {
        panelHasData(lab, seen, "Stage duration p95");
    }

    private static void panelHasData(LiveLab lab, Observations seen, String title) {
        Dashboard jobs = Dashboard.load(lab.project().grafana().resolve("dashboards/spark-jobs.json"));
        Optional<Dashboard.Panel> panel = jobs.panels().stream().filter(p -> p.title().equalsIgnoreCase(title)).findFirst();
        if (!seen.expect(panel.isPresent(), "panel \"" + title + "\" in grafana/dashboards/spark-jobs.json",
                "no panel titled \"" + title + "\" in grafana/dashboards/spark-jobs.json")) {
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

    /** 02: the new alert rule is loaded after the reload and evaluates without error. */
    static void stageFailureRateAlert(LiveLab lab, Observations seen) {
        ruleLoaded(lab, seen, "alert", "SparkStageFailureRate").ifPresent(rule -> {
            seen.info("state: " + rule.path("state").asText() + " (a healthy lab: inactive; while stages fail: pending, then firing)");
            seen.info("query: " + rule.path("query").asText());
        });
        seen.look(lab.url(LabService.PROMETHEUS) + "/alerts and " + lab.url(LabService.PROMETHEUS) + "/rules");
    }

    /** 03: an ETL alert sent to the live Alertmanager reaches the data team's webhook path. */
    static void dataTeamRoute(LiveLab lab, Observations seen) {
        String config = lab.alertmanager().status().path("config").path("original").asText();
        if (!seen.expect(config.contains("lab-data-team"), "Alertmanager runs with a receiver lab-data-team",
                "the running Alertmanager has no receiver lab-data-team (config/alertmanager.yml)")) {
            return;
        }
        String name = "LiveCheckDataTeamRoute" + Instant.now().getEpochSecond();
        Map<String, String> labels = Map.of("alertname", name, "component", "etl", "severity", "warning", "lab", "spark-observability");
        Instant now = Instant.now();
        HttpJson.postJson(lab.url(LabService.ALERTMANAGER) + "/api/v2/alerts", List.of(Map.of("labels", labels,
                "annotations", Map.of("summary", "A test alert from ./lab exercise 03 --live: an ETL alert, to the data team"),
                "startsAt", now.toString(), "endsAt", now.plus(Duration.ofMinutes(2)).toString())));
        seen.info("sent a test ETL alert " + name + " (component=etl, severity=warning) to Alertmanager");
        Delivery delivery = null;
        for (Instant deadline = Instant.now().plusSeconds(30); delivery == null && Instant.now().isBefore(deadline); ) {
            delivery = lab.webhook().deliveries().stream().filter(d -> d.alertname().equals(name)).findFirst().orElse(null);
            if (delivery == null) {
                sleep(Duration.ofSeconds(1));
            }
        }
        seen.expect(delivery != null && delivery.path().equals("/data-team"),
                "it reached the webhook receiver at /data-team",
                delivery == null ? "it reached no receiver within 30 s" : "it reached " + delivery.path() + ", not /data-team");
        // End it, so it does not sit in Alertmanager for the two minutes.
        HttpJson.postJson(lab.url(LabService.ALERTMANAGER) + "/api/v2/alerts", List.of(Map.of("labels", labels,
                "startsAt", now.toString(), "endsAt", Instant.now().toString())));
        seen.look(lab.url(LabService.ALERTMANAGER) + "/#/status (the loaded routes) and " + lab.url(LabService.WEBHOOK_RECEIVER) + "/alerts");
    }

    /** 04: the answer's query, on the live Prometheus, gives one share per executor. */
    static void gcSharePromql(LiveLab lab, Observations seen) {
        String expr = promqlFile(lab.project().root().resolve("exercises/04-gc-share-promql/answer.promql"));
        if (!seen.expect(!expr.isBlank(), "exercises/04-gc-share-promql/answer.promql: " + expr,
                "exercises/04-gc-share-promql/answer.promql has no query yet")) {
            return;
        }
        List<Sample> result = lastValues(lab, expr);
        if (seen.expect(!result.isEmpty(), "it returns " + describe(result),
                "it returns no data in the last " + WINDOW + ": executor metrics exist while a job runs (" + SUBMIT + ")")) {
            seen.expect(result.stream().allMatch(s -> s.labels().keySet().equals(java.util.Set.of("executor_id"))),
                    "one series per executor, labelled executor_id only", "series should carry executor_id only, got "
                            + result.stream().map(s -> s.labels().keySet().toString()).distinct().collect(Collectors.joining(" ")));
        }
        seen.look(lab.url(LabService.PROMETHEUS) + "/graph: paste the query, run a job, watch each executor's share");
    }

    /** 05: the recording rule is loaded, evaluates, and its series has data; the panel uses it. */
    static void recordingRule(LiveLab lab, Observations seen) {
        String record = "executor:spark_tasks_completed:rate1m";
        ruleLoaded(lab, seen, "record", record);
        List<Sample> result = lastValues(lab, record);
        seen.expect(!result.isEmpty(), record + " has data: " + describe(result),
                record + " has no data in the last " + WINDOW + ": it records while executors run tasks (" + SUBMIT + ")");
        boolean used = Dashboard.load(lab.project().grafana().resolve("dashboards/spark-jobs.json")).panels().stream()
                .flatMap(p -> p.targets().stream()).anyMatch(t -> t.expr().contains(record));
        seen.expect(used, "a panel of spark-jobs.json queries it", "no panel of grafana/dashboards/spark-jobs.json queries " + record);
        seen.look(lab.url(LabService.PROMETHEUS) + "/rules and the Task rate panel in Grafana");
    }

    /** 06: Prometheus runs LabTargetDown with the `for` the file now says. */
    static void flappingAlert(LiveLab lab, Observations seen) {
        String inFile = ruleField(lab, "LabTargetDown", "for");
        ruleLoaded(lab, seen, "alert", "LabTargetDown").ifPresent(rule -> {
            long seconds = rule.path("duration").asLong();
            seen.expect(inFile != null && seconds == parseSeconds(inFile),
                    "Prometheus waits " + seconds + " s before firing it (config/alert-rules.yml: for: " + inFile + ")",
                    "Prometheus waits " + seconds + " s, config/alert-rules.yml says for: " + inFile);
            seen.info("try it: docker stop pushgateway; watch " + lab.url(LabService.PROMETHEUS)
                    + "/alerts go pending, then firing after that time; docker start pushgateway");
        });
    }

    /** 09: the trend alert is loaded and evaluates; what the trend says of the lab's disk now. */
    static void diskFillingUp(LiveLab lab, Observations seen) {
        ruleLoaded(lab, seen, "alert", "HostDiskFillingUp").ifPresent(rule ->
                seen.info("state: " + rule.path("state").asText() + " (a disk with room, or a steady one: inactive)"));
        List<Sample> free = lab.prometheus().query("min by (device) (node_filesystem_avail_bytes{fstype!~\"tmpfs|overlay|squashfs|nsfs|ramfs\"}"
                + " / node_filesystem_size_bytes{fstype!~\"tmpfs|overlay|squashfs|nsfs|ramfs\"})");
        List<Sample> trend = lab.prometheus().query("min by (device) (predict_linear(node_filesystem_avail_bytes"
                + "{fstype!~\"tmpfs|overlay|squashfs|nsfs|ramfs\"}[1h], 24 * 3600))");
        seen.info("the lab's disk now: free share " + describe(free) + "; free bytes in 24 h at the last hour's rate: " + describe(trend));
        seen.look(lab.url(LabService.PROMETHEUS) + "/alerts and " + lab.url(LabService.PROMETHEUS) + "/graph");
    }

    /** 10: with $app set to the last application, every spark_* panel query shows that application only. */
    static void appVariable(LiveLab lab, Observations seen) {
        Dashboard jobs = Dashboard.load(lab.project().grafana().resolve("dashboards/spark-jobs.json"));
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
        String last = apps.stream().max(java.util.Comparator.comparingDouble(Sample::value)).orElseThrow().label("app");
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

    /** 11: the driver's last scrape stored fewer samples than it scraped, and the used series are still there. */
    static void dropUnusedSeries(LiveLab lab, Observations seen) {
        // The last scrape that reached a running driver (between jobs the target is down: 0 scraped).
        List<Sample> scraped = lastValues(lab, "scrape_samples_scraped{job=\"spark-driver\"} > 0");
        List<Sample> kept = lastValues(lab, "scrape_samples_post_metric_relabeling{job=\"spark-driver\"}"
                + " and scrape_samples_scraped{job=\"spark-driver\"} > 0");
        if (!seen.expect(!scraped.isEmpty() && !kept.isEmpty(), "the driver was scraped in the last " + WINDOW,
                "the driver was not scraped in the last " + WINDOW + ": it exists while a job runs (" + SUBMIT + ")")) {
            return;
        }
        double dropped = scraped.get(0).value() - kept.get(0).value();
        seen.expect(dropped > 0, String.format(Locale.ROOT, "its last scrape: %.0f samples scraped, %.0f stored: %.0f dropped",
                        scraped.get(0).value(), kept.get(0).value(), dropped),
                String.format(Locale.ROOT, "its last scrape stored all %.0f samples it scraped: nothing dropped yet "
                        + "(run the job again after the reload)", scraped.get(0).value()));
        List<Sample> heap = lastValues(lab, "jvm_heap_memory_used{job=\"spark-driver\"}");
        seen.expect(!heap.isEmpty(), "jvm_heap_memory_used of the driver is still stored",
                "jvm_heap_memory_used of the driver is gone: the regex drops a series the lab uses");
        seen.look(lab.url(LabService.PROMETHEUS) + "/graph: scrape_samples_scraped and scrape_samples_post_metric_relabeling");
    }

    /** 12: the driver's live thread count, exported by the agent with the student's rule. */
    static void threadCount(LiveLab lab, Observations seen) {
        List<Sample> threads = lastValues(lab, "jvm_threads_live{job=\"spark-driver\"}");
        seen.expect(!threads.isEmpty(), "jvm_threads_live of the driver: " + describe(threads),
                "jvm_threads_live of the driver is not in Prometheus (last " + WINDOW + "). The driver reads "
                        + "config/spark-driver-jmx-exporter.yaml when a job starts, mounted when ./lab up started: restart ./lab up, "
                        + "then run the job (" + SUBMIT + ")");
        seen.look(lab.url(LabService.PROMETHEUS) + "/graph: jvm_threads_live{job=\"spark-driver\"} during a run");
    }

    /** 13: on the live Alertmanager, a test full disk inhibits its own filling-up alert and not another device's. */
    static void inhibitDiskAlerts(LiveLab lab, Observations seen) {
        String url = lab.url(LabService.ALERTMANAGER) + "/api/v2/alerts";
        Instant now = Instant.now();
        List<Map<String, Object>> alerts = List.of(diskAlert("HostDiskFull", "/dev/live-check-a", now, 2),
                diskAlert("HostDiskFillingUp", "/dev/live-check-a", now, 2), diskAlert("HostDiskFillingUp", "/dev/live-check-b", now, 2));
        HttpJson.postJson(url, alerts);
        seen.info("sent test alerts: HostDiskFull and HostDiskFillingUp for /dev/live-check-a, HostDiskFillingUp for /dev/live-check-b");
        boolean aInhibited = false;
        for (Instant deadline = Instant.now().plusSeconds(15); !aInhibited && Instant.now().isBefore(deadline); sleep(Duration.ofSeconds(1))) {
            aInhibited = inhibited(lab, "/dev/live-check-a");
        }
        sleep(Duration.ofSeconds(6));
        seen.expect(aInhibited, "HostDiskFillingUp of the full disk is inhibited", "HostDiskFillingUp of the full disk is not inhibited");
        seen.expect(!inhibited(lab, "/dev/live-check-b"), "HostDiskFillingUp of the other device is not",
                "HostDiskFillingUp of another device is inhibited too: `equal` must name the device");
        // End the test alerts (the webhook has a ticket for the test HostDiskFull, then its resolve).
        HttpJson.postJson(url, List.of(diskAlert("HostDiskFull", "/dev/live-check-a", now, 0),
                diskAlert("HostDiskFillingUp", "/dev/live-check-a", now, 0), diskAlert("HostDiskFillingUp", "/dev/live-check-b", now, 0)));
        seen.look(lab.url(LabService.ALERTMANAGER) + "/#/alerts (Inhibited: show) and /#/status (the inhibit rules)");
    }

    private static Map<String, Object> diskAlert(String name, String device, Instant startsAt, int minutes) {
        Map<String, String> labels = Map.of("alertname", name, "instance", "live-check:9100", "device", device, "job", "node-exporter",
                "severity", "warning", "component", "host", "lab", "spark-observability");
        Instant endsAt = minutes == 0 ? Instant.now() : startsAt.plus(Duration.ofMinutes(minutes));
        return Map.of("labels", labels, "startsAt", startsAt.toString(), "endsAt", endsAt.toString(),
                "annotations", Map.of("summary", "A test alert from ./lab exercise 13 --live"));
    }

    private static boolean inhibited(LiveLab lab, String device) {
        for (JsonNode a : lab.alertmanager().alerts()) {
            if (a.path("labels").path("alertname").asText().equals("HostDiskFillingUp") && a.path("labels").path("device").asText().equals(device)) {
                return a.path("status").path("inhibitedBy").size() > 0;
            }
        }
        return false;
    }

    /** 07: the new job metric, with its reason label, in the live Prometheus after a job run. */
    static void rejectsByReason(LiveLab lab, Observations seen) {
        List<Sample> result = lastValues(lab, "etl_job_rows_rejected_by_reason");
        seen.expect(!result.isEmpty(), "etl_job_rows_rejected_by_reason: " + describe(result),
                "etl_job_rows_rejected_by_reason is not in Prometheus (last " + WINDOW + "). " + JAR_NOTE + " (" + SUBMIT + ")");
        if (!result.isEmpty()) {
            seen.expect(result.stream().allMatch(s -> s.labels().containsKey("reason")), "every series has a reason label",
                    "series without a reason label: " + describe(result));
        }
        seen.look(lab.url(LabService.PUSHGATEWAY) + " (the job's push) and " + lab.url(LabService.PROMETHEUS) + "/graph");
    }

    /** 20: the streaming job's quarantined records, a counter per reason, in the live Prometheus. */
    static void quarantinedByReason(LiveLab lab, Observations seen) {
        List<Sample> result = lastValues(lab, "spark_streaming_quarantined_records_total");
        seen.expect(!result.isEmpty(), "spark_streaming_quarantined_records_total: " + describe(result),
                "spark_streaming_quarantined_records_total is not in Prometheus (last " + WINDOW + "). ./lab up --with streaming builds"
                        + " the Spark image with your code when it starts; then start the streaming job and the generator with the"
                        + " commands it prints, and wait for a few batches");
        if (!result.isEmpty()) {
            seen.expect(result.stream().allMatch(s -> s.labels().containsKey("reason") && s.labels().containsKey("query")),
                    "every series has its query and reason labels", "series without a query or reason label: " + describe(result));
            seen.info("by reason, per second over the last minute: "
                    + describe(lab.prometheus().query("sum by (reason) (rate(spark_streaming_quarantined_records_total[1m]))")));
        }
        seen.look(lab.url(LabService.PROMETHEUS) + "/graph: sum by (reason) (rate(spark_streaming_quarantined_records_total[1m]))");
    }

    /** The ETL job's Zipkin service: its application name, lowercased by Zipkin. */
    String ETL_SERVICE = "etl_job";
    String STAGE_ID = "spark.stage.id";

    /** 16: the stage spans of the newest ETL trace in the traces add-on's Zipkin carry the executors' run time. */
    static void stageSpanRunTime(LiveLab lab, Observations seen) {
        Optional<io.sparklab.client.ZipkinClient> zipkin = zipkin(lab, seen);
        if (zipkin.isEmpty()) {
            return;
        }
        JsonNode traces = zipkin.get().traces(ETL_SERVICE, Map.of(STAGE_ID, ""), Duration.ofHours(1).toMillis(), 1);
        if (!seen.expect(traces.size() > 0, "a trace of " + ETL_SERVICE + " with stage spans in the last hour",
                "no trace of " + ETL_SERVICE + " with stage spans in Zipkin in the last hour: run the ETL job (" + SUBMIT + ")")) {
            return;
        }
        List<JsonNode> stages = new ArrayList<>();
        traces.get(0).forEach(span -> {
            if (span.path("tags").has(STAGE_ID)) {
                stages.add(span);
            }
        });
        String key = "spark.stage.executor_run_time_ms";
        long tagged = stages.stream().filter(span -> span.path("tags").has(key)).count();
        seen.expect(tagged == stages.size(), "all " + stages.size() + " stage spans of the newest trace have " + key,
                tagged + " of " + stages.size() + " stage spans of the newest trace have " + key + ". " + JAR_NOTE);
        stages.stream().filter(span -> span.path("tags").has(key)).limit(5).forEach(span -> seen.info(String.format(Locale.ROOT,
                "stage %s (%s): span %.0f ms, executors' run time %s ms", span.path("tags").path(STAGE_ID).asText(),
                span.path("name").asText(), span.path("duration").asLong() / 1000.0, span.path("tags").path(key).asText())));
        seen.look(lab.url(io.sparklab.tracing.TracingService.ZIPKIN) + "/zipkin/ (service " + ETL_SERVICE + ", the newest trace)");
    }

    /**
     * 17: slowStages, asked of the traces add-on's Zipkin: stage spans only, at least a second each,
     * slowest first, and the first one the slowest stage span of the last hour.
     */
    static void slowStages(LiveLab lab, Observations seen) {
        Optional<io.sparklab.client.ZipkinClient> zipkin = zipkin(lab, seen);
        if (zipkin.isEmpty()) {
            return;
        }
        long second = 1_000_000; // Zipkin's durations are in microseconds
        // The truth, without the student's code: every stage span of the last hour's traces.
        List<JsonNode> all = new ArrayList<>();
        zipkin.get().traces(ETL_SERVICE, Map.of(STAGE_ID, ""), Duration.ofHours(1).toMillis(), 1000)
                .forEach(trace -> trace.forEach(span -> {
                    if (span.path("tags").has(STAGE_ID) && span.path("duration").asLong() >= second) {
                        all.add(span);
                    }
                }));
        all.sort(java.util.Comparator.comparingLong((JsonNode span) -> span.path("duration").asLong()).reversed());
        if (!seen.expect(!all.isEmpty(), all.size() + " stage span(s) of " + ETL_SERVICE + " of at least 1 s in the last hour",
                "no stage span of " + ETL_SERVICE + " lasted 1 s in the last hour: run the ETL job (" + SUBMIT + ")")) {
            return;
        }
        List<JsonNode> found;
        try {
            found = zipkin.get().slowStages(ETL_SERVICE, Duration.ofSeconds(1), Duration.ofHours(1));
        } catch (UnsupportedOperationException e) {
            seen.expect(false, "", "slowStages is not written yet: " + e.getMessage());
            return;
        }
        seen.expect(!found.isEmpty() && found.stream().allMatch(span -> span.path("tags").has(STAGE_ID)
                        && span.path("duration").asLong() >= second),
                "slowStages(\"" + ETL_SERVICE + "\", 1 s, 1 h) returns " + found.size() + " stage span(s), each at least 1 s",
                "slowStages(\"" + ETL_SERVICE + "\", 1 s, 1 h) returns " + found.size() + " span(s); wanted stage spans (tag "
                        + STAGE_ID + ") of at least 1 s: " + found.stream().map(ExerciseLive::span).toList());
        boolean sorted = true;
        for (int i = 1; i < found.size(); i++) {
            sorted &= found.get(i - 1).path("duration").asLong() >= found.get(i).path("duration").asLong();
        }
        seen.expect(sorted, "slowest first", "not slowest first: " + found.stream().map(ExerciseLive::span).toList());
        if (!found.isEmpty()) {
            String slowest = all.get(0).path("id").asText();
            seen.expect(found.get(0).path("id").asText().equals(slowest), "the first is the slowest stage of the last hour: "
                    + span(all.get(0)), "the first is " + span(found.get(0)) + ", the slowest of the last hour is " + span(all.get(0)));
        }
        found.stream().limit(3).forEach(span -> seen.info(span(span)));
        seen.look(lab.url(io.sparklab.tracing.TracingService.ZIPKIN) + "/zipkin/ (service " + ETL_SERVICE
                + ", tag " + STAGE_ID + ", a minimum duration of 1s)");
    }

    private static String span(JsonNode span) {
        return String.format(Locale.ROOT, "stage %s (%s) %.2f s, trace %s", span.path("tags").path(STAGE_ID).asText(),
                span.path("name").asText(), span.path("duration").asLong() / 1e6, span.path("traceId").asText());
    }

    private static Optional<io.sparklab.client.ZipkinClient> zipkin(LiveLab lab, Observations seen) {
        String url = lab.url(io.sparklab.tracing.TracingService.ZIPKIN);
        io.sparklab.client.ZipkinClient zipkin = new io.sparklab.client.ZipkinClient(url);
        try {
            zipkin.services();
            return Optional.of(zipkin);
        } catch (RuntimeException e) {
            seen.expect(false, "", "Zipkin does not answer on " + url + ": start the lab with ./lab up --with traces (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    /** 15: StreamOffsetCommitsFailing is loaded and evaluates. */
    static void offsetCommitsFailing(LiveLab lab, Observations seen) {
        ruleLoaded(lab, seen, "alert", "StreamOffsetCommitsFailing").ifPresent(rule -> {
            seen.info("state: " + rule.path("state").asText() + " (a healthy stream: inactive; while commits fail: pending, then firing)");
            seen.info("query: " + rule.path("query").asText());
        });
        seen.look(lab.url(LabService.PROMETHEUS) + "/alerts and " + lab.url(LabService.PROMETHEUS)
                + "/graph: spark_streaming_offset_commits_total");
    }

    /** 18: SparkErrorLogRate is loaded and evaluates, over the shipper's counts of the logs add-on. */
    static void errorLogRate(LiveLab lab, Observations seen) {
        ruleLoaded(lab, seen, "alert", "SparkErrorLogRate").ifPresent(rule -> {
            seen.info("state: " + rule.path("state").asText() + " (quiet while under one error a second; a sustained flood: pending, then firing)");
            seen.info("query: " + rule.path("query").asText());
        });
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
        Dashboard logs = Dashboard.load(lab.project().grafana().resolve("dashboards/spark-logs.json"));
        Optional<Dashboard.Panel> panel = logs.panels().stream().filter(p -> p.title().equalsIgnoreCase(title)).findFirst();
        if (!seen.expect(panel.isPresent() && panel.get().targets().size() == 1, "panel \"" + title + "\" in grafana/dashboards/spark-logs.json",
                "no panel titled \"" + title + "\" with one query in grafana/dashboards/spark-logs.json")) {
            return;
        }
        Dashboard.Target target = panel.get().targets().get(0);
        io.sparklab.client.ElasticsearchClient elasticsearch = lab.elasticsearch();
        try {
            elasticsearch.health();
        } catch (RuntimeException e) {
            seen.expect(false, "", "Elasticsearch does not answer on " + lab.url(io.sparklab.logs.LogsService.ELASTICSEARCH)
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
            long counted = io.sparklab.dashboards.LogsPanelQuery.documentCount(elasticsearch.search(io.sparklab.logs.LogsAddOn.INDEX_PATTERN,
                    io.sparklab.dashboards.LogsPanelQuery.search(target, logs, Map.of("app", id), from, to)));
            long truth = elasticsearch.count(io.sparklab.logs.LogsAddOn.INDEX_PATTERN, io.sparklab.client.ElasticsearchClient.allOf(Map.of(
                    "app_id", id, "logger", "org.apache.spark.scheduler.TaskSetManager", "level", "WARN")));
            seen.expect(counted == truth, "application " + id + ": the panel counts " + counted + " lost task(s), as many as its"
                            + " TaskSetManager warnings in Elasticsearch",
                    "application " + id + ": the panel counts " + counted + ", but Elasticsearch holds " + truth
                            + " TaskSetManager warnings of it: " + io.sparklab.dashboards.LogsPanelQuery.luceneQuery(target, logs, Map.of("app", id)));
            if (truth > 0) {
                withLostTasks++;
            }
        }
        seen.expect(withLostTasks > 0, withLostTasks + " of the recent applications lost tasks",
                "no recent application lost a task, so the panel has nothing to count: " + SUBMIT + " --fail-task-share 0.5");
        seen.look("Grafana " + lab.url(LabService.GRAFANA) + "/d/" + logs.uid() + ", pick the application in \"app\"");
    }

    /** 08: the last run with --repartition N has a stage of N tasks (Spark's history server). */
    static void repartition(LiveLab lab, Observations seen) {
        JsonNode apps = lab.history().applications();
        Pattern option = Pattern.compile("--repartition\\s+(\\d+)");
        for (JsonNode app : apps) {
            String id = app.path("id").asText();
            String command = commandOf(lab, id);
            Matcher m = option.matcher(command);
            if (!m.find()) {
                continue;
            }
            int n = Integer.parseInt(m.group(1));
            List<String> tasks = new ArrayList<>();
            boolean found = false;
            for (JsonNode stage : lab.history().stages(id)) {
                tasks.add(stage.path("stageId").asText() + ":" + stage.path("numTasks").asInt());
                found |= stage.path("numTasks").asInt() == n;
            }
            seen.info("last run with --repartition " + n + ": application " + id + ", stage:tasks " + String.join(" ", tasks));
            seen.expect(found, "a stage of " + n + " tasks: the repartition", "no stage has " + n + " tasks: is the option used in EtlJob.run?");
            seen.look(lab.url(LabService.SPARK_HISTORY) + "/history/" + id + "/stages/ and rate(spark_tasks_completed_total[5m]) in "
                    + lab.url(LabService.PROMETHEUS) + "/graph");
            return;
        }
        seen.expect(false, "", "no application in the history server was run with --repartition N. " + JAR_NOTE
                + " Then: " + SUBMIT + " --repartition 24");
    }

    private static Optional<JsonNode> ruleLoaded(LiveLab lab, Observations seen, String kind, String name) {
        // A rule new since the reload has health "unknown" until its group's first evaluation (5 s).
        for (Instant deadline = Instant.now().plusSeconds(20); Instant.now().isBefore(deadline); sleep(Duration.ofSeconds(1))) {
            Optional<JsonNode> rule = findRule(lab, kind, name);
            if (rule.isEmpty() || !rule.get().path("health").asText().equals("unknown")) {
                break;
            }
        }
        return checkRule(lab, seen, kind, name);
    }

    private static Optional<JsonNode> findRule(LiveLab lab, String kind, String name) {
        for (JsonNode group : lab.prometheus().rules()) {
            for (JsonNode rule : group.path("rules")) {
                if (name.equals(rule.path("name").asText()) && (kind.equals("alert") == rule.path("type").asText().equals("alerting"))) {
                    return Optional.of(rule);
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<JsonNode> checkRule(LiveLab lab, Observations seen, String kind, String name) {
        for (JsonNode group : lab.prometheus().rules()) {
            for (JsonNode rule : group.path("rules")) {
                if (name.equals(rule.path("name").asText()) && (kind.equals("alert") == rule.path("type").asText().equals("alerting"))) {
                    boolean healthy = rule.path("health").asText().equals("ok");
                    seen.expect(healthy, kind + " " + name + " is loaded (group " + group.path("name").asText()
                                    + ") and evaluates: health ok, last evaluation " + rule.path("lastEvaluation").asText(),
                            kind + " " + name + " is loaded but fails: health " + rule.path("health").asText() + ", "
                                    + rule.path("lastError").asText());
                    return healthy ? Optional.of(rule) : Optional.empty();
                }
            }
        }
        seen.expect(false, "", "Prometheus has no " + kind + " " + name + " after the reload (config/alert-rules.yml)");
        return Optional.empty();
    }

    /** The last value of each series in the last {@link #WINDOW}: a subquery, so a finished job still shows. */
    private static List<Sample> lastValues(LiveLab lab, String expr) {
        // `x == x` drops NaN points (0/0 once a job's counters stop), so the last real value is shown.
        return lab.prometheus().query("last_over_time(((" + expr + ") == (" + expr + "))[" + WINDOW + ":15s])");
    }

    private static String describe(List<Sample> samples) {
        if (samples.isEmpty()) {
            return "no series";
        }
        String values = samples.stream().limit(6).map(s -> {
            Map<String, String> labels = new java.util.TreeMap<>(s.labels());
            labels.keySet().removeIf(k -> !List.of("executor_id", "reason", "app", "instance", "device", "level").contains(k));
            return (labels.isEmpty() ? "" : labels + " ") + String.format(Locale.ROOT, "%.4g", s.value());
        }).collect(Collectors.joining(", "));
        return samples.size() + " series: " + values + (samples.size() > 6 ? ", ..." : "");
    }

    private static String commandOf(LiveLab lab, String appId) {
        try {
            JsonNode env = HttpJson.get(lab.url(LabService.SPARK_HISTORY) + "/api/v1/applications/" + appId + "/environment");
            for (JsonNode pair : env.path("systemProperties")) {
                if (pair.path(0).asText().equals("sun.java.command")) {
                    return pair.path(1).asText();
                }
            }
        } catch (RuntimeException e) {
            // an application still being written by the history server: not the one we look for
        }
        return "";
    }

    private static String ruleField(LiveLab lab, String alert, String field) {
        try {
            JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(lab.project().config("alert-rules.yml").toFile());
            for (JsonNode group : rules.path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    if (alert.equals(rule.path("alert").asText())) {
                        return rule.path(field).isMissingNode() ? "0s" : rule.path(field).asText();
                    }
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /** Prometheus durations as the rules use them: 30s, 1m, 1m30s, 2h. */
    static long parseSeconds(String duration) {
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d)").matcher(duration);
        long seconds = 0;
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            seconds += switch (m.group(2)) {
                case "ms" -> n / 1000;
                case "s" -> n;
                case "m" -> n * 60;
                case "h" -> n * 3600;
                default -> n * 86400;
            };
        }
        return seconds;
    }

    private static String promqlFile(Path file) {
        try {
            return Files.readAllLines(file).stream().map(l -> l.replaceFirst("#.*$", "").strip()).filter(l -> !l.isEmpty())
                    .collect(Collectors.joining(" "));
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
