package io.sparklab.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A config file the checks mount but the student deleted or renamed is named, before Docker is asked:
 * a bind mount of a missing path makes Docker create an empty root-owned folder there, in config/.
 */
class MissingConfigFileTest {
    @Test
    void a_one_off_refuses_to_mount_what_does_not_exist(@TempDir Path dir) {
        Path missing = dir.resolve("alert-rules.test.yml");

        assertThatThrownBy(() -> new DockerRun("sparklab/prometheus:any").mount(missing, "/etc/lab/config/alert-rules.test.yml"))
                .isInstanceOf(LabException.class)
                .hasMessage("Missing " + missing + " (needed by sparklab/prometheus:any at /etc/lab/config/alert-rules.test.yml)");
        assertThat(missing).as("nothing made in its place").doesNotExist();
    }

    @Test
    void the_rule_tests_check_fails_naming_the_missing_file(@TempDir Path root) throws IOException {
        Path config = Files.createDirectories(root.resolve("config"));
        Files.writeString(config.resolve("alert-rules.yml"), "groups: []\n");
        ConfigChecker checker = new ConfigChecker(new LabProject(root), "sparklab/prometheus:any", "sparklab/alertmanager:any");

        ConfigChecker.Check check = checker.testRules(config.resolve("alert-rules.yml"), config.resolve("alert-rules.test.yml"));

        assertThat(check.passed()).isFalse();
        assertThat(check.describe()).isEqualTo("promtool test rules config/alert-rules.test.yml: FAILED\n"
                + "missing config/alert-rules.test.yml (promtool reads it)");
        assertThat(config.resolve("alert-rules.test.yml")).as("nothing made in its place").doesNotExist();
    }
}
