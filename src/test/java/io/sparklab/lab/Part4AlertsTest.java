package io.sparklab.lab;

import static io.sparklab.faults.AlertScenarios.HEARTBEAT_PATH;
import static io.sparklab.faults.AlertScenarios.PAGER_PATH;
import static io.sparklab.faults.AlertScenarios.TICKET_PATH;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparklab.alerts.AlertFloor;
import io.sparklab.alerts.AlertObservation;
import io.sparklab.alerts.AlertTimeline;
import io.sparklab.client.PrometheusClient;
import io.sparklab.client.PrometheusDuration;
import io.sparklab.client.WebhookReceiverClient.Delivery;
import io.sparklab.faults.AlertScenarios;
import io.sparklab.faults.ContainerFaults;
import io.sparklab.stack.LabStack;
import io.sparklab.support.InjectedFaults;
import io.sparklab.support.LabPart;
import io.sparklab.support.MetricsReference;
import io.sparklab.support.SharedEtlRun;
import io.sparklab.support.SharedLabStack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Part 4 of the lab sheet: alerts you can trust. A healthy lab pages nobody, the Watchdog proves the
 * path works, and each scenario injects a real fault into the running stack and follows its alert
 * from pending to firing in Prometheus, into Alertmanager with its routing labels, to the right
 * receiver and, once the fault is removed, to the resolved notification. The long faults are held
 * longer than every window of the rules, and the test checks that the alert told the truth all along:
 * one label set, no resolve while the fault lasted, nothing else paged. Every scenario leaves the
 * stack as it found it.
 */
@LabPart
@org.junit.jupiter.api.Order(40)
@DisplayName("Part 4 - Alerts: quiet when healthy, true under real faults")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Part4AlertsTest {
    /** An idle minute after the normal run (longer than every `for` a healthy run could start). */
    private static final Duration SETTLE_AFTER_RUN = Duration.ofSeconds(60);
    /** alertmanager.yml: the heartbeat route's repeat_interval, plus a group_interval and slack. */
    private static final Duration HEARTBEAT_GAP = Duration.ofSeconds(75);

    private static LabStack stack;
    private static AlertScenarios scenarios;

    @BeforeAll
    static void theSharedStack() {
        stack = SharedLabStack.get();
        scenarios = new AlertScenarios(stack);
    }

    @AfterAll
    static void faultsForTheRunReport() {
        InjectedFaults.addAll(scenarios.faults());
    }

    // Both of the first two tests wait on the clock (a second heartbeat; an idle minute after the ETL run)
    // and neither depends on the other: run back to back, the waits overlap and the longer one sets the
    // time (in CI, the heartbeat's: 70 s for the two, as 49 + 20 s before).
    @Test
    @Order(2)
    void a_healthy_lab_sends_no_notification_from_start_through_an_etl_run_and_an_idle_minute() {
        SharedEtlRun.Run run = SharedEtlRun.get();
        ContainerFaults.sleepUntil(run.end().plus(SETTLE_AFTER_RUN));

        List<Delivery> notifications = new ArrayList<>(deliveriesSinceStart());
        notifications.removeIf(d -> d.path().equals(HEARTBEAT_PATH));
        assertThat(notifications).as("notifications sent since the first container started (the Watchdog's heartbeat left out)")
                .extracting(d -> d.path() + " " + d.status() + " " + d.alertname() + " " + d.alert().path("labels"))
                .isEmpty();
        assertThat(scenarios.firingNow()).as("alerts firing in Prometheus in a healthy lab, besides the Watchdog").isEmpty();
    }

    @Test
    @Order(1)
    void the_watchdog_reaches_the_heartbeat_receiver_every_minute_and_nothing_else() {
        // The Watchdog's first beat comes about a minute after the stack starts; when this part runs
        // early, the second is still due. Wait for it (at most one heartbeat gap) rather than assume.
        Awaitility.await("a second heartbeat").atMost(HEARTBEAT_GAP.plusSeconds(15)).pollInterval(Duration.ofSeconds(5))
                .until(() -> deliveriesSinceStart().stream().filter(d -> d.alertname().equals("Watchdog")).count() >= 2);
        List<Delivery> all = deliveriesSinceStart();
        List<Instant> beats = all.stream().filter(d -> d.alertname().equals("Watchdog")).map(Delivery::receivedAt).toList();
        assertThat(all).filteredOn(d -> d.alertname().equals("Watchdog")).as("Watchdog notifications")
                .isNotEmpty().allSatisfy(d -> assertThat(d.path()).isEqualTo(HEARTBEAT_PATH));
        assertThat(beats).as("heartbeats so far (the stack has run for minutes)").hasSizeGreaterThanOrEqualTo(2);
        for (int i = 1; i < beats.size(); i++) {
            assertThat(Duration.between(beats.get(i - 1), beats.get(i))).as("time between heartbeats %d and %d", i, i + 1)
                    .isLessThanOrEqualTo(HEARTBEAT_GAP);
        }
        assertThat(Duration.between(beats.get(beats.size() - 1), Instant.now())).as("time since the last heartbeat")
                .isLessThanOrEqualTo(HEARTBEAT_GAP);
    }

    @Test
    @Order(3)
    void one_dead_worker_of_two_pages_once_for_that_worker_and_stays_firing_until_it_is_back() {
        AlertScenarios.HeldFault fault = workerOutage();
        AlertTimeline t = fault.timeline();
        String instance = t.labels().get("instance");

        assertWentAllTheWay(t, "critical", "worker", PAGER_PATH);
        // The worker was down the whole hold, not only stopped once: every scrape of its target from the
        // first after the stop until the start failed, over a span longer than every window.
        List<PrometheusClient.RangeSeries> up = stack.prometheus().client().queryRange(
                "up{job=\"spark-worker\",instance=\"" + instance + "\"}", t.faultAt().plusSeconds(10), t.faultRemovedAt(),
                Duration.ofSeconds(5));
        assertThat(up).as("up of %s while it was held down", instance).singleElement().satisfies(series -> {
            assertThat(series.points()).as("up").allSatisfy(p -> assertThat(p.value()).isZero());
            assertThat(Duration.between(series.points().get(0).time(), series.points().get(series.points().size() - 1).time()))
                    .as("time the target was seen down").isGreaterThanOrEqualTo(AlertScenarios.WORKER_FAULT_HOLD.minusSeconds(15));
        });

        AlertObservation held = fault.observation();
        Set<Map<String, String>> identities = held.labelSetsInPrometheus("SparkWorkerDown");
        assertThat(identities).as("SparkWorkerDown label sets while the worker was down").hasSize(1)
                .allSatisfy(labels -> assertThat(labels).containsEntry("instance", instance));
        assertThat(held.pollsFiringInPrometheus(identities.iterator().next())).as("polls with SparkWorkerDown firing")
                .isEqualTo(held.polls()).isGreaterThan(20);
        assertThat(held.statesInPrometheus("SparkNoAliveWorkers")).as("SparkNoAliveWorkers (the other worker is alive)").isEmpty();
        assertThat(held.statesInPrometheus("SparkWorkerLost")).as("SparkWorkerLost (a dead worker is SparkWorkerDown's fault)").isEmpty();

        List<Delivery> during = new ArrayList<>(fault.deliveredDuringFault());
        during.removeIf(d -> d.path().equals(HEARTBEAT_PATH));
        // One page: one alert (fingerprint) of one start, or the alert lost its identity (flapped). And
        // sent once: the pager's repeat_interval (15 m) is longer than the outage. Webhook delivery is at
        // least once, though, and the receiver is down for part of this outage (Order 4): a POST it
        // recorded but did not answer in time is sent again. So one resend is allowed; a notification
        // repeated per group_interval (5 s) would be a dozen.
        assertThat(during.stream().map(d -> d.alert().path("fingerprint").asText() + "@" + d.alert().path("startsAt").asText()).distinct())
                .as("pages while the worker was down, by fingerprint and start: one alert").hasSize(1);
        assertThat(during).as("notifications while the worker was down: the one page (once, or resent once), for that worker, never resolved")
                .hasSizeBetween(1, 2)
                .allSatisfy(d -> {
                    assertThat(d.alertname()).isEqualTo("SparkWorkerDown");
                    assertThat(d.status()).isEqualTo("firing");
                    assertThat(d.label("instance")).isEqualTo(instance);
                });
    }

    @Test
    @Order(4)
    void a_page_sent_while_the_receiver_is_down_arrives_when_it_is_back() {
        AlertScenarios.HeldFault fault = workerOutage();
        AlertScenarios.ReceiverOutage outage = fault.receiverOutage();
        AlertTimeline t = fault.timeline();

        // Alertmanager did try the receiver while it was down (its failed requests grew), and the page came with a retry.
        List<PrometheusClient.RangeSeries> failedRequests = stack.prometheus().client().queryRange(
                "sum(alertmanager_notification_requests_failed_total{integration=\"webhook\"})", outage.stoppedAt(),
                outage.startedAt().plusSeconds(10), Duration.ofSeconds(5));
        assertThat(failedRequests).as("Alertmanager's failed webhook requests across the receiver's outage").singleElement()
                .satisfies(series -> assertThat(series.points().get(series.points().size() - 1).value() - series.points().get(0).value())
                        .as("failed webhook requests while the receiver was down").isPositive());
        assertThat(t.alertmanagerAt()).as("Alertmanager had the page while the receiver was down")
                .isAfter(outage.stoppedAt()).isBefore(outage.startedAt());
        assertThat(t.webhookFiringAt()).as("the page arrived once the receiver was back (Alertmanager retried)")
                .isAfter(outage.startedAt());
    }

    @Test
    @Order(5)
    void a_master_restart_pages_master_down_and_nothing_else_once_the_workers_are_back() {
        AlertScenarios.Restart restart = scenarios.masterRestart();

        assertWentAllTheWay(restart.timeline(), "critical", "master", PAGER_PATH);
        List<Delivery> during = new ArrayList<>(restart.deliveredDuringScenario());
        during.removeIf(d -> d.path().equals(HEARTBEAT_PATH));
        assertThat(during).as("notifications from the master's stop until every worker re-registered")
                .extracting(d -> d.alertname() + " " + d.status())
                .containsExactly("SparkMasterDown firing", "SparkMasterDown resolved");
        assertThat(restart.firingAfter()).as("alerts still firing once the master counts every worker").isEmpty();
    }

    @Test
    @Order(6)
    void failing_tasks_open_a_ticket_while_the_job_runs() {
        AlertTimeline t = scenarios.taskFailures().get(0);

        assertWentAllTheWay(t, "warning", "application", TICKET_PATH);
        assertThat(t.webhookLabels()).containsEntry("app", "etl_job");
    }

    @Test
    @Order(7)
    void a_failed_etl_run_pages_once_until_a_run_succeeds() {
        AlertScenarios.EtlFailure failure = scenarios.etlJobFails();
        AlertTimeline t = failure.timeline();

        assertWentAllTheWay(t, "critical", "etl", PAGER_PATH);
        assertThat(t.webhookLabels()).containsEntry("app", "etl_job");
        assertThat(failure.stageFailuresState()).as("SparkStageFailures of the same app while EtlJobFailed pages (inhibited)")
                .isEqualTo("suppressed");
        // One fault, one page: the failed stage (inhibited) sends nothing. The failing task attempts
        // before it may open a ticket (SparkTaskFailures fires while the job still retries: an early,
        // true warning), but nothing else pages.
        assertThat(failure.deliveredWhilePaging()).as("pages while the failed run paged")
                .filteredOn(d -> d.path().equals(PAGER_PATH)).extracting(Delivery::alertname).containsOnly("EtlJobFailed");
        assertThat(failure.deliveredWhilePaging()).as("notifications of the failed stage (inhibited by the page)")
                .filteredOn(d -> d.alertname().equals("SparkStageFailures")).isEmpty();
        // The metrics docs/metrics.md marks "after a failed run" exist now (Part 3 skips them: its runs succeed).
        String window = PrometheusDuration.since(t.faultAt());
        List<MetricsReference.Row> afterFailure = MetricsReference.rowsMarked(stack.project().root(), "after a failed run");
        assertThat(afterFailure).as("rows of docs/metrics.md marked 'after a failed run'").isNotEmpty();
        for (MetricsReference.Row row : afterFailure) {
            assertThat(stack.prometheus().client().query("count(last_over_time(" + MetricsReference.seriesOf(row) + "[" + window + "]))"))
                    .as("%s (docs/metrics.md line %d) in Prometheus after the failed run", row.name(), row.line()).isNotEmpty();
        }
    }

    @Test
    @Order(8)
    void a_job_holding_its_heap_opens_a_ticket() {
        AlertTimeline t = scenarios.highHeap().get(0);

        assertWentAllTheWay(t, "warning", "application", TICKET_PATH);
        assertThat(t.webhookLabels()).containsEntry("instance", "spark-master:7071");
    }

    @Test
    @Order(9)
    void a_vanished_scrape_target_opens_a_ticket() {
        AlertTimeline t = scenarios.targetDown().get(0);

        assertWentAllTheWay(t, "warning", "monitoring", TICKET_PATH);
        assertThat(t.webhookLabels()).containsEntry("instance", "node-exporter:9100");
    }

    @Test
    @Order(10)
    void prometheus_and_the_pushgateway_recreated_keep_the_history_of_earlier_runs() {
        SharedEtlRun.Run run = SharedEtlRun.get();
        String query = "up{job=\"spark-driver\"}";
        List<PrometheusClient.RangeSeries> before = stack.prometheus().client()
                .queryRange(query, run.start(), run.end(), Duration.ofSeconds(5));
        List<PrometheusClient.Sample> lastSuccessBefore = stack.prometheus().client().query("etl_job_last_success_timestamp_seconds");
        assertThat(before).as("%s during the shared ETL run, before", query).isNotEmpty();
        assertThat(lastSuccessBefore).as("the last ETL success, before").hasSize(1);

        ContainerFaults.recreate(stack.prometheus());
        ContainerFaults.recreate(stack.pushgateway());
        Instant recreated = Instant.now();

        assertThat(stack.prometheus().client().queryRange(query, run.start(), run.end(), Duration.ofSeconds(5)))
                .as("%s during the shared ETL run, from a new Prometheus container on the same volume", query)
                .isEqualTo(before);
        // A fresh scrape of the new Pushgateway (not the old one's last sample) has the same last success.
        Awaitility.await("Prometheus to scrape the re-created Pushgateway").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> !stack.prometheus().client()
                        .query("timestamp(etl_job_last_success_timestamp_seconds) > " + recreated.getEpochSecond()).isEmpty());
        assertThat(stack.prometheus().client().query("etl_job_last_success_timestamp_seconds"))
                .as("the last ETL success, from a new Pushgateway container on the same volume")
                .extracting(PrometheusClient.Sample::value).containsExactly(lastSuccessBefore.get(0).value());
    }

    private static AlertScenarios.HeldFault workerOutage;
    private static RuntimeException workerOutageFailure;

    /** The worker scenario, run once for the two tests that read it (with the receiver outage inside). */
    private static synchronized AlertScenarios.HeldFault workerOutage() {
        if (workerOutageFailure != null) {
            throw new IllegalStateException("The worker scenario failed earlier: " + workerOutageFailure.getMessage(), workerOutageFailure);
        }
        if (workerOutage == null) {
            try {
                workerOutage = scenarios.oneWorkerDown(true);
            } catch (RuntimeException e) {
                workerOutageFailure = e;
                throw e;
            }
        }
        return workerOutage;
    }

    private static List<Delivery> deliveriesSinceStart() {
        return scenarios.deliveriesSince(SharedLabStack.startedAt());
    }

    /** Pending for its `for` (if any) before firing, firing before Alertmanager and the right receiver, labels carried, resolved. */
    private static void assertWentAllTheWay(AlertTimeline t, String severity, String component, String receiverPath) {
        // Prometheus holds an alert with a `for` pending that long first (the watch polls every 200 ms);
        // one without fires at its first evaluation, never pending.
        Duration hold = new AlertFloor(stack.project()).forOf(t.alertname());
        if (hold.isZero()) {
            assertThat(t.pendingAt()).as("%s (no for): seen pending", t.alertname()).isNull();
        } else {
            assertThat(t.pendingAt()).as("%s (for: %s s) seen pending before firing", t.alertname(), hold.toSeconds()).isNotNull();
            assertThat(t.firingAt()).as("%s firing after pending", t.alertname()).isAfter(t.pendingAt());
            // Pending for its `for`: seen firing no sooner than that after it was seen pending (less the watch's poll
            // and the API's lag, under a second), not at the next evaluation.
            assertThat(Duration.between(t.pendingAt(), t.firingAt())).as("%s pending before firing (for: %s s)", t.alertname(),
                    hold.toSeconds()).isGreaterThanOrEqualTo(hold.minusSeconds(1));
        }
        assertThat(t.alertmanagerAt()).as("%s in Alertmanager after firing", t.alertname()).isAfterOrEqualTo(t.firingAt());
        assertThat(t.alertmanagerLabels()).as("%s labels in Alertmanager", t.alertname())
                .containsEntry("alertname", t.alertname()).containsEntry("severity", severity).containsEntry("component", component);
        assertThat(t.webhookFiringAt()).as("%s at the webhook after the fault", t.alertname()).isAfter(t.faultAt());
        // This fault's alert, not one left active by an earlier scenario (minutes before, each scenario waits
        // for quiet first): Prometheus fired it after the fault, and the page the webhook got is that same
        // alert (the API gives ms, the webhook ns). The fault time of the job scenarios is when the test
        // read the driver's line, which may come after the scrape and evaluation that saw the fault: one
        // scrape and one evaluation interval of slack (the floor without its for).
        AlertFloor floor = new AlertFloor(stack.project());
        Duration seeing = floor.toFiring(t.alertname()).minus(floor.forOf(t.alertname()));
        assertThat(t.alertmanagerStartsAt()).as("%s's startsAt in Alertmanager", t.alertname()).isNotNull()
                .isAfterOrEqualTo(t.faultAt().minus(seeing));
        assertThat(t.webhookStartsAt()).as("%s's startsAt at the webhook", t.alertname()).isNotNull()
                .satisfies(at -> assertThat(at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)).isEqualTo(t.alertmanagerStartsAt()));
        assertThat(t.webhookPath()).as("%s's receiver (webhook path)", t.alertname()).isEqualTo(receiverPath);
        assertThat(t.webhookLabels()).as("%s labels at the webhook", t.alertname()).isEqualTo(t.alertmanagerLabels());
        assertThat(t.webhookResolvedAt()).as("%s resolved at the webhook after the fault was removed", t.alertname())
                .isAfter(t.faultRemovedAt());
    }
}
