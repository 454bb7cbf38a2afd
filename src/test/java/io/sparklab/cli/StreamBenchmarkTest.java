package io.sparklab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sparklab.jobs.TransactionParser;
import io.sparklab.support.ParquetFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming benchmark's event-to-sink latency, read from quarantine files as Spark writes them. */
class StreamBenchmarkTest {
    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    @Test
    void an_events_latency_is_from_its_broker_time_to_its_files_change_time(@TempDir Path dir) throws Exception {
        SparkSession spark = ParquetFiles.spark();
        List<Row> records = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            // malformed events only, one every 100 ms: 20 s
            records.add(RowFactory.create("{not json".getBytes(java.nio.charset.StandardCharsets.UTF_8), 0, (long) i,
                    new Timestamp(T0 + i * 100L)));
        }
        StructType kafkaSchema = new StructType().add("value", DataTypes.BinaryType).add("partition", DataTypes.IntegerType)
                .add("offset", DataTypes.LongType).add("timestamp", DataTypes.TimestampType);
        Path out = dir.resolve("quarantine");
        TransactionParser.quarantined(TransactionParser.parse(spark.createDataFrame(records, kafkaSchema))).coalesce(1)
                .write().json(out.toString());
        StringBuilder listing = new StringBuilder();
        double written = (T0 + 30_000) / 1000.0; // the file "changed" 30 s after the first event was sent
        try (Stream<Path> files = Files.list(out)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("part-") && f.toString().endsWith(".json")).toList()) {
                listing.append("== ").append(written).append(' ').append(file).append('\n').append(Files.readString(file));
            }
        }

        // the events sent in the first 10 s: 100 of them, 30 s down to 20.1 s before the file
        List<Double> latencies = StreamBenchmark.latencies(listing.toString(), Instant.ofEpochMilli(T0),
                Instant.ofEpochMilli(T0 + 9_999));

        assertThat(latencies).hasSize(100);
        assertThat(latencies.stream().mapToDouble(Double::doubleValue).max().orElseThrow()).isCloseTo(30.0, within(0.001));
        assertThat(latencies.stream().mapToDouble(Double::doubleValue).min().orElseThrow()).isCloseTo(20.1, within(0.001));
        assertThat(StreamBenchmark.percentile(latencies, 50)).isCloseTo(25.0, within(0.001));
        assertThat(StreamBenchmark.percentile(latencies, 95)).isCloseTo(29.5, within(0.001));
    }

    @Test
    void the_overhead_runs_count_cpu_by_thread_and_the_instrumented_ones_keep_their_page_plugin() {
        List<String> plain = StreamBenchmark.withThreadCpu(true);
        List<String> instrumented = StreamBenchmark.withThreadCpu(false);

        // spark-submit takes the last --conf of a key: the one added here
        assertThat(plain.get(plain.size() - 1)).isEqualTo("spark.plugins=io.sparklab.jobs.ThreadCpuPlugin");
        assertThat(instrumented.get(instrumented.size() - 1))
                .isEqualTo("spark.plugins=io.sparklab.jobs.AgentCpuPlugin,io.sparklab.jobs.ThreadCpuPlugin");
        assertThat(plain).containsSubsequence(StreamBenchmark.PLAIN);
    }

    @Test
    void a_backlog_runs_cpu_by_thread_is_per_million_rows_read() {
        // 2 000 000 rows: 40 s of CPU is 20 ms per 1 000 rows
        StreamBenchmark.BacklogRun run = new StreamBenchmark.BacklogRun(new double[] {30_000, 20.0, 40.0, 0.5}, SteadyWindow.Figures.NONE,
                "[cpu] driver threads (ms): (process)=8000 | C2 CompilerThre=3000\n");

        assertThat(run.threadCpuPerMillionRows().get("driver").get("C2 CompilerThre")).isCloseTo(1.5, within(1e-9));
    }
}
