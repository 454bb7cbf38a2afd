package io.sparklab.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparklab.alerts.AlertFloor;
import io.sparklab.alerts.AlertTimeline;
import io.sparklab.client.HttpJson;
import io.sparklab.faults.AlertScenarios;
import io.sparklab.stack.LabProject;
import io.sparklab.stack.LabStack;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The alert latency benchmark (./lab bench-alerts): runs every fault scenario and prints, per alert,
 * the time from the fault to firing in Prometheus, to Alertmanager and to the webhook, beside the
 * floor the configuration allows (scrape + evaluation interval + `for` + group_wait) and the ratio of
 * the webhook time to it. Writes target/benchmarks/alert-latency.json.
 */
public final class AlertBenchmark {
    static final double TARGET_RATIO = 1.2;

    private AlertBenchmark() {
    }

    public static int run(int workers) {
        LabProject project = LabProject.current();
        AlertFloor floor = new AlertFloor(project);
        // The worker scenario stops one worker of N >= 2 (one of N must fire for that worker): Options sees to it.
        LabStack stack = LabStack.builder().project(project).workers(workers).grafana(false).build();
        List<AlertTimeline> timelines;
        Map<AlertTimeline, Double> scrapeSeconds = new java.util.HashMap<>();
        try (RunningServices running = RunningServices.stoppedOnSignal()) {
            running.start(stack);
            timelines = new AlertScenarios(stack).all();
            timelines.forEach(t -> scrapeSeconds.put(t, longestScrape(stack.prometheus().client(), t)));
        }

        ArrayNode rows = HttpJson.MAPPER.createArrayNode();
        System.out.println();
        System.out.println("Alert latency (seconds from the fault; floor = scrape + evaluation interval + for + group_wait)");
        System.out.println("  scrape = the longest scrape of the alert's target between fault and firing: a sample is seen by a rule");
        System.out.println("  only once its scrape has finished, so a slow scrape can cost one more evaluation interval");
        System.out.printf(Locale.ROOT, "  %-22s %8s %8s %8s %8s %7s %7s%n", "alert", "firing", "Alertmgr", "webhook", "floor", "ratio", "scrape");
        boolean allMet = true;
        for (AlertTimeline t : timelines) {
            Duration webhookFloor = floor.toWebhook(t.alertname());
            double ratio = seconds(t.toWebhook()) / seconds(webhookFloor);
            allMet &= ratio <= TARGET_RATIO;
            System.out.printf(Locale.ROOT, "  %-22s %8.1f %8.1f %8.1f %8.1f %6.2fx %7.2f%n", t.alertname(), seconds(t.toFiring()),
                    seconds(t.toAlertmanager()), seconds(t.toWebhook()), seconds(webhookFloor), ratio, scrapeSeconds.getOrDefault(t, Double.NaN));
            ObjectNode row = rows.addObject();
            row.put("alert", t.alertname());
            row.put("toFiringSeconds", seconds(t.toFiring()));
            row.put("toAlertmanagerSeconds", seconds(t.toAlertmanager()));
            row.put("toWebhookSeconds", seconds(t.toWebhook()));
            row.put("floorSeconds", seconds(webhookFloor));
            row.put("ratio", ratio);
            row.put("longestScrapeSeconds", scrapeSeconds.getOrDefault(t, Double.NaN));
            row.put("resolvedAtWebhookSeconds", seconds(t.toResolvedWebhook()));
        }
        System.out.printf(Locale.ROOT, "  target: every alert within %.1fx of its floor: %s%n", TARGET_RATIO, allMet ? "met" : "NOT met");
        BenchmarkFile.write(project, "alert-latency", rows);
        return 0;
    }

    /**
     * The longest scrape of the target whose series fired the alert (its job and instance labels),
     * from the fault to the firing; NaN when the alert has no such labels or Prometheus has no data.
     */
    private static double longestScrape(io.sparklab.client.PrometheusClient prometheus, AlertTimeline t) {
        Map<String, String> labels = t.alertmanagerLabels();
        if (labels == null || !labels.containsKey("job") || !labels.containsKey("instance") || t.firingAt() == null) {
            return Double.NaN;
        }
        long offset = Math.max(0, Duration.between(t.firingAt(), java.time.Instant.now()).toSeconds());
        long window = Math.max(5, Duration.between(t.faultAt(), t.firingAt()).toSeconds() + 5);
        String promql = String.format(Locale.ROOT, "max_over_time(scrape_duration_seconds{job=\"%s\",instance=\"%s\"}[%ds] offset %ds)",
                labels.get("job"), labels.get("instance"), window, offset);
        try {
            return prometheus.query(promql).stream().mapToDouble(io.sparklab.client.PrometheusClient.Sample::value).max().orElse(Double.NaN);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private static double seconds(Duration d) {
        return d == null ? Double.NaN : d.toMillis() / 1000.0;
    }
}
