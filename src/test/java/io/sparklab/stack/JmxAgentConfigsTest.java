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
        ConfigChecker.Check check = JmxAgentConfigs.check(PROJECT.root().resolve(JmxAgentConfigs.AGENT), config);
        assertThat(check.passed()).isFalse();
        assertThat(check.file()).isEqualTo("config/spark-driver-jmx-exporter.yaml");
        assertThat(check.output()).contains("PatternSyntaxException").contains("Unclosed group").doesNotContain("\tat ");
    }

    @Test
    void a_missing_agent_jar_says_what_stages_it(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("kafka-jmx-exporter.yaml"), "rules: []\n");
        ConfigChecker.Check check = JmxAgentConfigs.check(dir.resolve("no-agent.jar"), config);
        assertThat(check.passed()).isFalse();
        assertThat(check.describe()).contains("FAILED").contains("no-agent.jar is not there: mvn package stages it");
    }
}
