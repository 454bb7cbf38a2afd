package io.sparklab.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparklab.stack.LabProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HardenedAlertmanagerConfigTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path dir;

    @Test
    void webhooks_to_the_receiver_use_https_with_the_lab_ca_and_credentials_the_rest_is_unchanged() throws Exception {
        Path source = LabProject.current().config("alertmanager.yml");
        LabSecrets secrets = LabSecrets.create(dir, List.of("webhook-receiver"));
        JsonNode hardened = YAML.readTree(HardenedAlertmanagerConfig.write(source, Set.of("webhook-receiver"), secrets).toFile());
        JsonNode original = YAML.readTree(source.toFile());

        int webhooks = 0;
        for (int r = 0; r < original.path("receivers").size(); r++) {
            JsonNode before = original.path("receivers").get(r);
            JsonNode after = hardened.path("receivers").get(r);
            for (int w = 0; w < before.path("webhook_configs").size(); w++) {
                JsonNode hook = after.path("webhook_configs").get(w);
                String url = before.path("webhook_configs").get(w).path("url").asText();
                assertThat(url).startsWith("http://webhook-receiver:");
                assertThat(hook.path("url").asText()).as("receiver %s", before.path("name").asText())
                        .isEqualTo(url.replace("http://", "https://"));
                assertThat(hook.path("http_config").path("basic_auth").path("username").asText()).isEqualTo(LabSecrets.USER);
                assertThat(hook.path("http_config").path("basic_auth").path("password_file").asText())
                        .isEqualTo("/etc/lab/secrets/password");
                assertThat(hook.path("http_config").path("tls_config").path("ca_file").asText()).isEqualTo("/etc/lab/secrets/ca.crt");
                // Everything else of the webhook as it was (send_resolved...).
                ObjectNode rest = hook.deepCopy();
                rest.remove("http_config");
                rest.put("url", url);
                assertThat(rest).isEqualTo(before.path("webhook_configs").get(w));
                webhooks++;
            }
        }
        assertThat(webhooks).as("webhooks secured").isPositive();
        assertThat(hardened.path("route")).isEqualTo(original.path("route"));
        assertThat(hardened.path("inhibit_rules")).isEqualTo(original.path("inhibit_rules"));
        assertThat(Files.readString(secrets.file(HardenedAlertmanagerConfig.FILE))).doesNotContain(secrets.password());
    }

    @Test
    void a_config_without_a_webhook_to_the_secured_host_is_refused_by_name() {
        Path source = LabProject.current().config("alertmanager.yml");
        LabSecrets secrets = LabSecrets.create(dir, List.of("webhook-receiver"));
        assertThatThrownBy(() -> HardenedAlertmanagerConfig.write(source, Set.of("no-such-receiver"), secrets))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alertmanager.yml").hasMessageContaining("no-such-receiver");
    }

    @Test
    void a_url_in_upper_case_or_already_https_comes_out_https_with_its_path_and_query() throws Exception {
        Path source = receiverWithWebhooks("""
                      - url: HTTP://webhook-receiver:9095/alerts?team=a%20b
                      - url: https://webhook-receiver:9095/other
                """);
        JsonNode hooks = YAML.readTree(secure(source).toFile()).path("receivers").get(0).path("webhook_configs");
        assertThat(hooks.get(0).path("url").asText()).isEqualTo("https://webhook-receiver:9095/alerts?team=a%20b");
        assertThat(hooks.get(1).path("url").asText()).isEqualTo("https://webhook-receiver:9095/other");
    }

    @Test
    void a_webhook_with_its_own_http_config_is_named() throws Exception {
        Path source = receiverWithWebhooks("""
                      - url: http://webhook-receiver:9095/alerts
                        http_config: {follow_redirects: false}
                """);
        assertThatThrownBy(() -> secure(source))
                .hasMessageContaining(source.toString()).hasMessageContaining("receiver r").hasMessageContaining("http_config");
    }

    /** An alertmanager.yml of one route to receiver "r", whose webhook_configs are the given YAML list items. */
    private Path receiverWithWebhooks(String webhookItems) throws Exception {
        Path source = dir.resolve("alertmanager.yml");
        Files.writeString(source, """
                route: {receiver: r}
                receivers:
                  - name: r
                    webhook_configs:
                """ + webhookItems);
        return source;
    }

    private Path secure(Path source) {
        return HardenedAlertmanagerConfig.write(source, Set.of("webhook-receiver"), LabSecrets.create(dir, List.of("webhook-receiver")));
    }
}
