package io.sparklab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sparklab.client.HttpJson;
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
        StreamBenchmark.BacklogRun run = new StreamBenchmark.BacklogRun(30_000, 20.0, 40.0, 0.5, SteadyWindow.Figures.NONE,
                "[cpu] driver threads (ms): (process)=8000 | C2 CompilerThre=3000\n");

        assertThat(run.threadCpuPerMillionRows().get("driver").get("C2 CompilerThre")).isCloseTo(1.5, within(1e-9));
    }

    @Test
    void the_report_names_each_rounds_plain_and_instrumented_figures_and_takes_its_ratios_from_them() {
        // Every figure different, so a plain figure read as an instrumented one (or a whole-run one as
        // a steady one) changes a value below.
        List<StreamBenchmark.OverheadRound> rounds = List.of(
                new StreamBenchmark.OverheadRound(run(40_000, 100, 60, Double.NaN, 50), run(38_000, 110, 66, 1.2, 55)),
                new StreamBenchmark.OverheadRound(run(42_000, 120, 70, Double.NaN, 60), run(41_000, 126, 74, 1.4, 63)),
                new StreamBenchmark.OverheadRound(run(39_000, 90, 55, Double.NaN, 45), run(36_000, 108, 65, 1.3, 54)));
        var report = HttpJson.MAPPER.createObjectNode();

        StreamBenchmark.print(List.of(), rounds, java.util.Map.of(), new AgentStartCpu(List.of(2.0), List.of(1.5)), report);

        var second = report.get("overheadRounds").get(1);
        assertThat(second.get("plainRowsPerSecond").asDouble()).isEqualTo(42_000);
        assertThat(second.get("instrumentedRowsPerSecond").asDouble()).isEqualTo(41_000);
        assertThat(second.get("plainCpuMsPer1000Rows").asDouble()).isEqualTo(120);
        assertThat(second.get("instrumentedCpuMsPer1000Rows").asDouble()).isEqualTo(126);
        assertThat(second.get("instrumentedCpuSeconds").asDouble()).isEqualTo(74);
        assertThat(second.get("instrumentedOwnCpuSeconds").asDouble()).isEqualTo(1.4);
        assertThat(second.get("plainSteadyCpuMsPer1000Rows").asDouble()).isCloseTo(60, within(1e-9));
        assertThat(second.get("instrumentedSteadyCpuMsPer1000Rows").asDouble()).isCloseTo(63, within(1e-9));
        // medians of the rounds' ratios: rows/s plain over instrumented (1.0526, 1.0244, 1.0833);
        // CPU instrumented over plain (1.10, 1.05, 1.20); once warm (1.10, 1.05, 1.20)
        assertThat(report.get("overheadRatio").asDouble()).isCloseTo(40_000.0 / 38_000, within(1e-9));
        assertThat(report.get("cpuOverheadRatio").asDouble()).isCloseTo(1.10, within(1e-9));
        assertThat(report.get("steadyCpuOverheadRatio").asDouble()).isCloseTo(1.10, within(1e-9));
        // own CPU over the instrumented run's: 1.2/66, 1.4/74, 1.3/65 -> median 0.0189 (1.4/74)
        assertThat(report.get("ownCpuShare").asDouble()).isCloseTo(1.4 / 74, within(1e-9));
        // with the two agents' starts (0.5 s each): 2.2/66, 2.4/74, 2.3/65 -> median 2.2/66
        assertThat(report.get("ownCpuWithAgentStartsShare").asDouble()).isCloseTo(2.2 / 66, within(1e-9));
    }

    /** A backlog run of a million rows with these figures; its steady window 600 000 rows. */
    private static StreamBenchmark.BacklogRun run(double rowsPerSecond, double cpuMsPer1000Rows, double cpuSeconds, double ownCpuSeconds,
            double steadyCpuMsPer1000Rows) {
        SteadyWindow.Figures steady = new SteadyWindow.Figures(15_000, 70_000, 600_000, steadyCpuMsPer1000Rows * 600_000 / 1e6, 0, 75_000);
        return new StreamBenchmark.BacklogRun(rowsPerSecond, cpuMsPer1000Rows, cpuSeconds, ownCpuSeconds, steady, "");
    }
}
