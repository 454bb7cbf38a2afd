package io.sparklab.grading.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LiveQueriesTest {
    @Test
    void poll_until_returns_the_first_answer_that_is_done() {
        AtomicInteger asked = new AtomicInteger();
        assertThat(LiveQueries.pollUntil(Duration.ofSeconds(10), asked::incrementAndGet, n -> n >= 2)).isEqualTo(2);
        assertThat(asked).hasValue(2);
    }

    @Test
    void poll_until_returns_the_last_answer_when_none_is_done_in_time() {
        // The check then says what it saw ("it reached /alerts, not /data-team"), not only that time ran out.
        AtomicInteger asked = new AtomicInteger();
        String last = LiveQueries.pollUntil(Duration.ofMillis(1500), () -> "answer " + asked.incrementAndGet(), a -> false);
        assertThat(asked.get()).as("answers asked for in 1.5 s, once a second").isGreaterThan(1);
        assertThat(last).isEqualTo("answer " + asked.get());
    }

    @Test
    void call_of_finds_a_functions_whole_call_and_skips_parentheses_in_strings() {
        String rule = "min by (device) (x / y) < 0.4 and min by (device) (predict_linear(node_filesystem_avail_bytes"
                + "{fstype!~\"(tmpfs|overlay)\"}[6h], 24 * 3600)) < 0";
        assertThat(LiveQueries.callOf(rule, "predict_linear"))
                .hasValue("predict_linear(node_filesystem_avail_bytes{fstype!~\"(tmpfs|overlay)\"}[6h], 24 * 3600)");
        assertThat(LiveQueries.callOf("deriv(x[5m]) > 0", "predict_linear")).isEmpty();
        assertThat(LiveQueries.callOf("predict_linear(x[6h], 3600", "predict_linear")).as("not closed").isEmpty();
        assertThat(LiveQueries.callOf("my_predict_linear(x) + predict_linear(y[1h], 60)", "predict_linear")).hasValue("predict_linear(y[1h], 60)");
    }

    @Test
    void prometheus_error_is_its_own_words_out_of_the_answer() {
        String message = "Prometheus /api/v1/query [sum by (app (x)]: GET http://localhost:9090/api/v1/query?query=sum answered 400: "
                + "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"query\\\": 1:13: parse error: "
                + "unexpected \\\"(\\\"\"}";
        assertThat(LiveQueries.prometheusError(message)).isEqualTo("invalid parameter \"query\": 1:13: parse error: unexpected \"(\"");
        assertThat(LiveQueries.prometheusError("connection refused")).as("no error field: the whole message").isEqualTo("connection refused");
    }
}
