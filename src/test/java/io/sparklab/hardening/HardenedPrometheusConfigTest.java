package io.sparklab.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparklab.stack.LabProject;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HardenedPrometheusConfigTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** What the hardened stack secures: the exporter toolkit's services, the JMX agents and Spark's UIs. */
    private static final Set<String> SECURED = io.sparklab.stack.HardenedProfile.securedJobs();

    @TempDir
    Path dir;

    @Test
    void secured_jobs_and_the_alertmanager_client_use_https_with_the_lab_credentials_the_rest_is_unchanged() throws Exception {
        Path source = LabProject.current().config("prometheus.yml");
        LabSecrets secrets = LabSecrets.create(dir, List.of("prometheus"));
        JsonNode hardened = YAML.readTree(HardenedPrometheusConfig.write(source, "/etc/lab/config", SECURED,
                io.sparklab.stack.HardenedProfile.SPARK_TLS_PORTS, secrets).toFile());
        JsonNode original = YAML.readTree(source.toFile());

        assertThat(hardened.path("rule_files").get(0).asText()).isEqualTo("/etc/lab/config/alert-rules.yml");
        JsonNode alertmanager = hardened.path("alerting").path("alertmanagers").get(0);
        assertSecured("alerting", alertmanager);
        int jobs = 0;
        for (int i = 0; i < original.path("scrape_configs").size(); i++) {
            JsonNode before = original.path("scrape_configs").get(i);
            JsonNode after = hardened.path("scrape_configs").get(i);
            String job = before.path("job_name").asText();
            if (SECURED.contains(job)) {
                assertSecured(job, after);
                // DNS-SD targets are addresses: their certificate is checked against the name they were found by.
                assertThat(after.path("tls_config").path("server_name").asText(null)).as("job %s server_name", job)
                        .isEqualTo(job.equals("spark-executors") ? "spark-worker" : null);
                // The instance label as the project gives it, the address moved to the TLS port.
                JsonNode rules = after.path("relabel_configs");
                assertThat(rules.get(0).path("target_label").asText()).as("job %s first rule", job).isEqualTo("instance");
                assertThat(rules.toString()).as("job %s rules", job).contains("\"(.+):8080\"").contains("\"${1}:8480\"")
                        .contains("\"(.+):4040\"").contains("\"${1}:4440\"").contains("\"(.+):8081\"").contains("\"${1}:8481\"");
                if (before.has("relabel_configs")) {
                    assertThat(rules.size()).as("job %s: its own rules after the profile's", job)
                            .isEqualTo(before.path("relabel_configs").size() + 1 + io.sparklab.stack.HardenedProfile.SPARK_TLS_PORTS.size());
                }
                jobs++;
            } else {
                assertThat(after).as("job %s, not secured", job).isEqualTo(before);
            }
        }
        assertThat(jobs).isEqualTo(SECURED.size());
        assertThat(hardened.path("global")).isEqualTo(original.path("global"));
        assertThat(java.nio.file.Files.readString(secrets.file(HardenedPrometheusConfig.FILE))).doesNotContain(secrets.password());
    }

    @Test
    void a_secured_job_missing_from_the_source_is_named() {
        Path source = LabProject.current().config("prometheus.yml");
        LabSecrets secrets = LabSecrets.create(dir, List.of("prometheus"));
        assertThatThrownBy(() -> HardenedPrometheusConfig.write(source, "/etc/lab/config", Set.of("prometheus", "no-such-job"), secrets))
                .hasMessageContaining("prometheus.yml").hasMessageContaining("no-such-job");
    }

    @Test
    void a_secured_job_with_dns_targets_and_others_is_refused_naming_the_file_and_the_fields() throws Exception {
        Path source = dir.resolve("prometheus.yml");
        java.nio.file.Files.writeString(source, """
                scrape_configs:
                  - job_name: mixed
                    dns_sd_configs: [{names: [spark-worker], type: A, port: 7072}]
                    static_configs: [{targets: ['spark-master:7071']}]
                  - job_name: two-names
                    dns_sd_configs: [{names: [a]}, {names: [b]}]
                """);
        LabSecrets secrets = LabSecrets.create(dir, List.of("prometheus"));
        assertThatThrownBy(() -> HardenedPrometheusConfig.write(source, "/etc/lab/config", Set.of("mixed"), secrets))
                .hasMessageContaining(source.toString()).hasMessageContaining("mixed").hasMessageContaining("static_configs");
        assertThatThrownBy(() -> HardenedPrometheusConfig.write(source, "/etc/lab/config", Set.of("two-names"), secrets))
                .hasMessageContaining(source.toString()).hasMessageContaining("[a, b]").hasMessageContaining("dns_sd_configs");
    }

    private static void assertSecured(String what, JsonNode client) {
        assertThat(client.path("scheme").asText()).as("%s scheme", what).isEqualTo("https");
        assertThat(client.path("tls_config").path("ca_file").asText()).as("%s CA", what).isEqualTo("/etc/lab/secrets/ca.crt");
        assertThat(client.path("basic_auth").path("username").asText()).as("%s user", what).isEqualTo("lab");
        assertThat(client.path("basic_auth").path("password_file").asText()).as("%s password file", what)
                .isEqualTo("/etc/lab/secrets/password");
    }
}
