package io.sparklab.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks the config files with the tools of the components that read them (promtool, amtool), run
 * inside the lab's own images, so a file is judged by exactly the versions that will load it.
 * Their messages name the file and line; container paths in them are turned back into project paths.
 */
public final class ConfigChecker {
    /** What one checker (a tool in an image, or a JVM with the JMX agent) said about one file: its exit code and output. */
    public record Check(String command, String file, int exitCode, String output) {
        public boolean passed() {
            return exitCode == 0;
        }

        public String describe() {
            return command + " " + file + (passed() ? ": SUCCESS" : ": FAILED\n" + output.strip());
        }
    }

    // Where the images look for them (LabContainer.CONFIG_DIR); prometheus.yml names its rules relatively.
    static final String PROMETHEUS_YML = LabContainer.CONFIG_DIR + "/prometheus.yml";
    static final String RULES_YML = LabContainer.CONFIG_DIR + "/alert-rules.yml";
    static final String RULES_TEST_YML = LabContainer.CONFIG_DIR + "/alert-rules.test.yml";
    static final String ALERTMANAGER_YML = LabContainer.CONFIG_DIR + "/alertmanager.yml";

    private final LabProject project;
    private final String prometheusImage;
    private final String alertmanagerImage;

    public ConfigChecker(LabProject project, String prometheusImage, String alertmanagerImage) {
        this.project = project;
        this.prometheusImage = prometheusImage;
        this.alertmanagerImage = alertmanagerImage;
    }

    /** Every check of the project's config files. */
    public List<Check> checkAll() {
        List<Check> checks = new ArrayList<>();
        checks.add(checkPrometheusConfig(project.config("prometheus.yml"), project.config("alert-rules.yml")));
        checks.add(checkRules(project.config("alert-rules.yml")));
        checks.add(testRules(project.config("alert-rules.yml"), project.config("alert-rules.test.yml")));
        checks.add(checkAlertmanagerConfig(project.config("alertmanager.yml")));
        return checks;
    }

    /** Throws a LabException with every failed check's own message; nothing starts on a bad config. */
    public void requireValid() {
        List<String> failures = checkAll().stream().filter(c -> !c.passed()).map(Check::describe).toList();
        if (!failures.isEmpty()) {
            throw new LabException("Invalid configuration, the stack was not started:\n" + String.join("\n", failures));
        }
    }

    /**
     * The hardened profile's generated files: its prometheus.yml (promtool check config, which also
     * reads the CA and password files it names) and its web config (promtool check web-config, which
     * loads the certificate and key). Throws a LabException naming what failed; nothing starts then.
     */
    public void requireValidHardened(io.sparklab.hardening.LabSecrets secrets) {
        Map<Path, String> files = new java.util.LinkedHashMap<>();
        for (String name : List.of(io.sparklab.hardening.HardenedPrometheusConfig.FILE, io.sparklab.hardening.LabSecrets.CA_CERT,
                io.sparklab.hardening.LabSecrets.PASSWORD, io.sparklab.hardening.LabSecrets.SERVER_CERT,
                io.sparklab.hardening.LabSecrets.SERVER_KEY, io.sparklab.hardening.LabSecrets.WEB_CONFIG)) {
            files.put(secrets.file(name), io.sparklab.hardening.LabSecrets.inContainer(name));
        }
        Map<Path, String> withRules = new java.util.LinkedHashMap<>();
        withRules.put(project.root().resolve("config"), LabContainer.CONFIG_DIR); // every rule file, as Prometheus has them
        withRules.putAll(files);
        withRules.put(project.config("alert-rules.yml"), RULES_YML);
        withRules.put(project.config("spark-workers.json"), PrometheusContainer.WORKER_TARGETS_PATH);
        List<Check> checks = List.of(
                check(prometheusImage, secrets.file(io.sparklab.hardening.HardenedPrometheusConfig.FILE), withRules,
                        "promtool", "check", "config",
                        io.sparklab.hardening.LabSecrets.inContainer(io.sparklab.hardening.HardenedPrometheusConfig.FILE)),
                check(prometheusImage, secrets.file(io.sparklab.hardening.LabSecrets.WEB_CONFIG), files,
                        "promtool", "check", "web-config",
                        io.sparklab.hardening.LabSecrets.inContainer(io.sparklab.hardening.LabSecrets.WEB_CONFIG)),
                check(alertmanagerImage, secrets.file(io.sparklab.hardening.HardenedAlertmanagerConfig.FILE), Map.of(
                                secrets.file(io.sparklab.hardening.HardenedAlertmanagerConfig.FILE),
                                io.sparklab.hardening.LabSecrets.inContainer(io.sparklab.hardening.HardenedAlertmanagerConfig.FILE),
                                secrets.file(io.sparklab.hardening.LabSecrets.CA_CERT),
                                io.sparklab.hardening.LabSecrets.inContainer(io.sparklab.hardening.LabSecrets.CA_CERT),
                                secrets.file(io.sparklab.hardening.LabSecrets.PASSWORD),
                                io.sparklab.hardening.LabSecrets.inContainer(io.sparklab.hardening.LabSecrets.PASSWORD)),
                        "amtool", "check-config",
                        io.sparklab.hardening.LabSecrets.inContainer(io.sparklab.hardening.HardenedAlertmanagerConfig.FILE)));
        List<String> failures = checks.stream().filter(c -> !c.passed()).map(Check::describe).toList();
        if (!failures.isEmpty()) {
            throw new LabException("The hardened profile's generated configuration is invalid, the stack was not started:\n"
                    + String.join("\n", failures));
        }
    }

    /**
     * promtool check config, with the rule and worker-target files mounted where prometheus.yml refers to
     * them, over the project's whole config/ as Prometheus sees it (LabContainer.CONFIG_DIR): a second
     * rule file the student lists in rule_files is checked too, not refused as missing.
     */
    public Check checkPrometheusConfig(Path prometheusYml, Path rulesYml) {
        Map<Path, String> mounts = new java.util.LinkedHashMap<>();
        mounts.put(project.root().resolve("config"), LabContainer.CONFIG_DIR);
        mounts.put(prometheusYml, PROMETHEUS_YML);
        mounts.put(rulesYml, RULES_YML);
        mounts.put(project.config("spark-workers.json"), PrometheusContainer.WORKER_TARGETS_PATH);
        return check(prometheusImage, prometheusYml, mounts, "promtool", "check", "config", PROMETHEUS_YML);
    }

    public Check checkRules(Path rulesYml) {
        return check(prometheusImage, rulesYml, Map.of(rulesYml, RULES_YML), "promtool", "check", "rules", RULES_YML);
    }

    /** promtool test rules: the rules' unit tests, with the rule file beside them as they expect. */
    public Check testRules(Path rulesYml, Path testsYml) {
        return check(prometheusImage, testsYml, Map.of(rulesYml, RULES_YML, testsYml, RULES_TEST_YML),
                "promtool", "test", "rules", RULES_TEST_YML);
    }

    public Check checkAlertmanagerConfig(Path alertmanagerYml) {
        return check(alertmanagerImage, alertmanagerYml, Map.of(alertmanagerYml, ALERTMANAGER_YML),
                "amtool", "check-config", ALERTMANAGER_YML);
    }

    /**
     * The receivers Alertmanager's routing tree picks for an alert with these labels
     * (`amtool config routes test`), in the order amtool prints them.
     */
    public List<String> receiversFor(Path alertmanagerYml, Map<String, String> labels) {
        List<String> args = new ArrayList<>(List.of("config", "routes", "test", "--config.file=" + ALERTMANAGER_YML));
        labels.forEach((k, v) -> args.add(k + "=" + v));
        DockerRun.Result result = new DockerRun(alertmanagerImage).mount(alertmanagerYml, ALERTMANAGER_YML)
                .run("amtool", args.toArray(String[]::new));
        if (!result.succeeded()) {
            throw new LabException("amtool config routes test " + labels + " failed on " + display(alertmanagerYml) + ":\n"
                    + result.output());
        }
        // amtool prints the receivers on stdout and a warning on stderr; DockerRun gives both, interleaved.
        String receivers = result.output().replace("Warning: --config.file flag overrides the --alertmanager.url.", "")
                .lines().map(String::strip).filter(l -> !l.isEmpty()).reduce((a, b) -> b).orElse("");
        return List.of(receivers.split(","));
    }

    /**
     * Runs a checker in an image with the files mounted (host file -> container path), and names the
     * host files again in its output, so a message says config/x.yml, not /etc/....
     */
    private Check check(String image, Path checked, Map<Path, String> mounts, String tool, String... args) {
        String command = tool + " " + String.join(" ", java.util.Arrays.copyOf(args, args.length - 1));
        for (Path file : mounts.keySet()) {
            if (!java.nio.file.Files.exists(file)) {
                // A failed check naming the file, like the tool's own failures (./lab check lists them all)
                return new Check(command, display(checked), 1, "missing " + display(file) + " (" + tool + " reads it)");
            }
        }
        DockerRun run = new DockerRun(image);
        mounts.forEach(run::mount);
        DockerRun.Result result = run.run(tool, args);
        String output = result.output();
        // Longest container path first: a file's own mount before the folder it sits in.
        List<Map.Entry<Path, String>> byDepth = new ArrayList<>(mounts.entrySet());
        byDepth.sort((x, y) -> y.getValue().length() - x.getValue().length());
        for (Map.Entry<Path, String> mount : byDepth) {
            output = output.replace(mount.getValue(), display(mount.getKey()));
        }
        return new Check(command, display(checked), result.exitCode(), output);
    }

    private String display(Path file) {
        Path absolute = file.toAbsolutePath();
        return absolute.startsWith(project.root()) ? project.relative(absolute) : absolute.toString();
    }
}
