package io.sparklab.exercises;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparklab.client.ElasticsearchClient;
import io.sparklab.client.HttpJson;
import io.sparklab.dashboards.Dashboard;
import io.sparklab.dashboards.LogsPanelQuery;
import io.sparklab.logs.ElasticsearchContainer;
import io.sparklab.stack.ImageBuilder;
import io.sparklab.stack.LabImage;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Network;

/**
 * Exercise 19: a panel of one logger on the logs dashboard. Its query, sent as Grafana sends it, to a
 * real Elasticsearch (the lab's image) holding log events of two applications: it must count exactly
 * the selected application's TaskSetManager warnings.
 */
@Exercise
class Exercise19LostTasksPanelTest {
    private static final String TITLE = "Lost tasks";
    private static final String APP_A = "app-20261202090000-0000";
    private static final String APP_B = "app-20261202091500-0001";
    private static final String TASK_SET_MANAGER = "org.apache.spark.scheduler.TaskSetManager";
    private static final Instant T0 = Instant.parse("2026-12-02T09:00:00Z");

    private static Network network;
    private static ElasticsearchContainer elasticsearch;

    @BeforeAll
    static void startElasticsearchWithTheLogsOfTwoApplications() throws IOException {
        network = Network.newNetwork();
        elasticsearch = new ElasticsearchContainer(new ImageBuilder(ExerciseTools.PROJECT).resolve(LabImage.ELASTICSEARCH), network);
        elasticsearch.start();
        ElasticsearchClient client = elasticsearch.client();
        client.putIndexTemplate("spark-logs", HttpJson.MAPPER.readTree(ExerciseTools.PROJECT.config("logs/spark-logs-template.json").toFile()));
        int n = 0;
        // Application A: 3 lost tasks; around them what a failing run also logs.
        for (int i = 0; i < 3; i++) {
            index(client, ++n, APP_A, "driver", "WARN", TASK_SET_MANAGER, "Lost task " + i + ".0 in stage 1.0 (TID " + i + ") (executor 0): java.lang.IllegalStateException: injected");
            index(client, ++n, APP_A, "0", "ERROR", "org.apache.spark.executor.Executor", "Exception in task " + i + ".0 in stage 1.0 (TID " + i + ")");
        }
        index(client, ++n, APP_A, "driver", "ERROR", TASK_SET_MANAGER, "Task 2 in stage 1.0 failed 4 times; aborting job");
        index(client, ++n, APP_A, "driver", "WARN", "org.apache.spark.scheduler.DAGScheduler", "Lost task is what the DAG scheduler did not say");
        index(client, ++n, APP_A, "driver", "WARN", "org.apache.spark.SparkContext", "Another SparkContext is being constructed");
        // Application B: 5 lost tasks.
        for (int i = 0; i < 5; i++) {
            index(client, ++n, APP_B, "driver", "WARN", TASK_SET_MANAGER, "Lost task " + i + ".0 in stage 3.0 (TID " + (10 + i) + ")");
        }
        client.refresh("spark-logs-*");
    }

    private static void index(ElasticsearchClient client, int n, String app, String executor, String level, String logger, String message) {
        ObjectNode doc = HttpJson.MAPPER.createObjectNode();
        doc.put("@timestamp", T0.plusSeconds(n).toString());
        doc.put("level", level);
        doc.put("logger", logger);
        doc.put("thread", "task-result-getter-0");
        doc.put("app_id", app);
        doc.put("executor_id", executor);
        doc.put("trace_id", "-");
        doc.put("message", message);
        doc.put("log_file", "/var/log/spark/drivers/driver-test.log");
        HttpJson.postJson(elasticsearch.url() + "/spark-logs-2026-12-02/_doc", doc);
    }

    @AfterAll
    static void stop() {
        if (elasticsearch != null) {
            elasticsearch.stop();
        }
        if (network != null) {
            network.close();
        }
    }

    private static Dashboard logs() {
        return Dashboard.load(ExerciseTools.PROJECT.grafana().resolve("dashboards/spark-logs.json"));
    }

    private static Dashboard.Panel panel() {
        Optional<Dashboard.Panel> panel = logs().panels().stream().filter(p -> p.title().equalsIgnoreCase(TITLE)).findFirst();
        assertThat(panel).as("a panel titled \"%s\" in grafana/dashboards/spark-logs.json", TITLE).isPresent();
        return panel.get();
    }

    @Test
    void the_panel_exists_on_the_logs_dashboard_with_elasticsearch_a_unit_and_a_description() {
        Dashboard.Panel panel = panel();
        assertThat(panel.type()).as("panel type").isEqualTo("timeseries");
        assertThat(panel.targets()).as("its queries").hasSize(1);
        assertThat(panel.targets().get(0).elasticsearch()).as("its data source is Elasticsearch (uid lab-elasticsearch)").isTrue();
        assertThat(panel.unit()).as("its unit").isNotBlank();
        assertThat(panel.description()).as("its description").hasSizeGreaterThan(30);
        ExerciseTools.assertHasItsOwnPlace(logs(), TITLE);
    }

    @Test
    void it_counts_exactly_the_selected_applications_lost_tasks() {
        Dashboard logs = logs();
        Dashboard.Target target = panel().targets().get(0);
        Map<String, Long> expected = Map.of(APP_A, 3L, APP_B, 5L);
        expected.forEach((app, lost) -> {
            JsonNode search = LogsPanelQuery.search(target, logs, Map.of("app", app), T0, T0.plusSeconds(600));
            JsonNode answer = elasticsearch.client().search("spark-logs-*", search);
            assertThat(LogsPanelQuery.documentCount(answer))
                    .as("lost tasks of %s counted by the panel's query %s", app, LogsPanelQuery.luceneQuery(target, logs, Map.of("app", app)))
                    .isEqualTo(lost);
        });
    }
}
