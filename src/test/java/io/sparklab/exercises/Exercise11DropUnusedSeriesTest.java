package io.sparklab.exercises;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparklab.stack.ConfigChecker;
import io.sparklab.stack.ImageBuilder;
import io.sparklab.stack.LabImage;
import io.sparklab.support.MetricsReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Exercise 11: drop the driver's series nobody uses at scrape time (metric_relabel_configs), and
 * prove none of the series the lab does use is dropped: every metric named in docs/metrics.md, the
 * dashboards and the rules must survive the student's regex.
 */
@Exercise
class Exercise11DropUnusedSeriesTest {
    /** The JVM agent's buffer-pool and class-loading series: exported by the driver, used by nothing. */
    static final List<String> UNUSED = List.of("jvm_buffer_pool_used_bytes", "jvm_buffer_pool_capacity_bytes",
            "jvm_buffer_pool_used_buffers", "jvm_classes_currently_loaded", "jvm_classes_loaded_total", "jvm_classes_unloaded_total");
    private static final Pattern METRIC_NAME = Pattern.compile("\\b((?:jvm|spark|etl|node|process|up)[a-zA-Z0-9_:]*)\\b");

    @Test
    void the_spark_driver_job_drops_the_unused_series_and_keeps_every_used_one() throws IOException {
        JsonNode config = ExerciseTools.config("prometheus.yml");
        JsonNode driver = null;
        for (JsonNode job : config.path("scrape_configs")) {
            driver = job.path("job_name").asText().equals("spark-driver") ? job : driver;
        }
        assertThat(driver).as("job spark-driver in config/prometheus.yml").isNotNull();
        Pattern drop = null;
        for (JsonNode rule : driver.path("metric_relabel_configs")) {
            boolean byName = rule.path("source_labels").size() == 1 && rule.path("source_labels").get(0).asText().equals("__name__");
            if (byName && rule.path("action").asText().equals("drop")) {
                // Prometheus anchors relabel regexes: ^(?:regex)$
                drop = Pattern.compile("^(?:" + rule.path("regex").asText() + ")$");
            }
        }
        assertThat(drop).as("a metric_relabel_configs rule of spark-driver with source_labels [__name__] and action drop").isNotNull();
        for (String name : UNUSED) {
            assertThat(drop.matcher(name).matches()).as("%s is dropped by regex %s", name, drop.pattern()).isTrue();
        }
        for (String name : usedMetricNames()) {
            assertThat(drop.matcher(name).matches()).as("%s is used by the lab (docs/metrics.md, a dashboard or a rule) and must not be "
                    + "dropped, but regex %s matches it", name, drop.pattern()).isFalse();
        }
    }

    @Test
    void promtool_accepts_the_config() {
        ImageBuilder images = new ImageBuilder(ExerciseTools.PROJECT);
        ConfigChecker.Check check = new ConfigChecker(ExerciseTools.PROJECT, images.resolve(LabImage.PROMETHEUS),
                images.resolve(LabImage.ALERTMANAGER)).checkPrometheusConfig(ExerciseTools.PROJECT.config("prometheus.yml"),
                ExerciseTools.PROJECT.config("alert-rules.yml"));
        assertThat(check.passed()).as(check.describe()).isTrue();
    }

    /** Every metric name the lab relies on: docs/metrics.md's table, the dashboards' queries, the rules. */
    static Set<String> usedMetricNames() throws IOException {
        Set<String> names = new TreeSet<>();
        MetricsReference.rows(ExerciseTools.PROJECT.root()).forEach(row -> names.add(row.name()));
        List<Path> sources = new java.util.ArrayList<>(List.of(ExerciseTools.PROJECT.config("alert-rules.yml")));
        try (Stream<Path> dashboards = Files.list(ExerciseTools.PROJECT.grafana().resolve("dashboards"))) {
            dashboards.filter(p -> p.toString().endsWith(".json")).forEach(sources::add);
        }
        for (Path source : sources) {
            Matcher m = METRIC_NAME.matcher(Files.readString(source));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        assertThat(names).as("metric names the lab uses").contains("jvm_heap_memory_used", "spark_tasks_completed_total");
        return names;
    }
}
