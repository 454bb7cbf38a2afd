package io.sparklab.grading.live;

import static io.sparklab.grading.live.LiveQueries.describe;
import static io.sparklab.grading.live.LiveQueries.callOf;
import static io.sparklab.grading.live.LiveQueries.parseSeconds;
import static io.sparklab.grading.live.LiveQueries.pollUntil;
import static io.sparklab.grading.live.LiveQueries.ruleField;
import static io.sparklab.grading.live.LiveQueries.ruleLoaded;
import static io.sparklab.grading.live.LiveQueries.ruleState;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparklab.client.HttpJson;
import io.sparklab.client.PrometheusClient.Sample;
import io.sparklab.client.WebhookReceiverClient.Delivery;
import io.sparklab.stack.LabService;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The exercises on alert rules and Alertmanager: rules loaded and evaluating, routes and inhibitions
 * tried with test alerts.
 */
final class AlertChecks {
    private AlertChecks() {
    }

    /** 02: the new alert rule is loaded after the reload and evaluates without error. */
    static void stageFailureRateAlert(LiveLab lab, Observations seen) {
        ruleState(lab, seen, "SparkStageFailureRate", "a healthy lab: inactive; while stages fail: pending, then firing");
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
        Delivery delivery = pollUntil(Duration.ofSeconds(30),
                () -> lab.webhook().deliveries().stream().filter(d -> d.alertname().equals(name)).findFirst().orElse(null), d -> d != null);
        seen.expect(delivery != null && delivery.path().equals("/data-team"),
                "it reached the webhook receiver at /data-team",
                delivery == null ? "it reached no receiver within 30 s" : "it reached " + delivery.path() + ", not /data-team");
        // End it, so it does not sit in Alertmanager for the two minutes.
        HttpJson.postJson(lab.url(LabService.ALERTMANAGER) + "/api/v2/alerts", List.of(Map.of("labels", labels,
                "startsAt", now.toString(), "endsAt", Instant.now().toString())));
        seen.look(lab.url(LabService.ALERTMANAGER) + "/#/status (the loaded routes) and " + lab.url(LabService.WEBHOOK_RECEIVER) + "/alerts");
    }

    /** 06: Prometheus runs LabTargetDown with the `for` the file now says. */
    static void flappingAlert(LiveLab lab, Observations seen) {
        String inFile = ruleField(lab, "LabTargetDown", "for");
        ruleLoaded(lab, seen, "alert", "LabTargetDown").ifPresent(rule -> {
            long seconds = rule.path("duration").asLong();
            seen.expect(inFile != null && seconds == parseSeconds(inFile),
                    "Prometheus waits " + seconds + " s before firing it (config/alert-rules.yml: for: " + inFile + ")",
                    inFile == null ? "Prometheus waits " + seconds + " s; config/alert-rules.yml cannot be read as YAML or has no"
                            + " LabTargetDown now (./lab check names the line)"
                            : "Prometheus waits " + seconds + " s, config/alert-rules.yml says for: " + inFile);
            seen.info("try it: docker stop pushgateway; watch " + lab.url(LabService.PROMETHEUS)
                    + "/alerts go pending, then firing after that time; docker start pushgateway");
        });
    }

    /** 09: the trend alert is loaded and evaluates; what its trend (its predict_linear) says of the lab's disk now. */
    static void diskFillingUp(LiveLab lab, Observations seen) {
        String filter = "{fstype!~\"tmpfs|overlay|squashfs|nsfs|ramfs\"}";
        List<Sample> free = lab.prometheus().query("min by (instance, device) (node_filesystem_avail_bytes" + filter
                + " / node_filesystem_size_bytes" + filter + ")");
        ruleLoaded(lab, seen, "alert", "HostDiskFillingUp").ifPresent(rule -> {
            seen.info("state: " + rule.path("state").asText() + " (a disk with room, or a steady one: inactive)");
            seen.info("the lab's disk now: free share " + describe(free));
            // The rule's own trend, as Prometheus runs it: on a lab up for less than its range, over the samples there are.
            Optional<String> trend = callOf(rule.path("query").asText(), "predict_linear");
            seen.info(trend.map(call -> "your trend " + call + " says, in bytes free (below 0: full before then): "
                            + describe(lab.prometheus().query("min by (instance, device) (" + call + ")")))
                    .orElse("your rule has no predict_linear(...): no trend to show"));
        });
        seen.look(lab.url(LabService.PROMETHEUS) + "/alerts and " + lab.url(LabService.PROMETHEUS) + "/graph");
    }

    /**
     * 13: on the live Alertmanager, a test full disk inhibits its own filling-up alert, and neither
     * another device's of the same host nor the same device name's of another host.
     */
    static void inhibitDiskAlerts(LiveLab lab, Observations seen) {
        String url = lab.url(LabService.ALERTMANAGER) + "/api/v2/alerts";
        Instant now = Instant.now();
        TestDisk full = new TestDisk("HostDiskFull", "live-check:9100", "/dev/live-check-a");
        TestDisk fillingUp = new TestDisk("HostDiskFillingUp", full.instance(), full.device());
        TestDisk otherDevice = new TestDisk("HostDiskFillingUp", full.instance(), "/dev/live-check-b");
        TestDisk otherHost = new TestDisk("HostDiskFillingUp", "live-check-2:9100", full.device());
        List<TestDisk> disks = List.of(full, fillingUp, otherDevice, otherHost);
        HttpJson.postJson(url, disks.stream().map(d -> d.alert(now, now.plus(Duration.ofMinutes(2)))).toList());
        seen.info("sent test alerts: HostDiskFull and HostDiskFillingUp for " + full.instance() + " " + full.device()
                + ", HostDiskFillingUp for " + otherDevice.instance() + " " + otherDevice.device() + " and for "
                + otherHost.instance() + " " + otherHost.device());
        // TRUE.equals: no answer at all (the first ask still out at the limit) is not inhibited either.
        boolean fillingUpInhibited = Boolean.TRUE.equals(pollUntil(Duration.ofSeconds(15), () -> inhibited(lab, fillingUp),
                inhibited -> inhibited));
        // A wrong `equal` inhibits the others as soon as the full disk's: watch them stay free a while.
        Set<TestDisk> othersInhibited = Objects.requireNonNullElse(pollUntil(Duration.ofSeconds(6),
                () -> Set.copyOf(Stream.of(otherDevice, otherHost).filter(d -> inhibited(lab, d)).toList()), caught -> !caught.isEmpty()),
                Set.of());
        seen.expect(fillingUpInhibited, "HostDiskFillingUp of the full disk is inhibited", "HostDiskFillingUp of the full disk is not inhibited");
        seen.expect(!othersInhibited.contains(otherDevice), "HostDiskFillingUp of the other device is not",
                "HostDiskFillingUp of another device is inhibited too: `equal` must name the device");
        seen.expect(!othersInhibited.contains(otherHost), "HostDiskFillingUp of the same device name on another host is not",
                "HostDiskFillingUp of the same device name on another host is inhibited too: `equal` must name the host as well");
        // End the test alerts (the webhook has a ticket for each, then its resolve).
        Instant end = Instant.now();
        HttpJson.postJson(url, disks.stream().map(d -> d.alert(now, end)).toList());
        seen.look(lab.url(LabService.ALERTMANAGER) + "/#/alerts (Inhibited: show) and /#/status (the inhibit rules)");
    }

    /** One test alert of exercise 13: a disk alert by name, host and device. */
    private record TestDisk(String alertname, String instance, String device) {
        Map<String, Object> alert(Instant startsAt, Instant endsAt) {
            Map<String, String> labels = Map.of("alertname", alertname, "instance", instance, "device", device, "job", "node-exporter",
                    "severity", "warning", "component", "host", "lab", "spark-observability");
            return Map.of("labels", labels, "startsAt", startsAt.toString(), "endsAt", endsAt.toString(),
                    "annotations", Map.of("summary", "A test alert from ./lab exercise 13 --live"));
        }
    }

    private static boolean inhibited(LiveLab lab, TestDisk disk) {
        for (JsonNode a : lab.alertmanager().alerts()) {
            JsonNode labels = a.path("labels");
            if (labels.path("alertname").asText().equals(disk.alertname()) && labels.path("instance").asText().equals(disk.instance())
                    && labels.path("device").asText().equals(disk.device())) {
                return a.path("status").path("inhibitedBy").size() > 0;
            }
        }
        return false;
    }
}
