package io.sparklab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparklab.faults.AlertScenarios;
import io.sparklab.faults.AlertTimeline;
import io.sparklab.support.LabPart;
import io.sparklab.support.SharedLabStack;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Part 4 of the lab sheet: alerts. Each scenario injects a real fault into the running stack and
 * follows its alert from pending to firing in Prometheus, into Alertmanager with its routing labels,
 * to the webhook receiver, and, once the fault is removed, to the resolved notification.
 * Every scenario leaves the stack as it found it.
 */
@LabPart
@org.junit.jupiter.api.Order(40)
@DisplayName("Part 4 - Alerts: real faults fire them end to end")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Part4AlertsTest {
    private static AlertScenarios scenarios;

    @BeforeAll
    static void theSharedStack() {
        scenarios = new AlertScenarios(SharedLabStack.get());
    }

    @Test
    @Order(1)
    void a_stopped_worker_fires_worker_down_and_no_alive_workers_then_resolves() {
        List<AlertTimeline> timelines = scenarios.workerStopped();

        assertWentAllTheWay(timelines.get(0), "critical", "worker");
        assertWentAllTheWay(timelines.get(1), "critical", "master");
    }

    @Test
    @Order(2)
    void failing_tasks_fire_task_failures_while_the_job_runs() {
        List<AlertTimeline> timelines = scenarios.taskFailures();

        assertWentAllTheWay(timelines.get(0), "warning", "application");
        assertThat(timelines.get(0).webhookLabels()).containsEntry("app", "etl_job");
    }

    @Test
    @Order(3)
    void a_failed_etl_run_fires_etl_job_failed_until_a_run_succeeds() {
        List<AlertTimeline> timelines = scenarios.etlJobFails();

        assertWentAllTheWay(timelines.get(0), "critical", "etl");
    }

    @Test
    @Order(4)
    void a_job_holding_its_heap_fires_high_heap_usage() {
        List<AlertTimeline> timelines = scenarios.highHeap();

        assertWentAllTheWay(timelines.get(0), "warning", "application");
        assertThat(timelines.get(0).webhookLabels()).containsEntry("instance", "spark-master:7071");
    }

    @Test
    @Order(5)
    void a_vanished_scrape_target_fires_target_down() {
        List<AlertTimeline> timelines = scenarios.targetDown();

        assertWentAllTheWay(timelines.get(0), "warning", "monitoring");
        assertThat(timelines.get(0).webhookLabels()).containsEntry("instance", "node-exporter:9100");
    }

    /** Pending before firing, firing before Alertmanager and the webhook, labels carried, resolved. */
    private static void assertWentAllTheWay(AlertTimeline t, String severity, String component) {
        assertThat(t.pendingAt()).as("%s pending", t.alertname()).isNotNull();
        assertThat(t.firingAt()).as("%s firing after pending", t.alertname()).isAfterOrEqualTo(t.pendingAt());
        assertThat(t.alertmanagerAt()).as("%s in Alertmanager after firing", t.alertname()).isAfterOrEqualTo(t.firingAt());
        assertThat(t.alertmanagerLabels()).as("%s labels in Alertmanager", t.alertname())
                .containsEntry("alertname", t.alertname()).containsEntry("severity", severity).containsEntry("component", component);
        assertThat(t.webhookFiringAt()).as("%s at the webhook after the fault", t.alertname()).isAfter(t.faultAt());
        assertThat(t.webhookLabels()).as("%s labels at the webhook", t.alertname()).isEqualTo(t.alertmanagerLabels());
        assertThat(t.webhookResolvedAt()).as("%s resolved at the webhook after the fault was removed", t.alertname())
                .isAfter(t.faultRemovedAt());
    }
}
