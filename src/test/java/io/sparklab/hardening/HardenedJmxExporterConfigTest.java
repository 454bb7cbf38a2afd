package io.sparklab.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HardenedJmxExporterConfigTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    static Path parent;
    private static LabSecrets secrets;

    @BeforeAll
    static void make() {
        secrets = LabSecrets.create(parent, List.of("spark-master", "spark-worker"));
    }

    @Test
    void the_hardened_copy_keeps_the_projects_rules_and_adds_tls_and_basic_auth() throws Exception {
        Path source = io.sparklab.stack.LabProject.current().config("spark-driver-jmx-exporter.yaml");
        Path written = HardenedJmxExporterConfig.write(source, secrets);
        assertThat(written).isEqualTo(secrets.file("spark-driver-jmx-exporter.yaml"));

        JsonNode project = YAML.readTree(source.toFile());
        JsonNode hardened = YAML.readTree(written.toFile());
        assertThat(hardened.path("rules")).as("the project's rules, unchanged").isEqualTo(project.path("rules"));
        assertThat(hardened.path("includeObjectNames")).isEqualTo(project.path("includeObjectNames"));

        JsonNode ssl = hardened.path("httpServer").path("ssl");
        assertThat(ssl.path("keyStore").path("filename").asText()).isEqualTo(LabSecrets.inContainer(LabSecrets.KEY_STORE));
        assertThat(ssl.path("keyStore").path("password").asText()).isEqualTo(secrets.keyStorePassword());
        assertThat(ssl.path("certificate").path("alias").asText()).isEqualTo(LabSecrets.KEY_STORE_ALIAS);

        JsonNode basic = hardened.path("httpServer").path("authentication").path("basic");
        assertThat(basic.path("username").asText()).isEqualTo(LabSecrets.USER);
        assertThat(basic.path("algorithm").asText()).isEqualTo("PBKDF2WithHmacSHA256");
        assertThat(basic.path("keyLength").asInt()).as("key length, in bytes as the agent reads it").isEqualTo(32);
        assertThat(basic.path("passwordHash").asText())
                .as("the hash of the lab's password with the salt written beside it")
                .isEqualTo(HardenedJmxExporterConfig.hash(secrets.password(), basic.path("salt").asText()))
                .doesNotContain(secrets.password());
        assertThat(Files.readString(written)).as("the password itself is not in the file").doesNotContain(secrets.password());
    }

    @Test
    void the_hash_is_pbkdf2_hmac_sha256_as_the_agent_computes_it() {
        // Computed apart from this code: python3 -c "import hashlib; print(hashlib.pbkdf2_hmac('sha256',
        //   b'correct horse', b'lab-salt', 600000, 32).hex())"
        assertThat(HardenedJmxExporterConfig.hash("correct horse", "lab-salt"))
                .isEqualTo("ba3d85ef1178cdd16026329b08d8174dc915f405461eeba9bbe2e53cc9a6b90b");
    }

    @Test
    void the_key_store_holds_the_spark_key_and_chain_under_the_lower_case_alias() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(secrets.file(LabSecrets.KEY_STORE))) {
            store.load(in, secrets.keyStorePassword().toCharArray());
        }
        assertThat(Collections.list(store.aliases())).containsExactly(LabSecrets.KEY_STORE_ALIAS);
        assertThat(store.getKey(LabSecrets.KEY_STORE_ALIAS, secrets.keyStorePassword().toCharArray())).isInstanceOf(PrivateKey.class);
        assertThat(store.getCertificateChain(LabSecrets.KEY_STORE_ALIAS)).containsExactly(secrets.sparkCertificate(), secrets.caCertificate());
        assertThat((X509Certificate) store.getCertificate(LabSecrets.KEY_STORE_ALIAS)).isEqualTo(secrets.sparkCertificate());
    }

    @Test
    void a_project_file_with_its_own_http_server_section_is_refused_by_name() throws Exception {
        Path source = parent.resolve("agent-with-server.yaml");
        Files.writeString(source, "rules:\n  - pattern: '.*'\nhttpServer:\n  authentication: {}\n");
        assertThatThrownBy(() -> HardenedJmxExporterConfig.write(source, secrets))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(source.toString()).hasMessageContaining("httpServer");
    }
}
