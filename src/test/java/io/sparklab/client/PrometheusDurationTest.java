package io.sparklab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PrometheusDurationTest {
    /** Every unit Prometheus' parser takes, alone and together (a `for: 1d` read as 0 s would have put an alert's floor at its scrape). */
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"0, PT0S", "0s, PT0S", "500ms, PT0.5S", "30s, PT30S", "1m30s, PT1M30S", "2h, PT2H", "1d, PT24H", "1w, PT168H",
            "1y, PT8760H", "1d12h, PT36H", "1h0m5s500ms, PT1H5.5S"})
    void reads_every_unit_prometheus_takes(String text, Duration expected) {
        assertThat(PrometheusDuration.parse(text)).isEqualTo(expected);
    }

    /** A bare number, units out of order or repeated, a decimal, a unit Prometheus lacks: errors, not zero. */
    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"90", "", "30s1m", "1m1m", "1.5m", "5min", "-5s", "s"})
    void anything_else_is_an_error_saying_what_was_read(String text) {
        assertThatThrownBy(() -> PrometheusDuration.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'" + text + "' is not a Prometheus duration");
    }

    /** A window from a moment to now, 10 s of slack on top; one Prometheus reads back as at least that long. */
    @Test
    void a_window_since_a_moment_reaches_back_past_it() {
        String window = PrometheusDuration.since(Instant.now().minusSeconds(125));

        assertThat(PrometheusDuration.parse(window)).isBetween(Duration.ofSeconds(135), Duration.ofSeconds(137));
        assertThat(PrometheusDuration.since(Instant.now().plusSeconds(30))).as("a moment ahead of this clock").isEqualTo("10s");
    }
}
