package io.sparklab.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparklab.stack.LabProject;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HardenedSparkDefaultsTest {
    @TempDir
    Path dir;

    @Test
    void the_projects_settings_then_rpc_authentication_and_encryption_with_the_runs_secret() throws Exception {
        Path source = LabProject.current().config("spark-defaults.conf");
        LabSecrets secrets = LabSecrets.create(dir, List.of("spark-master"));
        Properties project = load(source);
        Properties hardened = load(HardenedSparkDefaults.write(source, secrets));

        project.forEach((key, value) -> assertThat(hardened.getProperty((String) key)).as("%s kept", key).isEqualTo(value));
        assertThat(hardened.getProperty("spark.authenticate")).isEqualTo("true");
        assertThat(hardened.getProperty("spark.network.crypto.enabled")).isEqualTo("true");
        assertThat(hardened.getProperty("spark.authenticate.secret")).isEqualTo(secrets.sparkSecret()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(LabSecrets.create(dir, List.of("spark-master")).sparkSecret()).as("a new secret per run").isNotEqualTo(secrets.sparkSecret());
    }

    @Test
    void every_ui_serves_tls_with_the_key_store_and_asks_for_the_lab_users_password() throws Exception {
        Path source = LabProject.current().config("spark-defaults.conf");
        LabSecrets secrets = LabSecrets.create(dir, List.of("spark-master"));
        Properties hardened = load(HardenedSparkDefaults.write(source, secrets));

        assertThat(hardened.getProperty("spark.ssl.enabled")).isEqualTo("true");
        assertThat(hardened.getProperty("spark.ssl.keyStore")).isEqualTo("/etc/lab/secrets/server.p12");
        assertThat(hardened.getProperty("spark.ssl.keyStoreType")).isEqualTo("PKCS12");
        assertThat(hardened.getProperty("spark.ssl.keyStorePassword")).isEqualTo(secrets.keyStorePassword());
        // The key store opens with that password, and holds the server key under its alias.
        java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(secrets.file(LabSecrets.KEY_STORE))) {
            keys.load(in, hardened.getProperty("spark.ssl.keyStorePassword").toCharArray());
        }
        assertThat(keys.isKeyEntry(LabSecrets.KEY_STORE_ALIAS)).isTrue();

        String filter = io.sparklab.jobs.UiBasicAuthFilter.class.getName();
        assertThat(hardened.getProperty("spark.ui.filters")).isEqualTo(filter);
        String param = "spark." + filter + ".param.";
        assertThat(hardened.getProperty(param + "user")).isEqualTo(LabSecrets.USER);
        // The settings check the run's password, and no other; the password itself is not in the file.
        var check = new io.sparklab.jobs.BasicAuthCheck(hardened.getProperty(param + "user"), hardened.getProperty(param + "passwordHash"),
                hardened.getProperty(param + "salt"), Integer.parseInt(hardened.getProperty(param + "iterations")),
                Integer.parseInt(hardened.getProperty(param + "keyLength")));
        assertThat(check.allows(LabSecrets.USER, secrets.password())).isTrue();
        assertThat(check.allows(LabSecrets.USER, "not-the-password")).isFalse();
        assertThat(Files.readString(secrets.file(HardenedSparkDefaults.FILE))).doesNotContain(secrets.password());
    }

    /** As Spark reads spark-defaults.conf: a Java properties file (whitespace separates key and value). */
    private static Properties load(Path file) throws Exception {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }

    @Test
    void a_setting_the_profile_sets_again_is_refused_naming_its_line() throws Exception {
        Path source = Files.writeString(dir.resolve("spark-defaults.conf"), """
                # the project's settings
                spark.eventLog.enabled   true
                spark.ssl.keyStore       /etc/my/keys.p12
                """);
        LabSecrets secrets = LabSecrets.create(dir, List.of("spark-master"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HardenedSparkDefaults.write(source, secrets))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(source + ":3: spark.ssl.keyStore is set by the hardened profile");
        Files.writeString(source, "spark.ssl.enabled=false\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HardenedSparkDefaults.write(source, secrets))
                .hasMessageStartingWith(source + ":1: spark.ssl.enabled is set by the hardened profile");
        Files.writeString(source, "# spark.authenticate true\nspark.authenticated.note x\nspark.ssl.protocol TLSv1.3\n"
                + "spark.authenticate.enableSaslEncryption false\n");
        assertThat(HardenedSparkDefaults.write(source, secrets)).exists();
    }

    /** The project's own UI filters are kept, after the lab's basic auth (Spark keeps only the last spark.ui.filters line). */
    @Test
    void the_projects_own_ui_filters_run_after_the_labs_basic_auth() throws Exception {
        Path source = Files.writeString(dir.resolve("spark-defaults.conf"), """
                spark.ui.filters   com.example.AuditFilter, com.example.HeaderFilter
                spark.com.example.AuditFilter.param.level   full
                """);
        LabSecrets secrets = LabSecrets.create(dir, List.of("spark-master"));
        Properties hardened = load(HardenedSparkDefaults.write(source, secrets));
        String lab = io.sparklab.jobs.UiBasicAuthFilter.class.getName();
        assertThat(hardened.getProperty("spark.ui.filters")).isEqualTo(lab + ",com.example.AuditFilter,com.example.HeaderFilter");
        assertThat(hardened.getProperty("spark.com.example.AuditFilter.param.level")).isEqualTo("full");

        Files.writeString(source, "spark.ui.filters=" + lab + ",com.example.AuditFilter\n");
        assertThat(load(HardenedSparkDefaults.write(source, secrets)).getProperty("spark.ui.filters"))
                .as("the lab's filter named once").isEqualTo(lab + ",com.example.AuditFilter");
    }
}
