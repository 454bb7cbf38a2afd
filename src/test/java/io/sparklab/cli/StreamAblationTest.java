package io.sparklab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamAblationTest {
    /** The settings as a set of "key=value" (the order of --conf pairs does not matter). */
    private static Set<String> settings(List<String> args) {
        Set<String> set = new HashSet<>();
        for (int i = 0; i < args.size(); i += 2) {
            assertThat(args.get(i)).isEqualTo("--conf");
            set.add(args.get(i + 1));
        }
        return set;
    }

    @Test
    void its_ends_are_the_benchmarks_plain_and_instrumented_runs() {
        Map<String, List<String>> variants = StreamAblation.settings();
        assertThat(variants.keySet()).containsExactly("plain", "JMX agents only", "Spark metrics only", "lab listener only", "all");
        assertThat(settings(variants.get("plain"))).isEqualTo(settings(StreamBenchmark.PLAIN));
        assertThat(settings(variants.get("all"))).isEqualTo(settings(StreamBenchmark.INSTRUMENTED));
    }

    @Test
    void each_middle_variant_turns_on_one_instrument_and_leaves_tracing_off() {
        Map<String, List<String>> variants = StreamAblation.settings();
        assertThat(settings(variants.get("JMX agents only"))).contains("spark.lab.listener=false", "spark.ui.prometheus.enabled=false")
                .doesNotContain("spark.driver.extraJavaOptions=", "spark.executor.extraJavaOptions=");
        assertThat(settings(variants.get("Spark metrics only"))).contains("spark.driver.extraJavaOptions=", "spark.lab.listener=false")
                .doesNotContain("spark.sql.streaming.metricsEnabled=false", "spark.metrics.appStatusSource.enabled=false");
        assertThat(settings(variants.get("lab listener only"))).contains("spark.driver.extraJavaOptions=", "spark.ui.prometheus.enabled=false")
                .doesNotContain("spark.lab.listener=false");
        variants.values().forEach(v -> assertThat(settings(v)).contains("spark.lab.tracing=false"));
    }
}
