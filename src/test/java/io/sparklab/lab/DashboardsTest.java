package io.sparklab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparklab.client.ApiException;
import io.sparklab.client.GrafanaClient;
import io.sparklab.dashboards.Dashboard;
import io.sparklab.dashboards.PanelQuery;
import io.sparklab.stack.GrafanaContainer;
import io.sparklab.stack.LabProject;
import io.sparklab.stack.LabStack;
import io.sparklab.support.LabPart;
import io.sparklab.support.SharedEtlRun;
import io.sparklab.support.SharedLabStack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dashboards show live data: after the ETL job, every query of every panel of grafana/dashboards
 * (but the streaming and logs parts', tagged {@value Dashboard#STREAMING_TAG} and {@value Dashboard#LOGS_TAG}), with its variables expanded as
 * Grafana would, is evaluated against the live Prometheus over the job's time window and must return
 * data. A panel with no data fails and is named. Where the Grafana image is present, the same is
 * checked through Grafana itself.
 */
@LabPart
@Order(35)
@DisplayName("Part 3 - Dashboards show the job's data")
class DashboardsTest {
    private static final Duration SCRAPE = Duration.ofSeconds(5);
    private static final Duration STEP = Duration.ofSeconds(5);

    private static LabStack stack;
    private static SharedEtlRun.Run run;

    @BeforeAll
    static void runTheEtlJob() {
        stack = SharedLabStack.get();
        run = SharedEtlRun.get();
    }

    static Stream<Arguments> panelQueries() {
        List<Arguments> queries = new ArrayList<>();
        for (Dashboard d : Dashboard.loadAll(LabProject.current().grafana().resolve("dashboards"))) {
            // The streaming dashboard shows the streaming add-on and job, which the ETL run does not
            // start: its panels have no data here. The streaming lab part checks them while it runs.
            // The logs dashboard likewise shows the logs add-on, which Part 8 starts and checks.
            if (d.tags().contains(Dashboard.STREAMING_TAG) || d.tags().contains(Dashboard.LOGS_TAG)) {
                continue;
            }
            for (Dashboard.Panel panel : d.panels()) {
                for (Dashboard.Target target : panel.targets()) {
                    queries.add(Arguments.of(d.uid() + " / " + panel.title() + " / " + target.refId(), d, target));
                }
            }
        }
        return queries.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("panelQueries")
    void every_panel_query_returns_data_over_the_jobs_window(String name, Dashboard dashboard, Dashboard.Target target) {
        String promql = PanelQuery.expand(target.expr(), dashboard, Map.of(), SCRAPE, STEP);
        Instant from = run.start();
        Instant to = run.end().plusSeconds(10);

        assertThat(stack.prometheus().client().hasData(promql, from, to, STEP))
                .as("panel %s: %s from %s to %s has data", name, promql, from, to).isTrue();
    }

    @Test
    void grafana_loaded_every_dashboard() {
        GrafanaClient grafana = grafana();
        List<String> loaded = new ArrayList<>();
        grafana.dashboards().forEach(d -> loaded.add(d.path("uid").asText()));

        assertThat(loaded).containsAll(Dashboard.loadAll(stack.project().grafana().resolve("dashboards")).stream()
                .map(Dashboard::uid).toList());
    }

    @Test
    void grafanas_prometheus_datasource_is_healthy() {
        JsonNode health = grafana().datasourceHealth("lab-prometheus");

        assertThat(health.path("status").asText()).as(health.toString()).isEqualTo("OK");
    }

    @Test
    void every_panel_query_returns_frames_through_grafana() {
        GrafanaClient grafana = grafana();
        SoftAssertions softly = new SoftAssertions();
        panelQueries().forEach(arguments -> {
            String name = (String) arguments.get()[0];
            Dashboard dashboard = (Dashboard) arguments.get()[1];
            Dashboard.Target target = (Dashboard.Target) arguments.get()[2];
            String promql = PanelQuery.expand(target.expr(), dashboard, Map.of(), SCRAPE, STEP);

            // Grafana answers 400 for a query that fails: one such panel must not hide the others.
            try {
                JsonNode frames = grafana.query(target.datasourceUid(), promql, run.start(), run.end().plusSeconds(10));
                softly.assertThat(GrafanaClient.finiteValues(frames)).as("finite values of %s through Grafana: %s", name, promql)
                        .isPositive();
            } catch (ApiException e) {
                softly.fail("%s through Grafana: %s failed: %s", name, promql, e.getMessage());
            }
        });
        softly.assertAll();
    }

    private static GrafanaClient grafana() {
        assumeTrue(stack.grafana().isPresent(), () -> "Grafana is not running here: " + stack.grafanaAbsentReason().orElse("?"));
        GrafanaContainer container = stack.grafana().get();
        return new GrafanaClient(container.url(), GrafanaContainer.ADMIN_USER, GrafanaContainer.ADMIN_PASSWORD);
    }
}
