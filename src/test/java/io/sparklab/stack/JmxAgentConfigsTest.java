package io.sparklab.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JMX agent's configs, checked by the agent jar the build stages (no Docker). */
class JmxAgentConfigsTest {
    private static final LabProject PROJECT = LabProject.current();

    @Test
    void the_projects_three_configs_pass() {
        assertThat(JmxAgentConfigs.check(PROJECT)).extracting(ConfigChecker.Check::file)
                .containsExactly("config/kafka-jmx-exporter.yaml", "config/spark-driver-jmx-exporter.yaml", "config/spark-executor-jmx-exporter.yaml");
        assertThat(JmxAgentConfigs.check(PROJECT)).allSatisfy(c -> assertThat(c.passed()).as(c.describe()).isTrue());
    }

    @Test
    void a_rule_whose_pattern_is_no_regex_fails_with_the_agents_reason(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("spark-driver-jmx-exporter.yaml"), """
                rules:
                  - pattern: 'java.lang<type=(Threading><>ThreadCount'
                    name: jvm_threads_live
                """);
        var result = JmxAgentConfigs.run(PROJECT.root().resolve(JmxAgentConfigs.AGENT), config);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.output()).contains("PatternSyntaxException").contains("Unclosed group").doesNotContain("\tat ");
    }
}
