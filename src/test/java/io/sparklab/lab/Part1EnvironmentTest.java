package io.sparklab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.Container;
import io.sparklab.alerts.AlertRules;
import io.sparklab.stack.ConfigChecker;
import io.sparklab.stack.Docker;
import io.sparklab.stack.DockerRun;
import io.sparklab.stack.ImageBuilder;
import io.sparklab.stack.LabContainer;
import io.sparklab.stack.LabException;
import io.sparklab.stack.LabImage;
import io.sparklab.stack.LabProject;
import io.sparklab.stack.LabService;
import io.sparklab.stack.LabStack;
import io.sparklab.stack.Leftovers;
import io.sparklab.stack.RunOwner;
import io.sparklab.support.LabPart;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Part 1 of the lab sheet: the environment. Docker answers, every image builds from its Dockerfile
 * and holds the tool it is for, and every config file passes the checker of the component that
 * reads it (promtool, amtool), run inside the lab's own images.
 */
@LabPart
@org.junit.jupiter.api.Order(10)
@DisplayName("Part 1 - Environment: Docker, images, config files")
class Part1EnvironmentTest {
    private static final LabProject PROJECT = LabProject.current();
    private static ImageBuilder images;
    private static ConfigChecker checker;

    @BeforeAll
    static void buildTheImages() {
        images = new ImageBuilder(PROJECT);
        for (LabImage image : LabImage.values()) {
            if (image.isBuilt()) {
                images.resolve(image);
            }
        }
        checker = new ConfigChecker(PROJECT, images.resolve(LabImage.PROMETHEUS), images.resolve(LabImage.ALERTMANAGER));
    }

    @Test
    void docker_is_reachable() {
        var info = Docker.client().infoCmd().exec();
        assertThat(info.getServerVersion()).as("Docker server version").isNotBlank();
    }

    @ParameterizedTest(name = "{0} image builds and runs {1}")
    @CsvSource(delimiter = '|', value = {
        "SPARK         | spark-submit                  | --version | version 3\\.5\\.\\d+",
        "PROMETHEUS    | prometheus                    | --version | prometheus, version 2\\.",
        "PROMETHEUS    | promtool                      | --version | promtool, version 2\\.",
        "ALERTMANAGER  | prometheus-alertmanager       | --version | alertmanager, version 0\\.",
        "ALERTMANAGER  | amtool                        | --version | amtool, version 0\\.",
        "NODE_EXPORTER | prometheus-node-exporter      | --version | node_exporter, version 1\\.",
        "PUSHGATEWAY   | prometheus-pushgateway        | --version | pushgateway, version 1\\.",
        "WEBHOOK_RECEIVER | python3                    | --version | Python 3\\.",
        "KAFKA         | kafka-topics                  | --version | 3\\.9\\.\\d+",
        "ELASTICSEARCH | elasticsearch                 | --version | Version: 7\\.17\\.\\d+",
        "LOG_SHIPPER   | rsyslogd                      | -v        | rsyslogd\\s+8\\.",
        "ELASTICSEARCH_EXPORTER | prometheus-elasticsearch-exporter | --version | elasticsearch_exporter, version 1\\.",
        // Zipkin's server is a Spring Boot jar with no --version of its own: the Java it runs on (Part 7 runs the server).
        "ZIPKIN        | java                          | -version  | version \"17\\.",
    })
    void every_image_builds_and_holds_its_tool(LabImage image, String tool, String arg, String expected) {
        String name = images.resolve(image);

        DockerRun.Result result = new DockerRun(name).run(tool, arg);

        assertThat(result.exitCode()).as("%s %s in %s:%n%s", tool, arg, name, result.output()).isZero();
        assertThat(result.output()).containsPattern(expected);
    }

    @Test
    void a_second_resolve_builds_nothing() {
        String first = images.resolve(LabImage.SPARK);
        String tag = images.tagFor(LabImage.SPARK);
        assertThat(first).isEqualTo(tag);
        String builtId = io.sparklab.stack.Docker.client().inspectImageCmd(tag).exec().getId();

        // What the lab says while it resolves (Progress prints to standard output), kept beside the console.
        java.io.PrintStream console = System.out;
        java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                console.write(b);
                said.write(b);
            }
        }, true, java.nio.charset.StandardCharsets.UTF_8));
        String second;
        try {
            second = images.resolve(LabImage.SPARK);
        } finally {
            System.setOut(console);
        }

        // A cached rebuild would give the same image id too: what the lab said tells it did not build.
        assertThat(said.toString(java.nio.charset.StandardCharsets.UTF_8)).as("what the second resolve said")
                .containsPattern("image " + java.util.regex.Pattern.quote(tag) + " +up to date").doesNotContain("building ");
        // The same tag either way: the image behind it says whether it was built again.
        assertThat(second).isEqualTo(tag);
        assertThat(io.sparklab.stack.Docker.client().inspectImageCmd(tag).exec().getId()).as("image %s reused, not rebuilt", tag)
                .isEqualTo(builtId);
    }

    @Test
    void the_log_shippers_config_passes_rsyslog_and_a_broken_one_is_named(@TempDir java.nio.file.Path copy) throws java.io.IOException {
        String image = images.resolve(LabImage.LOG_SHIPPER);
        DockerRun.Result good = io.sparklab.logs.LogShipperConfig.check(PROJECT, image);
        assertThat(io.sparklab.logs.LogShipperConfig.passed(good)).as(good.output()).isTrue();

        // A copy of the project whose rsyslog.conf has a mistake on its last line: rsyslog names it.
        java.nio.file.Path logs = java.nio.file.Files.createDirectories(copy.resolve("config/logs"));
        for (String f : new String[] {"rsyslog.conf", "spark-log.rb"}) {
            java.nio.file.Files.copy(PROJECT.config("logs/" + f), logs.resolve(f));
        }
        java.nio.file.Files.writeString(logs.resolve("rsyslog.conf"), "action(type=\"omfile\" file=)\n",
                java.nio.file.StandardOpenOption.APPEND);
        DockerRun.Result broken = io.sparklab.logs.LogShipperConfig.check(new LabProject(copy), image);
        assertThat(io.sparklab.logs.LogShipperConfig.passed(broken)).as(broken.output()).isFalse();
        assertThat(broken.output()).contains("rsyslog.conf").containsPattern("line \\d+");
    }

    @Test
    void prometheus_config_passes_promtool() {
        var check = checker.checkPrometheusConfig(PROJECT.config("prometheus.yml"), PROJECT.config("alert-rules.yml"));
        assertThat(check.passed()).as(check.describe()).isTrue();
        assertThat(check.output()).contains("SUCCESS");
    }

    @Test
    void alert_rules_pass_promtool() {
        var check = checker.checkRules(PROJECT.config("alert-rules.yml"));
        assertThat(check.passed()).as(check.describe()).isTrue();
        assertThat(check.output()).containsPattern("SUCCESS: \\d+ rules found");
    }

    @Test
    void every_alert_rule_passes_its_unit_tests() {
        var check = checker.testRules(PROJECT.config("alert-rules.yml"), PROJECT.config("alert-rules.test.yml"));
        assertThat(check.passed()).as(check.describe()).isTrue();
        assertThat(check.output()).contains("SUCCESS");
    }

    /**
     * Severity is a promise: critical pages (lab-pager), warning opens a ticket (lab-webhook), the
     * Watchdog goes to its heartbeat receiver. Checked for every alert rule with amtool's own router.
     */
    @Test
    void every_alert_goes_to_the_receiver_its_severity_promises() throws IOException {
        Map<String, String> receiverBySeverity = Map.of("critical", "lab-pager", "warning", "lab-webhook", "none", "lab-heartbeat");
        List<AlertRules.Rule> alerts = AlertRules.of(PROJECT).alerts();
        assertThat(alerts).as("alert rules").hasSizeGreaterThan(10);
        for (AlertRules.Rule rule : alerts) {
            String severity = rule.labels().get("severity");
            assertThat(checker.receiversFor(PROJECT.config("alertmanager.yml"), rule.routingLabels()))
                    .as("receivers of %s (severity %s)", rule.name(), severity)
                    .containsExactly(receiverBySeverity.get(severity));
        }
    }

    @Test
    void a_rule_test_that_expects_the_wrong_alert_fails(@TempDir Path dir) throws IOException {
        Path tests = dir.resolve("alert-rules.test.yml");
        Files.writeString(tests, """
                rule_files: [alert-rules.yml]
                evaluation_interval: 5s
                tests:
                  - interval: 5s
                    input_series:
                      - series: 'up{job="spark-master", instance="spark-master:8080"}'
                        values: '1 1 1 1'
                    alert_rule_test:
                      - eval_time: 15s
                        alertname: SparkMasterDown
                        exp_alerts:
                          - exp_labels: {severity: critical, component: master, job: spark-master, instance: "spark-master:8080"}
                """);

        var check = checker.testRules(PROJECT.config("alert-rules.yml"), tests);

        assertThat(check.passed()).as("a master that is up must not fire SparkMasterDown").isFalse();
        assertThat(check.describe()).contains("SparkMasterDown");
    }

    @Test
    void alertmanager_config_passes_amtool() {
        var check = checker.checkAlertmanagerConfig(PROJECT.config("alertmanager.yml"));
        assertThat(check.passed()).as(check.describe()).isTrue();
        assertThat(check.output()).contains("SUCCESS");
    }

    @Test
    void a_broken_config_is_refused_with_its_file_and_line(@TempDir Path dir) throws IOException {
        Path broken = dir.resolve("prometheus.yml");
        Files.writeString(broken, """
                global:
                  scrape_interval: 5s
                scrape_configs:
                  - job_name: spark-master
                    static_configs:
                    - targets: ['spark-master:8080'
                """);

        var check = checker.checkPrometheusConfig(broken, PROJECT.config("alert-rules.yml"));

        assertThat(check.passed()).isFalse();
        assertThat(check.describe()).contains(broken.toString()).containsPattern("line \\d+");
    }

    /**
     * A second rule file in rule_files (recording rules of one's own) is checked as Prometheus reads it,
     * from config/: a good one passes, a broken one fails naming config/ and the line, not a container path.
     */
    @Test
    void a_second_rule_file_is_checked_from_config(@TempDir Path dir) throws IOException {
        String prometheusYml = Files.readString(PROJECT.config("prometheus.yml"))
                .replace("  - alert-rules.yml\n", "  - alert-rules.yml\n  - recording-rules.yml\n");
        assertThat(prometheusYml).contains("recording-rules.yml");
        LabProject project = projectWithConfig(dir, "prometheus.yml", prometheusYml);
        ConfigChecker checker = new ConfigChecker(project, images.resolve(LabImage.PROMETHEUS), images.resolve(LabImage.ALERTMANAGER));
        Path recording = project.config("recording-rules.yml");
        Files.writeString(recording, """
                groups:
                  - name: mine
                    rules:
                      - record: job:up:sum
                        expr: sum by (job) (up)
                """);

        var good = checker.checkPrometheusConfig(project.config("prometheus.yml"), project.config("alert-rules.yml"));
        assertThat(good.passed()).as("check of a config with a second, good rule file: %s", good.describe()).isTrue();

        Files.writeString(recording, "groups:\n  - name: mine\n    rules:\n      - record: job:up:sum\n        expr: sum by (job) (up\n");
        var bad = checker.checkPrometheusConfig(project.config("prometheus.yml"), project.config("alert-rules.yml"));
        assertThat(bad.passed()).isFalse();
        assertThat(bad.describe()).contains("config/recording-rules.yml").doesNotContain(LabContainer.CONFIG_DIR);
    }

    @Test
    void the_stack_refuses_a_bad_alertmanager_config_before_starting_anything(@TempDir Path dir) throws IOException {
        LabProject broken = projectWithConfig(dir, "alertmanager.yml", """
                route:
                  receiver: nobody-defines-me
                receivers:
                  - name: lab-webhook
                """);
        var before = labContainerIds();

        assertThatThrownBy(() -> LabStack.builder().project(broken).grafana(false).build().start())
                .isInstanceOf(LabException.class)
                .hasMessageContaining("amtool check-config")
                .hasMessageContaining("nobody-defines-me");
        assertThat(labContainersSince(before)).as("containers left behind").isEmpty();
    }

    @Test
    void the_lab_command_names_a_port_that_is_taken(@TempDir Path dir) throws IOException {
        int port = LabService.PUSHGATEWAY.port();
        var before = labContainerIds();
        try (ServerSocket taken = new ServerSocket()) {
            taken.setReuseAddress(true);
            taken.bind(new InetSocketAddress(port));

            assertThatThrownBy(() -> LabStack.builder().project(PROJECT).planPorts(true).grafana(false).build().start())
                    .isInstanceOf(LabException.class)
                    // The first taken port of the plan is named: ours, unless this machine has taken an earlier one.
                    .hasMessageMatching("(?s)Port \\d+ \\(.+\\) is already in use on this machine.*");
        } catch (java.net.BindException e) {
            throw new IllegalStateException("port " + port + " is used by something else on this machine; the test needs it free", e);
        }
        assertThat(labContainersSince(before)).as("containers left behind").isEmpty();
    }

    /**
     * Ctrl-C during `./lab up`'s start: a stop from another thread cuts the start short at its next step
     * or wait (here: once its containers are being started) and leaves nothing. Were the stop to wait for
     * the start (it used to), the start would end ready, not stopped.
     */
    @Test
    void a_stack_stopped_while_it_starts_ends_its_start_and_leaves_nothing() throws Exception {
        var before = labContainerIds();
        LabStack stack = LabStack.builder().project(PROJECT).grafana(false).build();
        java.util.concurrent.ExecutorService starter = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Future<?> start = starter.submit(stack::start);
            // A container of the stack's own, not a one-off of its config check ("run-promtool").
            org.awaitility.Awaitility.await("a container of the starting stack").atMost(java.time.Duration.ofMinutes(3))
                    .pollInterval(java.time.Duration.ofMillis(200))
                    .until(() -> labContainersSince(before).stream().anyMatch(c -> !c.startsWith("run-")));

            stack.stop();

            assertThatThrownBy(() -> start.get(3, java.util.concurrent.TimeUnit.MINUTES))
                    .isInstanceOf(java.util.concurrent.ExecutionException.class)
                    .cause().isInstanceOf(LabException.class).hasMessage("The lab stack was stopped while it started");
        } finally {
            stack.stop(); // first: shutting the executor down would interrupt a start still cleaning up
            starter.shutdown();
        }
        assertThat(labContainersSince(before)).as("containers left behind").isEmpty();
    }

    @Test
    void a_run_that_ended_without_stopping_is_swept_and_a_live_one_is_left() throws Exception {
        var docker = Docker.client();
        String image = images.resolve(LabImage.PUSHGATEWAY);
        String id = java.util.UUID.randomUUID().toString().substring(0, 8);
        // Runs as the engine would hold them: one whose JVM died (every container stopped, its network and
        // volumes still there), one killed before its first container (volumes only), one alive (a worker
        // stopped by a scenario, Prometheus running), and this JVM's own (never touched, whatever its state).
        String dead = "lab-test-dead-" + id;
        String neverStarted = "lab-test-volumes-only-" + id;
        String alive = "lab-test-alive-" + id;
        String orphaned = "lab-test-orphaned-" + id;
        List<String> containers = new java.util.ArrayList<>();
        List<String> volumes = new java.util.ArrayList<>();
        String network = null;
        try {
            String mounted = volume(volumes, "sparklab-test-mounted-" + id, null);
            String labelled = volume(volumes, "sparklab-test-labelled-" + id, dead);
            String orphan = volume(volumes, "sparklab-test-orphan-" + id, neverStarted);
            String aliveVolume = volume(volumes, "sparklab-test-alive-" + id, alive);
            network = docker.createNetworkCmd().withName(dead).withLabels(Map.of(Leftovers.SESSION_LABEL, dead)).exec().getId();
            String alivePrometheus = runContainer(containers, image, alive, "prometheus", "sleep 300", null);
            String aliveWorker = runContainer(containers, image, alive, "spark-worker", "true", null);
            String deadPrometheus = runContainer(containers, image, dead, "prometheus", "true", mounted);
            String ownWorker = runContainer(containers, image, org.testcontainers.DockerClientFactory.SESSION_ID, "spark-worker", "true", null);
            // A run whose JVM was killed (kill -9): its containers still run, and nobody will stop them.
            Process ended = new ProcessBuilder("true").start();
            ended.waitFor();
            String orphanedPrometheus = runContainer(containers, image, orphaned, "prometheus", "sleep 300", null,
                    RunOwner.of(ended.pid(), 0));
            org.awaitility.Awaitility.await("the stopped containers to exit").atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> java.util.stream.Stream.of(deadPrometheus, aliveWorker, ownWorker)
                            .noneMatch(c -> docker.inspectContainerCmd(c).exec().getState().getRunning()));

            var swept = new Leftovers(docker, java.time.Duration.ZERO, java.time.Duration.ZERO).sweep();

            assertThat(swept.containers()).as("containers removed").isPositive();
            assertThat(labContainers()).extracting(Container::getId)
                    .doesNotContain(deadPrometheus, orphanedPrometheus).contains(aliveWorker, alivePrometheus, ownWorker);
            assertThat(docker.listVolumesCmd().exec().getVolumes()).extracting(v -> v.getName())
                    .doesNotContain(mounted, labelled, orphan).contains(aliveVolume);
            assertThat(docker.listNetworksCmd().exec()).extracting(n -> n.getId()).doesNotContain(network);
            // The same run, just ended: within the grace period it may be a run stopping its containers one by one.
            String justEnded = runContainer(containers, image, dead, "prometheus", "true", null);
            org.awaitility.Awaitility.await("the container to exit").atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> !docker.inspectContainerCmd(justEnded).exec().getState().getRunning());
            new Leftovers(docker).sweep();
            assertThat(labContainers()).extracting(Container::getId).as("ended less than the grace period ago").contains(justEnded);
        } finally {
            for (String container : containers) {
                quietly(() -> docker.removeContainerCmd(container).withForce(true).exec());
            }
            for (String volume : volumes) {
                quietly(() -> docker.removeVolumeCmd(volume).exec());
            }
            if (network != null) {
                String created = network;
                quietly(() -> docker.removeNetworkCmd(created).exec());
            }
        }
    }

    /**
     * A one-off check container (promtool, amtool) carries the lab's labels while it runs, so a JVM
     * killed meanwhile leaves nothing the next start's sweep cannot tell as its; and it is gone after.
     */
    @Test
    void a_one_off_check_container_carries_the_labels_the_sweep_goes_by() {
        String service = LabContainer.SERVICE_LABEL + "=run-sh";
        var run = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> new DockerRun(images.resolve(LabImage.PROMETHEUS)).run("/bin/sh", "-c", "sleep 4"));
        List<Container> seen = org.awaitility.Awaitility.await("the one-off container").atMost(java.time.Duration.ofSeconds(20))
                .pollInterval(java.time.Duration.ofMillis(200))
                .until(() -> Docker.client().listContainersCmd().withLabelFilter(List.of(service)).exec(), found -> !found.isEmpty());

        assertThat(seen).as("one-off containers running").singleElement().satisfies(c -> assertThat(c.getLabels())
                .containsEntry(Leftovers.SESSION_LABEL, org.testcontainers.DockerClientFactory.SESSION_ID)
                .containsEntry(RunOwner.LABEL, RunOwner.current()));
        assertThat(run.join().exitCode()).as("exit code of sleep 4").isZero();
        assertThat(Docker.client().listContainersCmd().withShowAll(true).withLabelFilter(List.of(service)).exec())
                .as("one-off containers after the run").isEmpty();
    }

    private static String volume(List<String> created, String name, String session) {
        var create = Docker.client().createVolumeCmd().withName(name);
        if (session != null) {
            create.withLabels(Map.of(Leftovers.VOLUME_SESSION_LABEL, session, Leftovers.VOLUME_CREATED_LABEL, "0"));
        }
        create.exec();
        created.add(name);
        return name;
    }

    private static String runContainer(List<String> created, String image, String session, String service, String command, String volume) {
        // This JVM's, as the lab's containers say: a JVM that is alive, so judged by the containers' states.
        return runContainer(created, image, session, service, command, volume, RunOwner.current());
    }

    private static String runContainer(List<String> created, String image, String session, String service, String command,
            String volume, String owner) {
        var docker = Docker.client();
        var create = docker.createContainerCmd(image)
                .withEntrypoint(command.split(" "))
                .withLabels(Map.of(LabContainer.SERVICE_LABEL, service, Leftovers.SESSION_LABEL, session, RunOwner.LABEL, owner));
        if (volume != null) {
            create.withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig()
                    .withBinds(com.github.dockerjava.api.model.Bind.parse(volume + ":/leftover")));
        }
        String id = create.exec().getId();
        created.add(id);
        docker.startContainerCmd(id).exec();
        return id;
    }

    // Removed by the sweep, as it should have been, or already gone.
    private static void quietly(Runnable removal) {
        try {
            removal.run();
        } catch (RuntimeException gone) {
            // nothing left to remove
        }
    }

    /** A copy of the project whose config/ has one file replaced (the rest linked to the real project). */
    private static LabProject projectWithConfig(Path dir, String file, String content) throws IOException {
        for (String entry : new String[] {"pom.xml", "docker", "grafana", "jars", "target", ".dockerignore"}) {
            Files.createSymbolicLink(dir.resolve(entry), PROJECT.root().resolve(entry));
        }
        Path config = Files.createDirectory(dir.resolve("config"));
        try (var files = Files.list(PROJECT.root().resolve("config"))) {
            for (Path f : files.toList()) {
                Files.copy(f, config.resolve(f.getFileName()));
            }
        }
        Files.writeString(config.resolve(file), content);
        return new LabProject(dir);
    }

    // Only the containers this start created are its to clean up: the engine may hold others of the lab's
    // (a `./lab up` running beside the tests, or the stopped containers of a run whose engine died under it).
    private static Set<String> labContainerIds() {
        return labContainers().stream().map(Container::getId).collect(Collectors.toSet());
    }

    private static List<String> labContainersSince(Set<String> before) {
        // This JVM's: a `./lab check` or `./lab up` beside the tests makes containers of its own meanwhile.
        return labContainers().stream()
                .filter(c -> !before.contains(c.getId()))
                .filter(c -> org.testcontainers.DockerClientFactory.SESSION_ID.equals(c.getLabels().get(Leftovers.SESSION_LABEL)))
                .map(c -> c.getLabels().get(LabContainer.SERVICE_LABEL) + " (" + c.getStatus() + ")")
                .toList();
    }

    private static List<Container> labContainers() {
        return Docker.client().listContainersCmd().withShowAll(true).withLabelFilter(List.of(LabContainer.SERVICE_LABEL)).exec();
    }

    @Test
    void a_broken_rule_is_refused_with_promtools_reason(@TempDir Path dir) throws IOException {
        Path broken = dir.resolve("alert-rules.yml");
        Files.writeString(broken, """
                groups:
                  - name: broken
                    rules:
                      - alert: NoSuchFunction
                        expr: rated(up[1m]) > 0
                """);

        var check = checker.checkRules(broken);

        assertThat(check.passed()).isFalse();
        assertThat(check.describe()).contains(broken.toString()).contains("rated");
    }
}
