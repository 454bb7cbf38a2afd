package io.sparklab.grading.live;

import static io.sparklab.grading.live.LiveQueries.JAR_NOTE;
import static io.sparklab.grading.live.LiveQueries.SUBMIT;
import static io.sparklab.grading.live.LiveQueries.WINDOW;
import static io.sparklab.grading.live.LiveQueries.commandOf;
import static io.sparklab.grading.live.LiveQueries.dashboard;
import static io.sparklab.grading.live.LiveQueries.describe;
import static io.sparklab.grading.live.LiveQueries.lastValues;
import static io.sparklab.grading.live.LiveQueries.ruleLoaded;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparklab.client.PrometheusClient.Sample;
import io.sparklab.grading.PromqlFile;
import io.sparklab.stack.LabService;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The exercises on PromQL and the job's metrics: queries, recording rules, new metrics and the scrape
 * config, on the live Prometheus and Spark's history server.
 */
final class MetricChecks {
    private MetricChecks() {
    }

    /**
     * Executor ids restart at 0 in every application: a per-executor series needs app beside
     * executor_id, and nothing else. The metric's own name is not one of its labels here: a recorded
     * series (05) keeps it, a query's result (04) has none.
     */
    private static void perApplicationAndExecutor(List<Sample> result, Observations seen) {
        seen.expect(result.stream().allMatch(s -> labelsBesidesTheName(s).equals(Set.of("app", "executor_id"))),
                "one series per application and executor, labelled app and executor_id",
                "series should carry app and executor_id only (executor ids restart at 0 in every application), got "
                        + result.stream().map(s -> labelsBesidesTheName(s).toString()).distinct().collect(Collectors.joining(" ")));
    }

    private static Set<String> labelsBesidesTheName(Sample s) {
        Set<String> names = new TreeSet<>(s.labels().keySet());
        names.remove("__name__");
        return names;
    }

    /** 04: the answer's query, on the live Prometheus, gives one share per application and executor. */
    static void gcSharePromql(LiveLab lab, Observations seen) {
        String file = "exercises/04-gc-share-promql/answer.promql";
        String expr;
        try {
            expr = PromqlFile.query(lab.project().root().resolve(file));
        } catch (IOException e) {
            seen.expect(false, "", "cannot read " + file + ": " + e);
            return;
        }
        if (!seen.expect(!expr.isBlank(), file + ": " + expr, file + " has no query yet")) {
            return;
        }
        List<Sample> result = lastValues(lab, expr);
        if (seen.expect(!result.isEmpty(), "it returns " + describe(result),
                "it returns no data in the last " + WINDOW + ": executor metrics exist while a job runs (" + SUBMIT + ")")) {
            perApplicationAndExecutor(result, seen);
        }
        seen.look(lab.url(LabService.PROMETHEUS) + "/graph: paste the query, run a job, watch each executor's share");
    }

    /** 05: the recording rule is loaded, evaluates, and its series has data; the panel uses it. */
    static void recordingRule(LiveLab lab, Observations seen) {
        String record = "executor:spark_tasks_completed:rate1m";
        ruleLoaded(lab, seen, "record", record);
        List<Sample> result = lastValues(lab, record);
        if (seen.expect(!result.isEmpty(), record + " has data: " + describe(result),
                record + " has no data in the last " + WINDOW + ": it records while executors run tasks (" + SUBMIT + ")")) {
            perApplicationAndExecutor(result, seen);
        }
        boolean used = dashboard(lab, "spark-jobs.json").panels().stream()
                .flatMap(p -> p.targets().stream()).anyMatch(t -> t.expr().contains(record));
        seen.expect(used, "a panel of spark-jobs.json queries it", "no panel of grafana/dashboards/spark-jobs.json queries " + record);
        seen.look(lab.url(LabService.PROMETHEUS) + "/rules and the Task rate panel in Grafana");
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

    /** 08: the last run with --repartition N has a stage of N tasks (Spark's history server). */
    static void repartition(LiveLab lab, Observations seen) {
        JsonNode apps = lab.history().applications();
        for (JsonNode app : apps) {
            String id = app.path("id").asText();
            int n = repartitionOf(commandOf(lab, id));
            if (n <= 0) {
                continue;
            }
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

    /**
     * The partitions a command line asked of the job, read as the job reads it (EtlOptions): the last
     * {@code --repartition} counts, underscores are digit separators; 0 when not given or unreadable.
     */
    static int repartitionOf(String command) {
        Matcher m = Pattern.compile("(?:^|\\s)--repartition\\s+([0-9_]+)(?=\\s|$)").matcher(command);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        try {
            return last == null ? 0 : Integer.parseInt(last.replace("_", ""));
        } catch (NumberFormatException e) {
            return 0; // "_" alone, or beyond an int: the job refused it, no run to look at
        }
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
}
