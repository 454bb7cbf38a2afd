package io.sparklab.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the config files with the tools of the components that read them (promtool, amtool), run
 * inside the lab's own images, so a file is judged by exactly the versions that will load it.
 * Their messages name the file and line; container paths in them are turned back into project paths.
 */
public final class ConfigChecker {
    /** What one check said about one file. */
    public record Check(String command, String file, DockerRun.Result result) {
        public boolean passed() {
            return result.succeeded();
        }

        public String describe() {
            return command + " " + file + (passed() ? ": SUCCESS" : ": FAILED\n" + result.output().strip());
        }
    }

    static final String PROMETHEUS_YML = "/etc/prometheus/prometheus.yml";
    static final String RULES_YML = "/etc/prometheus/alert-rules.yml";
    static final String RULES_TEST_YML = "/etc/prometheus/alert-rules.test.yml";
    static final String ALERTMANAGER_YML = "/etc/alertmanager/alertmanager.yml";

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

    /** promtool check config, with the rule file mounted where prometheus.yml refers to it. */
    public Check checkPrometheusConfig(Path prometheusYml, Path rulesYml) {
        DockerRun.Result result = new DockerRun(prometheusImage)
                .mount(prometheusYml, PROMETHEUS_YML)
                .mount(rulesYml, RULES_YML)
                .run("promtool", "check", "config", PROMETHEUS_YML);
        return new Check("promtool check config", display(prometheusYml),
                withProjectPaths(result, PROMETHEUS_YML, prometheusYml, RULES_YML, rulesYml));
    }

    public Check checkRules(Path rulesYml) {
        DockerRun.Result result = new DockerRun(prometheusImage)
                .mount(rulesYml, RULES_YML)
                .run("promtool", "check", "rules", RULES_YML);
        return new Check("promtool check rules", display(rulesYml), withProjectPaths(result, RULES_YML, rulesYml));
    }

    /** promtool test rules: the rules' unit tests, with the rule file beside them as they expect. */
    public Check testRules(Path rulesYml, Path testsYml) {
        DockerRun.Result result = new DockerRun(prometheusImage)
                .mount(rulesYml, RULES_YML)
                .mount(testsYml, RULES_TEST_YML)
                .run("promtool", "test", "rules", RULES_TEST_YML);
        return new Check("promtool test rules", display(testsYml),
                withProjectPaths(result, RULES_TEST_YML, testsYml, RULES_YML, rulesYml));
    }

    public Check checkAlertmanagerConfig(Path alertmanagerYml) {
        DockerRun.Result result = new DockerRun(alertmanagerImage)
                .mount(alertmanagerYml, ALERTMANAGER_YML)
                .run("amtool", "check-config", ALERTMANAGER_YML);
        return new Check("amtool check-config", display(alertmanagerYml),
                withProjectPaths(result, ALERTMANAGER_YML, alertmanagerYml));
    }

    private String display(Path file) {
        Path absolute = file.toAbsolutePath();
        return absolute.startsWith(project.root()) ? project.relative(absolute) : absolute.toString();
    }

    /** pairs: container path, host path, ... */
    private DockerRun.Result withProjectPaths(DockerRun.Result result, Object... pairs) {
        String output = result.output();
        for (int i = 0; i < pairs.length; i += 2) {
            output = output.replace((String) pairs[i], display((Path) pairs[i + 1]));
        }
        return new DockerRun.Result(result.exitCode(), output);
    }
}
