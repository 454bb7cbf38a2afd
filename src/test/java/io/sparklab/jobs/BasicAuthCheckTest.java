package io.sparklab.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class BasicAuthCheckTest {
    /** Few iterations: the check's logic, not PBKDF2's cost, is under test. */
    private static final int ITERATIONS = 1000;
    private final BasicAuthCheck check = new BasicAuthCheck("lab", BasicAuthCheck.hash("s3cret:with colon", "salt", ITERATIONS, 32),
            "salt", ITERATIONS, 32);

    @Test
    void the_user_and_password_pass_in_a_basic_header_and_nothing_else_does() {
        assertThat(check.allows(basic("lab", "s3cret:with colon"))).isTrue();
        assertThat(check.allows(basic("lab", "s3cret:with colon"))).as("again (remembered)").isTrue();
        assertThat(check.allows("basic " + Base64.getEncoder().encodeToString("lab:s3cret:with colon".getBytes(StandardCharsets.UTF_8))))
                .as("the scheme in lower case").isTrue();
        assertThat(check.allows(basic("lab", "s3cret"))).as("a wrong password").isFalse();
        assertThat(check.allows(basic("admin", "s3cret:with colon"))).as("another user").isFalse();
        assertThat(check.allows(null)).as("no header").isFalse();
        assertThat(check.allows("Bearer abc")).as("another scheme").isFalse();
        assertThat(check.allows("Basic not base64!")).as("a broken header").isFalse();
        assertThat(check.allows("Basic " + Base64.getEncoder().encodeToString("lab".getBytes(StandardCharsets.UTF_8))))
                .as("no colon").isFalse();
    }

    @Test
    void the_hash_is_the_jmx_agents_pbkdf2() {
        // The same vector as HardenedJmxExporterConfigTest: both configs hash the lab password one way.
        assertThat(BasicAuthCheck.hash("correct horse", "lab-salt", 600_000, 32))
                .isEqualTo("ba3d85ef1178cdd16026329b08d8174dc915f405461eeba9bbe2e53cc9a6b90b");
    }

    @Test
    void bad_settings_are_named() {
        assertThatThrownBy(() -> new BasicAuthCheck("lab", "not hex", "salt", 1, 32)).hasMessageContaining("passwordHash");
        assertThatThrownBy(() -> new BasicAuthCheck("a:b", "00", "salt", 1, 32)).hasMessageContaining("user");
        assertThatThrownBy(() -> new BasicAuthCheck("lab", "00", "salt", 0, 32)).hasMessageContaining("iterations");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
