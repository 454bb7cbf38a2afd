package io.sparklab.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ETL job's arguments: every bad one is refused with a message that names it. */
class EtlOptionsTest {
    @Test
    void defaults_match_the_usage() {
        EtlOptions o = EtlOptions.parse();
        assertThat(o.master()).isEqualTo("spark://spark-master:7077");
        assertThat(o.output()).isEqualTo("/data/etl_output");
        assertThat(EtlOptions.USAGE).contains("default " + o.rows()).contains("default " + o.seed());
    }

    @Test
    void options_parse() {
        EtlOptions o = EtlOptions.parse("--rows", "1_000", "--seed", "7", "--fail-task-share", "0.5", "--fail-job",
                "--hold-heap-share", "0.9", "--hold-seconds", "5", "--pushgateway", "");
        assertThat(o.rows()).isEqualTo(1000);
        assertThat(o.seed()).isEqualTo(7);
        assertThat(o.failTaskShare()).isEqualTo(0.5);
        assertThat(o.failJob()).isTrue();
        assertThat(o.holdHeapShare()).isEqualTo(0.9);
        assertThat(o.pushgateway()).isEmpty();
        assertThat(EtlOptions.parse("--prometheus", " https://prometheus:9090 ").prometheus()).isEqualTo("https://prometheus:9090");
        assertThat(EtlOptions.parse("--prometheus", "").prometheus()).as("no wait").isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "--rows, 0, --rows must be at least 1",
        "--rows, many, --rows must be a whole number",
        "--bad-per-mille, 1001, --bad-per-mille must be between 0 and 1000",
        "--partitions, 20000, --partitions must be between 1 and 10000, got 20000",
        "--fail-task-share, 2, --fail-task-share must be a number from 0 to 1",
        "--hold-heap-share, 0.99, --hold-heap-share must be at most 0.95",
        "--colour, red, unknown option --colour",
        "--prometheus, prometheus:9090, --prometheus must be an http(s) URL such as http://prometheus:9090",
        "--prometheus, http://prom etheus:9090, --prometheus must be an http(s) URL",
        "--prometheus, localhost, --prometheus must be an http(s) URL",
    })
    void a_bad_argument_is_named(String option, String value, String message) {
        assertThatThrownBy(() -> EtlOptions.parse(option, value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void a_missing_value_is_named() {
        assertThatThrownBy(() -> EtlOptions.parse("--rows")).hasMessage("--rows needs a value");
    }

    @Test
    void endpoint_auth_is_off_by_default_and_its_options_go_together(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        assertThat(EtlOptions.parse().auth().authorization()).isNull();

        java.nio.file.Path password = java.nio.file.Files.writeString(dir.resolve("password"), "s3cret\n");
        EtlOptions o = EtlOptions.parse("--basic-auth-user", "lab", "--basic-auth-password-file", password.toString());
        assertThat(o.auth().authorization()).as("the password file's content, without its line end")
                .isEqualTo("Basic " + java.util.Base64.getEncoder().encodeToString("lab:s3cret".getBytes()));

        assertThatThrownBy(() -> EtlOptions.parse("--basic-auth-user", "lab"))
                .hasMessageContaining("--basic-auth-user and --basic-auth-password-file go together");
        assertThatThrownBy(() -> EtlOptions.parse("--basic-auth-user", "lab", "--basic-auth-password-file", dir.resolve("none").toString()))
                .hasMessageContaining("--basic-auth-password-file").hasMessageContaining("no such readable file");
        assertThatThrownBy(() -> EtlOptions.parse("--ca-file", dir.resolve("ca.crt").toString()))
                .hasMessageContaining("--ca-file").hasMessageContaining("no such readable file");
        java.nio.file.Path notACertificate = java.nio.file.Files.writeString(dir.resolve("empty.crt"), "");
        assertThatThrownBy(() -> EtlOptions.parse("--ca-file", notACertificate.toString()))
                .hasMessageContaining("--ca-file " + notACertificate);
    }
}
