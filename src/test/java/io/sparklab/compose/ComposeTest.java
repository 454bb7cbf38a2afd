package io.sparklab.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sparklab.client.HttpJson;
import io.sparklab.client.PrometheusClient;
import io.sparklab.stack.Docker;
import io.sparklab.stack.ImageBuilder;
import io.sparklab.stack.LabImage;
import io.sparklab.stack.LabProject;
import io.sparklab.stack.LabService;
import io.sparklab.stack.LabStack;
import io.sparklab.stack.Progress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The plan's manual workflow, for real: `docker-compose up -d` starts every service with every UI
 * reachable and every target up, the ETL job is submitted with `docker exec spark-master
 * spark-submit ...`, its metrics arrive in Prometheus, and `docker-compose down -v` removes it all.
 * Tagged "compose": `mvn verify` runs it in its own failsafe execution, after the lab parts' stack is
 * gone (one stack at a time). Needs the docker-compose command (.ci/run installs Debian's).
 */
@Tag("compose")
@DisplayName("docker-compose: the plan's manual workflow")
class ComposeTest {
    private static final String PROJECT_NAME = "sparklab-compose-test";
    private static final LabProject PROJECT = LabProject.current();
    private static final PrometheusClient PROMETHEUS = new PrometheusClient("http://localhost:" + LabService.PROMETHEUS.port());
    private static boolean up;

    @BeforeAll
    static void composeUp() {
        assumeTrue(run(Duration.ofSeconds(30), "docker-compose", "version") == 0,
                "the docker-compose command is not installed (apt-get install docker-compose)");
        List<String> services = new ArrayList<>();
        for (LabService s : LabService.values()) {
            services.add(s.alias());
        }
        if (!grafanaPresent()) {
            Progress.say("compose: %s is not present here; starting every service but grafana", LabImage.GRAFANA_DEFAULT);
            services.remove(LabService.GRAFANA.alias());
        }
        List<String> command = new ArrayList<>(List.of("docker-compose", "-p", PROJECT_NAME, "up", "-d", "--build"));
        command.addAll(services);
        up = true;
        assertThat(run(Duration.ofMinutes(10), command.toArray(String[]::new))).as("docker-compose up").isZero();
    }

    @AfterAll
    static void composeDown() {
        if (up) {
            assertThat(run(Duration.ofMinutes(3), "docker-compose", "-p", PROJECT_NAME, "down", "-v", "--remove-orphans"))
                    .as("docker-compose down -v").isZero();
            assertThat(Docker.client().listContainersCmd().withShowAll(true)
                    .withLabelFilter(java.util.Map.of("com.docker.compose.project", PROJECT_NAME)).exec()).as("containers left").isEmpty();
            assertThat(Docker.client().listVolumesCmd().exec().getVolumes()).as("volumes left")
                    .noneMatch(v -> v.getName().startsWith(PROJECT_NAME));
        }
    }

    @Test
    void every_target_comes_up_and_every_ui_answers() {
        Awaitility.await("every always-on target up in the compose stack").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
                    List<PrometheusClient.Target> targets = PROMETHEUS.targets().stream()
                            .filter(t -> LabStack.ALWAYS_ON_JOBS.contains(t.job())).toList();
                    assertThat(targets).extracting(PrometheusClient.Target::job).containsAll(LabStack.ALWAYS_ON_JOBS);
                    assertThat(targets).allMatch(PrometheusClient.Target::isUp);
                });
        for (LabService service : LabService.values()) {
            if (service != LabService.GRAFANA) {
                awaitUi(service);
            }
        }
    }

    /** Grafana's UI on its own: where its image cannot be had, this test says so as a skip, not a pass. */
    @Test
    void grafanas_ui_answers() {
        assumeTrue(grafanaPresent(), LabImage.GRAFANA_DEFAULT + " is not present here (no registry): docker-compose started every"
                + " service but grafana");
        awaitUi(LabService.GRAFANA);
    }

    private static void awaitUi(LabService service) {
        String page = "http://localhost:" + service.port() + service.uiPath();
        Awaitility.await(page).atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> HttpJson.status(page) == 200);
    }

    private static boolean grafanaPresent() {
        return new ImageBuilder(PROJECT).isPresent(LabImage.GRAFANA_DEFAULT);
    }

    @Test
    void the_etl_job_submitted_the_plans_way_reports_its_metrics() {
        every_target_comes_up_and_every_ui_answers();

        int exit = run(Duration.ofMinutes(5), "docker", "exec", "spark-master", "spark-submit", "--class", "io.sparklab.jobs.EtlJob",
                "/opt/spark/jobs/etl-job.jar", "--rows", "300000", "--seed", "7");

        assertThat(exit).as("spark-submit exit code").isZero();
        Awaitility.await("the job's metrics in Prometheus").atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            assertThat(PROMETHEUS.query("etl_job_rows_read")).extracting(PrometheusClient.Sample::value).containsExactly(300000.0);
            assertThat(PROMETHEUS.query("max_over_time(spark_tasks_completed_total[5m])")).isNotEmpty()
                    .allSatisfy(s -> assertThat(s.value()).isPositive());
            assertThat(PROMETHEUS.query("max_over_time(up{job=\"spark-driver\"}[5m])")).extracting(PrometheusClient.Sample::value)
                    .containsExactly(1.0);
        });
    }

    /** Runs a command in the project folder, printing its output as progress; returns its exit code. */
    private static int run(Duration timeout, String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(PROJECT.root().toFile()).redirectErrorStream(true).start();
            Thread printer = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = out.readLine()) != null; ) {
                        if (!line.isBlank() && !line.startsWith("NOTE: Picked up JDK_JAVA_OPTIONS")) {
                            Progress.say("  %s", line.length() > 160 ? line.substring(0, 160) + "..." : line);
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
            printer.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            printer.join(5000);
            return process.exitValue();
        } catch (IOException e) {
            return 127; // not installed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
