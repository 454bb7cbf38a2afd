package io.sparklab.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparklab.client.HttpJson;
import io.sparklab.exercises.Exercise;
import io.sparklab.stack.ImageBuilder;
import io.sparklab.stack.LabImage;
import io.sparklab.stack.LabProject;
import io.sparklab.support.MetricsReference;
import io.sparklab.support.ParquetFiles;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * Exercise 07: a custom job metric. The ETL's push to the Pushgateway gains
 * etl_job_rows_rejected_by_reason{reason=...}, one series per reject reason, equal to the quarantine.
 * Runs the real pipeline on small data in a local Spark session and pushes to a real Pushgateway.
 */
@Exercise
class Exercise07RejectsByReasonTest {
    @Test
    void the_outcome_carries_the_rejected_rows_per_reason(@TempDir Path dir) {
        SparkSession spark = ParquetFiles.spark();
        EtlOptions options = EtlOptions.parse("--rows", "20000", "--seed", "11", "--partitions", "2", "--bad-per-mille", "50",
                "--output", dir.toString(), "--pushgateway", "", "--prometheus", "");
        EtlResult result = EtlJob.run(spark, options);

        Map<String, Long> quarantine = new HashMap<>();
        for (Row row : spark.read().parquet(dir.resolve("quarantine").toString()).groupBy("reject_reason").count().collectAsList()) {
            quarantine.put(row.getString(0), row.getLong(1));
        }
        assertThat(quarantine).as("the quarantine has every kind of bad row").hasSize(4);

        String image = new ImageBuilder(LabProject.current()).resolve(LabImage.PUSHGATEWAY);
        try (GenericContainer<?> pushgateway = new GenericContainer<>(image).withExposedPorts(9091)
                .waitingFor(Wait.forHttp("/-/ready").forPort(9091))) {
            pushgateway.start();
            String address = pushgateway.getHost() + ":" + pushgateway.getMappedPort(9091);

            new JobOutcome(address, "etl_job").success(result, 1.0);
            String metrics = HttpJson.text("http://" + address + "/metrics");

            quarantine.forEach((reason, count) -> {
                Matcher m = Pattern.compile("etl_job_rows_rejected_by_reason\\{[^}]*reason=\"" + reason + "\"[^}]*} (\\S+)")
                        .matcher(metrics);
                assertThat(m.find()).as("etl_job_rows_rejected_by_reason{reason=\"%s\"} pushed", reason).isTrue();
                assertThat(Double.parseDouble(m.group(1))).as("rejected for %s", reason).isEqualTo(count.doubleValue());
            });
        }
    }

    @Test
    void docs_metrics_md_lists_it_with_its_reason_label() {
        assertThat(MetricsReference.rowsOf(LabProject.current().root(), "etl_job_rows_rejected_by_reason"))
                .as("a row for etl_job_rows_rejected_by_reason in docs/metrics.md").singleElement().satisfies(row -> {
                    assertThat(row.type()).as("its type (line %d)", row.line()).isEqualTo("gauge");
                    assertThat(row.job()).as("its job (line %d)", row.line()).isEqualTo("etl_job");
                    assertThat(row.labels()).as("its labels (line %d)", row.line()).contains("reason");
                });
    }
}
