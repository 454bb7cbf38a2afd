package io.sparklab.exercises;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparklab.client.HttpJson;
import io.sparklab.client.LabTrust;
import io.sparklab.hardening.LabSecrets;
import io.sparklab.stack.ImageBuilder;
import io.sparklab.stack.LabImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import okhttp3.Credentials;
import okhttp3.Request;
import okhttp3.Response;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * Exercise 21: the hardened profile's web config gets a second user, {@code grafana}, with a password
 * of its own (file grafana-password beside password), so the dashboards' reads and the lab's own
 * requests can be told apart and one revoked without the other. Checked on the files LabSecrets
 * writes, then on the lab's own Prometheus started with them.
 */
@Exercise
class Exercise21SecondUserTest {
    static final String USER = "grafana";
    static final String PASSWORD_FILE = "grafana-password";

    @TempDir
    Path dir;

    @Test
    void the_web_config_has_a_grafana_user_with_a_password_of_its_own() throws IOException {
        LabSecrets secrets = LabSecrets.create(dir, List.of("prometheus"));
        String password = grafanaPassword(secrets);
        assertThat(password).as("the grafana user's password: random, at least 24 characters").hasSizeGreaterThanOrEqualTo(24)
                .isNotEqualTo(secrets.password());
        assertThat(Files.readString(LabSecrets.create(dir, List.of("prometheus")).file(PASSWORD_FILE)).strip())
                .as("a new password for every set of secrets").isNotEqualTo(password);

        String text = Files.readString(secrets.file(LabSecrets.WEB_CONFIG));
        JsonNode users = new ObjectMapper(new YAMLFactory()).readTree(text).path("basic_auth_users");
        assertThat(users.has(LabSecrets.USER)).as("basic_auth_users keeps %s", LabSecrets.USER).isTrue();
        assertThat(users.has(USER)).as("basic_auth_users has %s", USER).isTrue();
        String hash = users.path(USER).asText();
        assertThat(hash).as("the grafana user's entry is a bcrypt hash").startsWith("$2");
        assertThat(OpenBSDBCrypt.checkPassword(hash, password.toCharArray())).as("its hash is of its password").isTrue();
        assertThat(OpenBSDBCrypt.checkPassword(hash, secrets.password().toCharArray())).as("not of the lab user's").isFalse();
        assertThat(text).as("the web config holds no password in clear").doesNotContain(password);
    }

    @Test
    void prometheus_lets_the_grafana_user_query_with_its_own_password_only() throws IOException {
        LabSecrets secrets = LabSecrets.create(dir, List.of("prometheus"));
        String password = grafanaPassword(secrets);

        try (GenericContainer<?> prometheus = new GenericContainer<>(new ImageBuilder(ExerciseTools.PROJECT).resolve(LabImage.PROMETHEUS))) {
            for (String file : List.of(LabSecrets.WEB_CONFIG, LabSecrets.SERVER_CERT, LabSecrets.SERVER_KEY)) {
                prometheus.withFileSystemBind(secrets.file(file).toString(), LabSecrets.inContainer(file), BindMode.READ_ONLY);
            }
            // Debian's package ships a prometheus.yml that scrapes Prometheus itself: enough to query.
            prometheus.withCommand("--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus",
                            "--web.config.file=" + LabSecrets.inContainer(LabSecrets.WEB_CONFIG))
                    .withExposedPorts(9090)
                    .waitingFor(Wait.forHttp("/-/ready").forPort(9090).usingTls().allowInsecure()
                            .withBasicCredentials(LabSecrets.USER, secrets.password()));
            prometheus.start();
            LabTrust.trust(secrets.caCertificate());
            String query = "https://" + prometheus.getHost() + ":" + prometheus.getMappedPort(9090) + "/api/v1/query?query=up";

            assertThat(status(query, USER, password)).as("GET %s as %s with its password", query, USER).isEqualTo(200);
            assertThat(status(query, USER, secrets.password())).as("as %s with the lab user's password", USER).isEqualTo(401);
            assertThat(status(query, LabSecrets.USER, secrets.password())).as("as %s, still", LabSecrets.USER).isEqualTo(200);
        }
    }

    private static String grafanaPassword(LabSecrets secrets) throws IOException {
        Path file = secrets.file(PASSWORD_FILE);
        assertThat(file).as("LabSecrets writes the grafana user's password to %s", PASSWORD_FILE).exists();
        return Files.readString(file).strip();
    }

    private static int status(String url, String user, String password) throws IOException {
        Request request = new Request.Builder().url(url).header("Authorization", Credentials.basic(user, password)).build();
        try (Response response = HttpJson.client().newCall(request).execute()) {
            return response.code();
        }
    }
}
