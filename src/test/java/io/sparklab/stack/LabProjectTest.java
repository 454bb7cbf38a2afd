package io.sparklab.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabProjectTest {
    @Test
    void a_config_file_that_is_not_yaml_is_named_with_its_line(@TempDir Path root) throws IOException {
        Path config = Files.createDirectories(root.resolve("config"));
        // A tab where YAML wants spaces: the mistake a student makes when they indent a rule by hand.
        Files.writeString(config.resolve("alert-rules.yml"), "groups:\n  - name: lab\n    rules:\n\t- alert: X\n");
        Files.writeString(config.resolve("prometheus.yml"), "global: {scrape_interval: 5s}\n");
        LabProject project = new LabProject(root);

        assertThat(project.configYaml("prometheus.yml").at("/global/scrape_interval").asText()).isEqualTo("5s");
        assertThatThrownBy(() -> project.configYaml("alert-rules.yml")).isInstanceOf(LabException.class)
                .hasMessageStartingWith("config/alert-rules.yml is not valid YAML: ")
                .hasMessageContaining("line 4");
        assertThatThrownBy(() -> project.configYaml("alertmanager.yml")).isInstanceOf(LabException.class)
                .hasMessageStartingWith("Cannot read config/alertmanager.yml");
    }
}
