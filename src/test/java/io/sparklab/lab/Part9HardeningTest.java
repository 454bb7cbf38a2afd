package io.sparklab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import io.sparklab.cli.MemoryPeaks;
import io.sparklab.client.HttpJson;
import io.sparklab.client.PrometheusClient;
import io.sparklab.client.WebhookReceiverClient;
import io.sparklab.hardening.LabSecrets;
import io.sparklab.stack.LabService;
import okhttp3.Credentials;
import okhttp3.Request;
import okhttp3.Response;
import io.sparklab.stack.Docker;
import io.sparklab.stack.EtlSubmit;
import io.sparklab.stack.HardenedProfile;
import io.sparklab.stack.LabContainer;
import io.sparklab.stack.LabStack;
import io.sparklab.stack.PrometheusContainer;
import io.sparklab.stack.ResourceLimits;
import io.sparklab.stack.SparkSubmit;
import io.sparklab.support.JavaProcesses;
import io.sparklab.support.LabPart;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Part 9 of the lab sheet: the hardened profile ({@code ./lab up --hardened}, docs/hardening.md).
 * A stack of its own, started hardened: every container with memory and CPU limits, none running
 * as root, Prometheus with its retention bounded and its TSDB on a named volume; Prometheus,
 * Alertmanager, the Pushgateway, node-exporter, the webhook receiver and Spark's web UIs (master,
 * worker, history server, driver) answer only over TLS and only with the lab user's credentials,
 * and Prometheus still scrapes them and still reaches Alertmanager, which still reaches the
 * receiver; the ETL job
 * still runs inside the limits, every JVM's heap fitting in its container, with Spark's RPC
 * authenticated and encrypted, and still pushes its outcome; the drivers' and executors' JMX agents
 * and the lab listener's metrics also answer only over TLS with the lab's credentials, and are
 * scraped so; a driver without the
 * secret is refused.
 */
@LabPart
@Order(90)
@DisplayName("Part 9 - The hardened profile: limits, non-root users, retention, TLS and basic auth")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Part9HardeningTest {
    /** The heaps of a container's JVMs take at most this share of its limit: the rest is metaspace, threads, buffers. */
    private static final double HEAP_SHARE_OF_LIMIT = 0.75;
    private static final int ETL_ROWS = 600_000;
    /** The RPC secret of a driver that is not the lab's (the lab's is made fresh for each stack: LabSecrets). */
    private static final String WRONG_SECRET = "not-the-lab-secret";

    private static LabStack stack;

    @BeforeAll
    static void startTheHardenedStack() {
        stack = LabStack.builder().workers(1).hardened(true).build();
        stack.start();
    }

    @AfterAll
    static void removeIt() {
        if (stack != null) {
            stack.stop();
        }
    }

    @Test
    @Order(1)
    void every_container_runs_with_its_memory_and_cpu_limits() {
        for (LabContainer<?> container : stack.containers()) {
            ResourceLimits declared = container.service().limits().orElseThrow();
            assertThat(container.limits()).as("limits Docker applies to %s (docker inspect)", container.service().alias())
                    .contains(declared);
            Long swap = inspect(container).getHostConfig().getMemorySwap();
            assertThat(swap).as("%s: memory + swap equal to the memory limit (no swap)", container.service().alias())
                    .isEqualTo(declared.memoryBytes());
        }
    }

    @Test
    @Order(2)
    void no_container_runs_as_root_or_has_a_secret_in_its_environment() throws Exception {
        for (LabContainer<?> container : stack.containers()) {
            String user = inspect(container).getConfig().getUser();
            assertThat(user).as("USER of %s's image", container.service().alias()).isNotBlank().isNotIn("root", "0", "0:0");
            String uid = container.execInContainer("id", "-u").getStdout().strip();
            assertThat(uid).as("uid a command runs as in %s", container.service().alias()).isNotEmpty().isNotEqualTo("0");
            // Secrets are files: nothing of them in what `docker inspect` shows anyone who may run it.
            String[] env = inspect(container).getConfig().getEnv();
            String[] cmd = inspect(container).getConfig().getCmd();
            LabSecrets secrets = stack.secrets().orElseThrow();
            for (String[] shown : new String[][] {env, cmd}) {
                assertThat(String.join("\n", shown == null ? new String[0] : shown))
                        .as("environment and command of %s", container.service().alias())
                        .doesNotContain(secrets.password()).doesNotContain(secrets.sparkSecret()).doesNotContain(secrets.keyStorePassword());
            }
        }
    }

    @Test
    @Order(3)
    void prometheus_bounds_its_retention_and_keeps_its_tsdb_on_a_named_volume() {
        PrometheusClient prometheus = stack.prometheus().client();
        Map<String, String> flags = prometheus.flags();
        // Given as 7d and 1GB (docker/prometheus/Dockerfile); Prometheus reports them in its own units,
        // and its "GB" is 1024^3 bytes.
        assertThat(flags).as("Prometheus' flags (/api/v1/status/flags)")
                .containsEntry("storage.tsdb.retention.time", "1w")
                .containsEntry("storage.tsdb.retention.size", "1GiB")
                .containsEntry("storage.tsdb.path", PrometheusContainer.TSDB_PATH);
        var tsdb = inspect(stack.prometheus()).getMounts().stream()
                .filter(m -> m.getDestination() != null && PrometheusContainer.TSDB_PATH.equals(m.getDestination().getPath()))
                .findFirst();
        assertThat(tsdb).as("a mount at %s", PrometheusContainer.TSDB_PATH).isPresent();
        assertThat(tsdb.get().getName()).as("the TSDB's volume").isEqualTo(stack.volumes().prometheus());

        // What the bounds hold: the idle stack's series and samples a second (docs/hardening.md has the sums).
        double series = prometheus.query("prometheus_tsdb_head_series").get(0).value();
        double samplesPerSecond = Awaitility.await("a rate of appended samples").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(2)).until(
                        () -> prometheus.query("rate(prometheus_tsdb_head_samples_appended_total[30s])"), s -> !s.isEmpty())
                .get(0).value();
        System.out.printf("Part 9: the idle stack's TSDB: %.0f series, %.0f samples/s = %.1f million samples a day%n",
                series, samplesPerSecond, samplesPerSecond * 86_400 / 1e6);
        assertThat(samplesPerSecond).as("samples appended per second").isPositive();
        // docs/hardening.md: about 2 bytes a sample on disk, so a week of the idle stack stays well under the
        // 1 GiB size bound and the time bound (1w) is the one that acts.
        assertThat(samplesPerSecond * 7 * 86_400 * 2).as("bytes a week of the idle stack's samples takes at 2 bytes each")
                .isLessThan(1024.0 * 1024 * 1024);
    }

    @Test
    @Order(4)
    void the_prometheus_ecosystem_the_webhook_and_sparks_uis_answer_only_over_tls_and_only_with_credentials() {
        for (LabContainer<?> container : secured()) {
            String alias = container.service().alias();
            String url = container.url() + HardenedProfile.readyPath((LabService) container.service());
            assertThat(url).as("%s's URL", alias).startsWith("https://");
            String plain = url.replaceFirst("^https://", "http://");

            assertThat(HttpJson.status(url)).as("GET %s with the lab's credentials, over TLS checked against the lab CA", url)
                    .isEqualTo(200);
            assertRefusedWithoutTheRightCredentials(url);
            // A Go TLS server answers a plain-HTTP request with 400 "Client sent an HTTP request to an HTTPS
            // server."; Python's (the receiver) and Spark's Jetty close the connection: no HTTP answer at all.
            int plainStatus = SPARK.contains(container.service()) || container.service() == LabService.WEBHOOK_RECEIVER ? 0 : 400;
            assertThat(HttpJson.statusWithoutCredentials(plain)).as("GET %s (plain HTTP to the TLS port)", plain).isEqualTo(plainStatus);
            if (SPARK.contains(container.service())) {
                // Spark's HTTP port still listens, only to send the browser to the HTTPS port: nothing served there.
                int httpPort = container.service().port();
                String http = "http://" + container.getHost() + ":" + container.currentHostPort(httpPort) + HardenedProfile.readyPath((LabService) container.service());
                try (Response redirect = NO_REDIRECTS.newCall(new Request.Builder().url(http).build()).execute()) {
                    assertThat(redirect.code()).as("GET %s (%s's HTTP port)", http, alias).isEqualTo(302);
                    assertThat(redirect.header("Location")).as("where it sends the browser")
                            .startsWith("https://").contains(":" + HardenedProfile.SPARK_TLS_PORTS.get(httpPort) + "/");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException("GET " + http, e);
                }
            }
        }
    }

    /** 401 without credentials and with a wrong password: the TLS connection works, the lab user is still asked. */
    private static void assertRefusedWithoutTheRightCredentials(String url) {
        assertThat(HttpJson.statusWithoutCredentials(url)).as("GET %s without credentials", url).isEqualTo(401);
        assertThat(statusWithPassword(url, "not-the-password")).as("GET %s with a wrong password", url).isEqualTo(401);
    }

    private static final java.util.Set<LabService> SPARK = java.util.EnumSet.of(LabService.SPARK_MASTER, LabService.SPARK_WORKER,
            LabService.SPARK_HISTORY);
    private static final okhttp3.OkHttpClient NO_REDIRECTS = HttpJson.client().newBuilder().followRedirects(false)
            .followSslRedirects(false).build();

    @Test
    @Order(5)
    void the_etl_job_runs_inside_the_limits_with_every_heap_fitting_its_container() {
        Map<String, List<JavaProcesses.JavaProcess>> jvms = new TreeMap<>();
        Map<String, Double> peaks;
        SparkSubmit.Submission job;
        try (MemoryPeaks memory = MemoryPeaks.watch(stack.containers())) {
            job = EtlSubmit.start(stack, List.of("--rows", Integer.toString(ETL_ROWS), "--seed", "9"));
            // The executor exists only while the job runs: look while both the driver and it are there.
            Awaitility.await("the driver (in spark-master) and the executor (in the worker) to run")
                    .atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        for (LabContainer<?> c : stack.containers()) {
                            jvms.put(c.service().alias(), JavaProcesses.in(c));
                        }
                        return mains(jvms.get("spark-master")).contains("org.apache.spark.deploy.SparkSubmit")
                                && workerJvms(jvms).contains("org.apache.spark.executor.CoarseGrainedExecutorBackend");
                    });
            // While the driver runs, its JMX agent answers like the services above: TLS, the lab's password.
            String agent = stack.master().url(LabService.DRIVER_JMX_PORT).replaceFirst("^http://", "https://") + "/metrics";
            assertThat(statusWithPassword(agent, stack.secrets().orElseThrow().password()))
                    .as("GET %s (the driver's JMX agent) with the lab's credentials, over TLS checked against the lab CA", agent)
                    .isEqualTo(200);
            assertRefusedWithoutTheRightCredentials(agent);
            String plainAgent = agent.replaceFirst("^https://", "http://");
            assertThat(HttpJson.statusWithoutCredentials(plainAgent)).as("GET %s (plain HTTP to the agent's TLS port): no answer", plainAgent)
                    .isZero();
            // So do the driver's UI (its REST API and metrics) and the lab listener's metrics beside it.
            String driverUi = stack.master().url(LabService.DRIVER_UI_PORT) + "/api/v1/applications";
            String listener = stack.master().url(LabService.APP_METRICS_PORT).replaceFirst("^http://", "https://") + "/metrics";
            for (String url : List.of(driverUi, listener)) {
                assertThat(url).as("the driver's %s", url).startsWith("https://");
                Awaitility.await("GET " + url + " with the lab's credentials").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() -> statusWithPassword(url, stack.secrets().orElseThrow().password()), status -> status == 200);
                assertRefusedWithoutTheRightCredentials(url);
            }
            assertThat(job.await(Duration.ofMinutes(5))).as("exit code of the ETL job under limits; its output:%n%s", job.output())
                    .isZero();
            peaks = memory.mib();
        }

        System.out.println("Part 9: memory peak during the ETL job against each container's limit");
        for (LabContainer<?> container : stack.containers()) {
            String alias = container.service().alias();
            ResourceLimits limits = container.service().limits().orElseThrow();
            double peak = peaks.getOrDefault(container.name(), Double.NaN);
            long heaps = jvms.getOrDefault(alias, List.of()).stream().mapToLong(p -> p.maxHeapMiB(limits.memoryMiB())).sum();
            System.out.printf("  %-16s peak %7.1f MiB of %5d MiB (%.2f)   JVM heaps %5d MiB  %s%n",
                    alias, peak, limits.memoryMiB(), peak / limits.memoryMiB(), heaps, jvms.getOrDefault(alias, List.of()));

            assertThat(inspect(container).getState().getOOMKilled()).as("%s was OOM-killed", alias).isFalse();
            assertThat(inspect(container).getState().getRunning()).as("%s still runs", alias).isTrue();
            assertThat((double) heaps).as("%s: the heaps its JVMs may take (%s), against %.0f %% of its %d MiB limit",
                    alias, jvms.get(alias), HEAP_SHARE_OF_LIMIT * 100, limits.memoryMiB())
                    .isLessThanOrEqualTo(HEAP_SHARE_OF_LIMIT * limits.memoryMiB());
        }
    }

    @Test
    @Order(6)
    void prometheus_scrapes_them_over_tls_with_credentials_and_alerts_still_reach_the_webhook() {
        // After the ETL job (Order 5): the Watchdog's first heartbeat takes about as long as the job to
        // come through (evaluation, group_wait), so the wait for it costs no time of its own here.
        PrometheusClient prometheus = stack.prometheus().client();
        List<PrometheusClient.Target> securedTargets = prometheus.targets().stream()
                .filter(t -> HardenedProfile.WEB_CONFIG_JOBS.contains(t.job())).toList();
        assertThat(securedTargets).extracting(PrometheusClient.Target::job).as("scrape jobs of the secured services")
                .containsExactlyInAnyOrderElementsOf(HardenedProfile.WEB_CONFIG_JOBS);
        for (PrometheusClient.Target target : securedTargets) {
            assertThat(target.scrapeUrl()).as("scrape URL of job %s", target.job()).startsWith("https://");
            assertThat(target.isUp()).as("%s %s: %s", target.job(), target.instance(), target.lastError()).isTrue();
        }
        // Spark's master and worker: on their HTTPS ports, the instance label as in the default profile.
        for (String job : List.of("spark-master", "spark-worker")) {
            List<PrometheusClient.Target> targets = prometheus.targets().stream().filter(t -> t.job().equals(job)).toList();
            assertThat(targets).as("targets of %s", job).isNotEmpty().allSatisfy(t -> {
                assertThat(t.scrapeUrl()).as("scrape URL of %s", job).startsWith("https://")
                        .contains(":" + HardenedProfile.SPARK_TLS_PORTS.get(Integer.parseInt(t.instance().replaceFirst(".*:", ""))) + "/");
                assertThat(t.isUp()).as("%s %s: %s", t.job(), t.instance(), t.lastError()).isTrue();
            });
        }
        // The Watchdog always fires: its heartbeat at the webhook went Prometheus -> Alertmanager, then
        // Alertmanager -> the receiver, each over TLS with the lab's credentials (the receiver takes
        // nothing without them).
        WebhookReceiverClient webhook = new WebhookReceiverClient(stack.webhookReceiver().url());
        Awaitility.await("the Watchdog's heartbeat at the webhook receiver").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> webhook.deliveries().stream().anyMatch(d -> d.alertname().equals("Watchdog")));
        assertThat(prometheus.query("sum(alertmanager_notifications_failed_total{integration=\"webhook\"})"))
                .as("webhook notifications Alertmanager failed to deliver").isNotEmpty()
                .allSatisfy(sample -> assertThat(sample.value()).isZero());
        // Nor did any single attempt fail (a 401 or a TLS error retried with success would count here only).
        assertThat(prometheus.query("sum(alertmanager_notification_requests_failed_total{integration=\"webhook\"})"))
                .as("webhook requests Alertmanager saw fail").isNotEmpty()
                .allSatisfy(sample -> assertThat(sample.value()).isZero());
    }

    @Test
    @Order(7)
    void every_target_is_still_scraped_after_the_job() {
        PrometheusClient prometheus = stack.prometheus().client();
        List<PrometheusClient.Target> alwaysOn = prometheus.targets().stream()
                .filter(t -> LabStack.ALWAYS_ON_JOBS.contains(t.job())).toList();
        assertThat(alwaysOn).extracting(PrometheusClient.Target::job).containsAll(LabStack.ALWAYS_ON_JOBS);
        assertThat(alwaysOn).as("always-on targets of the hardened stack").allSatisfy(t ->
                assertThat(t.isUp()).as("%s %s: %s", t.job(), t.instance(), t.lastError()).isTrue());
        // The job pushed its outcome to the Pushgateway over TLS with the lab's credentials, and
        // Prometheus scraped it from there the same way.
        Awaitility.await("the ETL job's outcome, pushed and scraped").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> prometheus.query("etl_job_success"), samples -> !samples.isEmpty());
        assertThat(prometheus.query("etl_job_success").get(0).value()).as("etl_job_success").isEqualTo(1.0);
    }

    @Test
    @Order(8)
    void prometheus_scraped_the_drivers_and_executors_jmx_agents_over_tls_with_credentials() {
        PrometheusClient prometheus = stack.prometheus().client();
        List<PrometheusClient.Target> agents = prometheus.targets().stream()
                .filter(t -> HardenedProfile.JMX_AGENT_JOBS.contains(t.job())).toList();
        assertThat(agents).extracting(PrometheusClient.Target::job).as("scrape jobs of the JMX agents")
                .containsAll(HardenedProfile.JMX_AGENT_JOBS);
        assertThat(agents).allSatisfy(t -> assertThat(t.scrapeUrl()).as("scrape URL of job %s", t.job()).startsWith("https://"));
        // The job is over, so the agents are gone: what counts is that they were scraped while it ran,
        // their certificate checked (the executors' against spark-worker, the name DNS found them by).
        // So was every endpoint of spark-app-metrics: the lab listener and the driver UI's servlet.
        List<PrometheusClient.Target> appTargets = prometheus.targets().stream().filter(t -> t.job().equals("spark-app-metrics")).toList();
        assertThat(appTargets).as("targets of spark-app-metrics").hasSize(2)
                .allSatisfy(t -> assertThat(t.scrapeUrl()).as("scrape URL of spark-app-metrics").startsWith("https://"));
        String appMetrics = "max_over_time(up{job=\"spark-app-metrics\"}[10m])";
        assertThat(prometheus.query(appMetrics)).as("%s: was each endpoint up during the ETL job?", appMetrics).hasSize(appTargets.size())
                .allSatisfy(sample -> assertThat(sample.value()).as("%s %s", appMetrics, sample.labels()).isEqualTo(1.0));
        for (String job : HardenedProfile.JMX_AGENT_JOBS) {
            String query = "max_over_time(up{job=\"" + job + "\"}[10m])";
            assertThat(prometheus.query(query)).as("%s: was the target up during the ETL job?", query).isNotEmpty()
                    .allSatisfy(sample -> assertThat(sample.value()).as(query).isEqualTo(1.0));
            String heap = "count_over_time(jvm_heap_memory_max{job=\"" + job + "\"}[10m])";
            assertThat(prometheus.query(heap)).as("%s: samples of the agent's metrics", heap).isNotEmpty();
        }
    }

    @Test
    @Order(9)
    void a_driver_without_the_rpc_secret_is_refused() throws Exception {
        int completedBefore = HttpJson.get(stack.master().url() + "/json/").path("completedapps").size();
        // The lab's own job, submitted as before but with a secret of its own: the master must not take it.
        SparkSubmit.Submission intruder = SparkSubmit.start(stack.master(), EtlSubmit.MAIN_CLASS, EtlSubmit.JAR,
                List.of("--rows", "1000", "--pushgateway", "", "--prometheus", ""),
                List.of("--conf", "spark.authenticate.secret=" + WRONG_SECRET), line -> { });
        // Its first registration attempt, refused: the connection fails in Spark's authentication
        // handshake. Spark would try twice more, 20 s apart (StandaloneAppClient's fixed retries), fail
        // the same way and give up after a minute: nothing more to learn, so the driver is stopped here.
        Awaitility.await("the driver's first attempt to register with the master").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> !intruder.isRunning() || intruder.lineContainingSeenAt("Failed to connect to master") != null);
        stack.master().execInContainer("pkill", "-9", "-f", WRONG_SECRET);
        int exit = intruder.await(Duration.ofSeconds(30));
        String output = intruder.output();
        System.out.println("Part 9: a driver with the wrong secret (stopped after its first attempt, exit " + exit + "); what it logged:\n  "
                + String.join("\n  ", output.lines()
                        .filter(l -> l.contains("Failed to connect to master") || l.contains("Exception while bootstrapping client")).toList()));
        // Refused for its secret, not for anything else that ends a driver (a wrong class, a dead master):
        // the connection failed in Spark's authentication bootstrap, and no registration got through.
        assertThat(output).as("spark-submit's output with the wrong RPC secret")
                .contains("Exception while bootstrapping client", "org.apache.spark.network.crypto.AuthClientBootstrap.doBootstrap",
                        "Failed to connect to master")
                .doesNotContain("Connected to Spark cluster with app ID");
        var master = HttpJson.get(stack.master().url() + "/json/");
        assertThat(master.path("completedapps").size()).as("applications the master completed: none more").isEqualTo(completedBefore);
        assertThat(master.path("activeapps").size()).as("applications running now").isZero();
    }

    @Test
    @Order(10)
    void an_add_on_on_the_hardened_stack_gets_its_limits_too() throws Exception {
        // The traces add-on, the lightest (one container, Zipkin): the add-ons take their limits from
        // the stack's profile as the stack's own containers do.
        io.sparklab.tracing.TracingAddOn traces = io.sparklab.tracing.TracingAddOn.on(stack);
        try {
            traces.start();
            LabContainer<?> zipkin = traces.zipkin();
            ResourceLimits declared = zipkin.service().limits().orElseThrow();
            assertThat(zipkin.limits()).as("limits Docker applies to %s (docker inspect)", zipkin.service().alias()).contains(declared);
            assertThat(inspect(zipkin).getHostConfig().getMemorySwap()).as("%s: no swap", zipkin.service().alias())
                    .isEqualTo(declared.memoryBytes());
            List<JavaProcesses.JavaProcess> jvms = JavaProcesses.in(zipkin);
            long heaps = jvms.stream().mapToLong(p -> p.maxHeapMiB(declared.memoryMiB())).sum();
            assertThat((double) heaps).as("the heaps of %s's JVMs (%s) against %.0f %% of its %d MiB limit",
                    zipkin.service().alias(), jvms, HEAP_SHARE_OF_LIMIT * 100, declared.memoryMiB())
                    .isPositive().isLessThanOrEqualTo(HEAP_SHARE_OF_LIMIT * declared.memoryMiB());
        } finally {
            traces.stop();
        }
    }

    private static List<LabContainer<?>> secured() {
        List<LabContainer<?>> secured = stack.containers().stream()
                .filter(c -> HardenedProfile.securedServices().contains(c.service())).toList();
        assertThat(secured).as("the secured services' containers").hasSize(HardenedProfile.securedServices().size());
        return secured;
    }

    private static int statusWithPassword(String url, String password) {
        Request request = new Request.Builder().url(url).header("Authorization", Credentials.basic(LabSecrets.USER, password)).build();
        try (Response response = HttpJson.client().newCall(request).execute()) {
            return response.code();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static List<String> mains(List<JavaProcesses.JavaProcess> processes) {
        return processes == null ? List.of() : processes.stream().map(JavaProcesses.JavaProcess::main).toList();
    }

    private static List<String> workerJvms(Map<String, List<JavaProcesses.JavaProcess>> jvms) {
        return jvms.entrySet().stream().filter(e -> e.getKey().startsWith("spark-worker"))
                .flatMap(e -> mains(e.getValue()).stream()).toList();
    }

    private static InspectContainerResponse inspect(LabContainer<?> container) {
        return Docker.client().inspectContainerCmd(container.getContainerId()).exec();
    }
}
