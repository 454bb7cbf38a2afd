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

    /** As Spark reads spark-defaults.conf: a Java properties file (whitespace separates key and value). */
    private static Properties load(Path file) throws Exception {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }
}
