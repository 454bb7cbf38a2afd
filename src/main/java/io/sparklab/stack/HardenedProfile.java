package io.sparklab.stack;

import io.sparklab.hardening.HardenedAlertmanagerConfig;
import io.sparklab.hardening.HardenedJmxExporterConfig;
import io.sparklab.hardening.HardenedPrometheusConfig;
import io.sparklab.hardening.HardenedSparkDefaults;
import io.sparklab.hardening.LabSecrets;
import io.sparklab.client.LabTrust;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The hardened profile (docs/hardening.md) as the stack applies it: the secrets and derived configs
 * made before any container exists ({@link #prepare}), then what each container gets before it
 * starts ({@link #apply}): its memory and CPU limits; TLS and basic auth on the Prometheus ecosystem
 * (the exporter toolkit's --web.config.file, the webhook receiver's own options) and on Spark's web
 * UIs and JMX agents; Spark's RPC authenticated and encrypted.
 *
 * <p>In the stack's package because it changes containers the way only the stack may (mounts and
 * remounts); the configs it derives are written by the classes of {@code io.sparklab.hardening}.
 */
public final class HardenedProfile {
    /**
     * The services the profile gives TLS and basic auth, with the page that says each is ready;
     * Prometheus scrapes them with the lab's credentials and talks to Alertmanager with them, and
     * Alertmanager calls the receiver with them.
     */
    private static final Map<LabService, String> SECURED = Map.of(
            LabService.PROMETHEUS, "/-/ready",
            LabService.ALERTMANAGER, "/-/ready",
            LabService.PUSHGATEWAY, "/-/ready",
            LabService.NODE_EXPORTER, "/metrics",
            LabService.WEBHOOK_RECEIVER, "/-/ready",
            LabService.SPARK_MASTER, "/json/",
            LabService.SPARK_WORKER, "/json/",
            LabService.SPARK_HISTORY, "/api/v1/applications");
    /**
     * Where Spark serves a web UI over TLS when spark.ssl.* is on: its HTTP port + 400 (Spark's own
     * rule; the HTTP port then only redirects there). The driver's UI (4040) is in the master's container.
     */
    public static final Map<Integer, Integer> SPARK_TLS_PORTS = Map.of(
            LabService.SPARK_MASTER.port(), LabService.SPARK_MASTER.port() + 400,
            LabService.DRIVER_UI_PORT, LabService.DRIVER_UI_PORT + 400,
            LabService.SPARK_WORKER.port(), LabService.SPARK_WORKER.port() + 400,
            LabService.SPARK_HISTORY.port(), LabService.SPARK_HISTORY.port() + 400);
    /** The scrape jobs of the exporter toolkit's services in config/prometheus.yml: always up. */
    public static final Set<String> WEB_CONFIG_JOBS = Set.of("prometheus", "alertmanager", "pushgateway", "node-exporter");
    /**
     * The scrape jobs of Spark's web UIs' metrics (and the lab listener's, beside the driver's UI):
     * TLS on the UIs' HTTPS ports with the lab's credentials. spark-master and spark-worker always up;
     * spark-app-metrics while an application runs.
     */
    public static final Set<String> SPARK_UI_JOBS = Set.of("spark-master", "spark-worker", "spark-app-metrics");
    /**
     * The scrape jobs of the JMX agents in drivers and executors, which the profile gives TLS and
     * basic auth through their own configs (HardenedJmxExporterConfig): up while a job runs.
     */
    public static final Set<String> JMX_AGENT_JOBS = Set.of("spark-driver", "spark-executors");
    /** The JMX agents' configs in config/, each replaced by its hardened copy in the Spark containers. */
    private static final List<String> JMX_AGENT_CONFIGS = List.of("spark-driver-jmx-exporter.yaml", "spark-executor-jmx-exporter.yaml");
    private static final Set<LabService> SPARK = EnumSet.of(LabService.SPARK_MASTER, LabService.SPARK_WORKER, LabService.SPARK_HISTORY);

    private final LabSecrets secrets;

    private HardenedProfile(LabSecrets secrets) {
        this.secrets = secrets;
    }

    /** The services that serve TLS and ask for the lab's credentials in the hardened profile. */
    public static Set<LabService> securedServices() {
        return SECURED.keySet();
    }

    /** The page that answers 200 when a secured service is ready (with credentials). */
    public static String readyPath(LabService service) {
        String path = SECURED.get(service);
        if (path == null) {
            throw new IllegalArgumentException(service.alias() + " is not secured by the hardened profile");
        }
        return path;
    }

    /** Every scrape job the hardened profile gives TLS and credentials: the three sets above. */
    public static Set<String> securedJobs() {
        Set<String> jobs = new TreeSet<>(WEB_CONFIG_JOBS);
        jobs.addAll(JMX_AGENT_JOBS);
        jobs.addAll(SPARK_UI_JOBS);
        return Collections.unmodifiableSet(jobs);
    }

    /**
     * Makes the profile's secrets in target/lab-secrets and its copies of the configs, has this JVM's
     * clients trust the lab CA, and checks the derived configs with promtool and amtool.
     */
    static HardenedProfile prepare(LabProject project, String prometheusImage, String alertmanagerImage) {
        // Two certificates: one for the Prometheus ecosystem and the receiver, one (a key pair of its
        // own, in the key store) for the Spark containers, which run the jobs' code and so must not
        // hold a key that passes for the others. The Spark one names every worker's own alias
        // (spark-worker-1..8) too: Prometheus scrapes each worker by its name, and Spark's Jetty
        // refuses (400) a request whose Host is not the name the client checked (SNI).
        List<String> names = Arrays.stream(LabService.values()).filter(s -> !SPARK.contains(s)).map(LabService::alias).toList();
        List<String> sparkNames = new ArrayList<>(SPARK.stream().map(LabService::alias).toList());
        IntStream.rangeClosed(1, LabStack.MAX_WORKERS).forEach(i -> sparkNames.add(LabService.SPARK_WORKER.alias() + "-" + i));
        LabSecrets secrets = LabSecrets.create(project.target().resolve("lab-secrets"), names, sparkNames);
        HardenedProfile profile = new HardenedProfile(secrets);
        try {
            HardenedPrometheusConfig.write(project.config("prometheus.yml"), LabContainer.CONFIG_DIR, securedJobs(), SPARK_TLS_PORTS, secrets);
            HardenedSparkDefaults.write(project.config("spark-defaults.conf"), secrets);
            HardenedAlertmanagerConfig.write(project.config("alertmanager.yml"), Set.of(LabService.WEBHOOK_RECEIVER.alias()), secrets);
            JMX_AGENT_CONFIGS.forEach(name -> HardenedJmxExporterConfig.write(project.config(name), secrets));
            LabTrust.trust(secrets.caCertificate());
            new ConfigChecker(project, prometheusImage, alertmanagerImage).requireValidHardened(secrets);
        } catch (RuntimeException e) {
            profile.delete();
            throw e;
        }
        Progress.say("hardened profile: a lab CA, a server certificate and the lab user's password made in %s;"
                + " its prometheus.yml and web config pass promtool, its alertmanager.yml amtool", secrets.dir());
        return profile;
    }

    /** What the profile gives every container, for the start-up's progress line. */
    public static String summary() {
        return "every container has memory and CPU limits; Spark's RPC is authenticated and encrypted; "
                + SECURED.keySet().stream().map(LabService::alias).sorted().collect(Collectors.joining(", "))
                + ", the drivers' UIs, the lab listener's metrics and the drivers' and executors' JMX agents serve TLS and ask for basic auth";
    }

    LabSecrets secrets() {
        return secrets;
    }

    /** What the hardened profile changes in a container before it starts. */
    void apply(LabContainer<?> container) {
        container.withServiceLimits();
        if (container.service() instanceof LabService service && SECURED.containsKey(service)) {
            secure(container, service);
        }
        if (SPARK.contains(container.service())) {
            // RPC authentication, and TLS (the key store) with basic auth on every web UI.
            container.remount(secrets.file(HardenedSparkDefaults.FILE), SparkConf.DIR + "spark-defaults.conf");
            mountSecrets(container, LabSecrets.KEY_STORE);
        }
        if (container.service() == LabService.SPARK_MASTER || container.service() == LabService.SPARK_WORKER) {
            // Drivers (in the master) and executors (in workers) run JMX agents: TLS with the key store, basic auth.
            for (String name : JMX_AGENT_CONFIGS) {
                container.remount(secrets.file(name), SparkConf.DIR + name);
            }
        }
        if (container.service() == LabService.SPARK_MASTER) {
            // For the jobs submitted into it: they push to the Pushgateway and ask Prometheus (EtlSubmit).
            mountSecrets(container, LabSecrets.CA_CERT, LabSecrets.PASSWORD);
        }
    }

    /** Deletes the secrets (the stack's stop); says so rather than throws when it cannot. */
    void delete() {
        try {
            secrets.delete();
        } catch (RuntimeException e) {
            Progress.say("could not delete the hardened profile's secrets in %s: %s", secrets.dir(), e.getMessage());
        }
    }

    /**
     * TLS and basic auth through the web config (the receiver: its own options), the image's own
     * command otherwise unchanged. Each gets only the files it reads: the web config (with the
     * bcrypt hash, not the password), the certificate and key; the clients among them (Prometheus,
     * Alertmanager) also the CA and the password file, and their config derived for the profile;
     * the receiver, which checks the password itself, the password file.
     */
    private void secure(LabContainer<?> container, LabService service) {
        if (SPARK.contains(container.service())) {
            secureSparkUi(container, service);
            return;
        }
        String[] imageCommand = Docker.client().inspectImageCmd(container.imageName()).exec().getConfig().getCmd();
        List<String> command = new ArrayList<>(imageCommand == null ? List.of() : List.of(imageCommand));
        mountSecrets(container, LabSecrets.SERVER_CERT, LabSecrets.SERVER_KEY);
        if (service == LabService.WEBHOOK_RECEIVER) {
            mountSecrets(container, LabSecrets.PASSWORD);
            command.addAll(List.of(
                    "--tls-cert", LabSecrets.inContainer(LabSecrets.SERVER_CERT),
                    "--tls-key", LabSecrets.inContainer(LabSecrets.SERVER_KEY),
                    "--basic-auth-user", LabSecrets.USER,
                    "--basic-auth-password-file", LabSecrets.inContainer(LabSecrets.PASSWORD)));
        } else {
            mountSecrets(container, LabSecrets.WEB_CONFIG);
            String derivedConfig = switch (service) {
                case PROMETHEUS -> HardenedPrometheusConfig.FILE;
                case ALERTMANAGER -> HardenedAlertmanagerConfig.FILE;
                default -> null;
            };
            if (derivedConfig != null) {
                mountSecrets(container, derivedConfig, LabSecrets.CA_CERT, LabSecrets.PASSWORD);
                if (!command.removeIf(flag -> flag.startsWith("--config.file="))) {
                    throw new LabException(service.alias() + "'s image command has no --config.file= for the hardened profile to replace: "
                            + command);
                }
                command.add("--config.file=" + LabSecrets.inContainer(derivedConfig));
            }
            command.add("--web.config.file=" + LabSecrets.inContainer(LabSecrets.WEB_CONFIG));
        }
        container.withCommand(command.toArray(String[]::new));
        // Readiness only: Testcontainers asks the mapped port on this machine, with any certificate
        // accepted (it cannot be given the lab CA). The lab's clients and tests check it (LabTrust).
        container.waitingFor(Wait.forHttp(SECURED.get(service)).forPort(service.port()).usingTls().allowInsecure()
                .withBasicCredentials(LabSecrets.USER, secrets.password()).forStatusCode(200));
        container.withTlsAndBasicAuth(LabSecrets.USER, secrets.password());
    }

    /**
     * Spark's web UIs: TLS and the UI filter come with the hardened spark-defaults.conf ({@link #apply});
     * here the filter's class goes on the daemon's classpath, the HTTPS ports are published, and
     * readiness is asked there. The worker keeps its wait (registered with the master).
     */
    private void secureSparkUi(LabContainer<?> container, LabService service) {
        // The filter (io.sparklab.jobs.UiBasicAuthFilter) is in the job jar: drivers load it with their
        // application; the master, workers and history server need it on their own classpath.
        container.withEnv("SPARK_DAEMON_CLASSPATH", EtlSubmit.JAR);
        Map<Integer, Integer> httpsPorts = new TreeMap<>();
        for (int port : service.ports()) {
            if (SPARK_TLS_PORTS.containsKey(port)) {
                httpsPorts.put(port, SPARK_TLS_PORTS.get(port));
            }
        }
        int readyPort = httpsPorts.get(service.port());
        if (service != LabService.SPARK_WORKER) {
            var ready = Wait.forHttp(SECURED.get(service)).forPort(readyPort).usingTls().allowInsecure()
                    .withBasicCredentials(LabSecrets.USER, secrets.password()).forStatusCode(200);
            container.waitingFor(service == LabService.SPARK_MASTER ? ready.forResponsePredicate(body -> body.contains("\"ALIVE\"")) : ready);
        }
        container.withTlsAndBasicAuth(LabSecrets.USER, secrets.password(), httpsPorts);
    }

    private void mountSecrets(LabContainer<?> container, String... names) {
        for (String name : names) {
            container.mount(secrets.file(name), LabSecrets.inContainer(name));
        }
    }
}
