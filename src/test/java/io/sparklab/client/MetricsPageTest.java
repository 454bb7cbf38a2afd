package io.sparklab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pages as the lag exporter, the JMX agent and the lab's listener write them. */
class MetricsPageTest {
    private static final String PAGE = """
            # HELP kafka_consumergroup_current_offset Current Offset of a ConsumerGroup at Topic/Partition
            # TYPE kafka_consumergroup_current_offset gauge
            kafka_consumergroup_current_offset{consumergroup="spark-windows",partition="0",topic="transactions"} 4800
            kafka_consumergroup_current_offset{consumergroup="spark-windows",partition="1",topic="transactions"} 4800
            kafka_consumergroup_current_offset{consumergroup="spark-windows-old",partition="0",topic="transactions"} 7
            kafka_consumergroup_current_offset{consumergroup="spark-quarantine",partition="0",topic="transactions"} 4799 1767225600000
            kafka_lag_exporter_up 1

            spark_streaming_batch_duration_seconds_bucket{query="windows",le="+Inf"} 12
            spark_streaming_batch_duration_seconds_sum{query="windows"} 8.5
            spark_streaming_batch_duration_seconds_count{query="windows"} 12
            spark_streaming_offset_commits_total{query="windows", status="ok"} 11
            jvm_info{version="17.0.13+11",vendor="a \\"quoted\\" one, with a comma} and a brace"} 1
            spark_streaming_watermark_delay_seconds{query="windows"} NaN
            """;

    @Test
    void sums_the_samples_that_carry_every_label_asked_with_that_exact_value() {
        MetricsPage page = MetricsPage.parse(PAGE, "lag exporter");

        // "spark-windows-old" contains "spark-windows" but is another group
        assertThat(page.sum("kafka_consumergroup_current_offset", Map.of("consumergroup", "spark-windows"))).isEqualTo(9600);
        assertThat(page.sum("kafka_consumergroup_current_offset", Map.of("topic", "transactions"))).isEqualTo(14_406);
        // a timestamp after the value is not the value
        assertThat(page.sum("kafka_consumergroup_current_offset", Map.of("consumergroup", "spark-quarantine"))).isEqualTo(4799);
        assertThat(page.sum("kafka_lag_exporter_up")).isEqualTo(1);
        assertThat(page.sum("spark_streaming_offset_commits_total", Map.of("status", "failed"))).as("a counter not created yet").isZero();
        assertThat(page.sum("spark_streaming_offset_commits_total", Map.of("query", "windows", "status", "ok"))).isEqualTo(11);
    }

    @Test
    void reads_escaped_label_values_and_the_special_values() {
        MetricsPage page = MetricsPage.parse(PAGE, "page");

        assertThat(page.samples("jvm_info", Map.of()).get(0).labels())
                .containsEntry("vendor", "a \"quoted\" one, with a comma} and a brace").containsEntry("version", "17.0.13+11");
        assertThat(page.samples("spark_streaming_watermark_delay_seconds", Map.of()).get(0).value()).isNaN();
        assertThat(page.samples("spark_streaming_batch_duration_seconds_bucket", Map.of("le", "+Inf"))).hasSize(1);
    }

    @Test
    void lists_families_with_a_histograms_series_under_its_name() {
        assertThat(MetricsPage.parse(PAGE, "page").families("spark_streaming_"))
                .containsExactly("spark_streaming_batch_duration_seconds", "spark_streaming_offset_commits_total",
                        "spark_streaming_watermark_delay_seconds");
    }

    @Test
    void a_line_that_is_not_a_sample_is_an_error_naming_the_page_and_line() {
        assertThatThrownBy(() -> MetricsPage.parse("up 1\nbroken{job=\"x\" 1\n", "http://kafka:7075/metrics"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http://kafka:7075/metrics line 2").hasMessageContaining("broken{job=\"x\" 1");
        assertThatThrownBy(() -> MetricsPage.parse("up one\n", "page")).hasMessageContaining("page line 1");
    }
}
