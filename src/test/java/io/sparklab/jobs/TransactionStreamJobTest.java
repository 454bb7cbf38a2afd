package io.sparklab.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparklab.jobs.TransactionEvents.Kind;
import io.sparklab.jobs.TransactionEvents.Mix;
import io.sparklab.support.ParquetFiles;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The streaming job's logic on a static Dataset shaped like Kafka's records (the same code runs on
 * the stream): every generated event gets the reason its kind says, and the windows count what is valid.
 */
class TransactionStreamJobTest {
    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final Mix MIX = new Mix(100, 50, 300);
    private static final int EVENTS = 2_000;
    private static List<TransactionEvents.Event> events;
    private static Dataset<Row> parsed;

    @BeforeAll
    static void parseGeneratedEvents() {
        SparkSession spark = ParquetFiles.spark();
        events = new ArrayList<>();
        List<Row> records = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            long sendTime = T0 + i * 50L; // 20 events/s: 100 s of events
            TransactionEvents.Event event = TransactionEvents.event(11, i, sendTime, MIX);
            events.add(event);
            records.add(RowFactory.create(event.value().getBytes(java.nio.charset.StandardCharsets.UTF_8), i % 2, (long) i,
                    new Timestamp(sendTime)));
        }
        StructType kafkaSchema = new StructType().add("value", DataTypes.BinaryType).add("partition", DataTypes.IntegerType)
                .add("offset", DataTypes.LongType).add("timestamp", DataTypes.TimestampType);
        parsed = TransactionParser.parse(spark.createDataFrame(records, kafkaSchema)).cache();
    }

    @Test
    void every_record_gets_the_reason_of_its_kind() {
        Map<Long, String> reasons = new HashMap<>();
        for (Row row : parsed.select("offset", "reason").collectAsList()) {
            reasons.put(row.getLong(0), row.getString(1));
        }
        assertThat(reasons).hasSize(EVENTS);
        for (int i = 0; i < EVENTS; i++) {
            assertThat(reasons.get((long) i)).as("reason of event %d (%s): %s", i, events.get(i).kind(), events.get(i).value())
                    .isEqualTo(events.get(i).kind().reason());
        }
        assertThat(events).extracting(TransactionEvents.Event::kind)
                .contains(Kind.MALFORMED_JSON, Kind.MISSING_FIELD, Kind.NEGATIVE_AMOUNT, Kind.BAD_EVENT_TIME, Kind.LATE);
    }

    @Test
    void quarantine_keeps_the_raw_record_and_where_it_came_from() {
        Row row = TransactionParser.quarantined(parsed).where("reason = 'malformed_json'").first();
        assertThat(row.schema().fieldNames()).containsExactly("reason", "raw", "partition", "offset", "kafka_time");
        assertThat(row.<String>getAs("raw")).isEqualTo(events.get((int) row.<Long>getAs("offset").longValue()).value());
    }

    @Test
    void an_unknown_country_is_quarantined_too() {
        String json = "{\"txn_id\":\"x\",\"card_id\":\"c\",\"merchant\":\"m\",\"country\":\"ZZ\",\"amount\":1.00,"
                + "\"event_time\":\"2026-01-01T00:00:00Z\"}";
        StructType kafkaSchema = new StructType().add("value", DataTypes.StringType).add("partition", DataTypes.IntegerType)
                .add("offset", DataTypes.LongType).add("timestamp", DataTypes.TimestampType);
        Dataset<Row> one = ParquetFiles.spark().createDataFrame(List.of(RowFactory.create(json, 0, 0L, new Timestamp(T0))), kafkaSchema);
        assertThat(TransactionParser.parse(one).first().<String>getAs("reason")).isEqualTo(TransactionParser.UNKNOWN_COUNTRY);
    }

    @Test
    void windows_count_every_valid_event_once() {
        Dataset<Row> windows = TransactionStreamJob.windows(TransactionParser.valid(parsed), "1 minute", "30 seconds");
        long counted = windows.agg(org.apache.spark.sql.functions.sum("transactions")).first().getLong(0);
        long valid = events.stream().filter(e -> !e.kind().isMalformed()).count();
        // A static Dataset has no watermark to drop late events: every valid event is in a window.
        assertThat(counted).isEqualTo(valid);
        assertThat(windows.select("window_start").distinct().count())
                .as("windows of 1 minute over 100 s of on-time and 5-minutes-late events").isBetween(2L, 5L);
    }

    @Test
    void spark_offsets_become_partition_offsets() {
        Map<TopicPartition, Long> offsets = KafkaOffsetCommitter.parseOffsets("{\"transactions\":{\"0\":1200,\"1\":1187}}");
        assertThat(offsets).containsEntry(new TopicPartition("transactions", 0), 1200L)
                .containsEntry(new TopicPartition("transactions", 1), 1187L).hasSize(2);
        assertThat(KafkaOffsetCommitter.groupFor(TransactionStreamJob.WINDOWS_QUERY)).isEqualTo("spark-transaction_windows");
        assertThatThrownBy(() -> KafkaOffsetCommitter.parseOffsets("[1, 2")).isInstanceOf(IllegalArgumentException.class);
    }

    /** An option the job cannot use is named before a SparkSession starts, with the usage. */
    @Test
    void wrong_options_are_named_before_the_job_starts() {
        assertThatThrownBy(() -> TransactionStreamJob.Options.parse("--trigger", "5 secnds"))
                .hasMessageStartingWith("--trigger must be an interval such as \"5 seconds\", got '5 secnds'").hasMessageContaining("usage:");
        assertThatThrownBy(() -> TransactionStreamJob.Options.parse("--window", "1 month"))
                .hasMessageStartingWith("--window must be an interval such as \"1 minute\", got '1 month'");
        assertThatThrownBy(() -> TransactionStreamJob.Options.parse("--run-seconds", "10s"))
                .hasMessageStartingWith("--run-seconds must be a whole number of at least 0, got '10s'");
        assertThat(TransactionStreamJob.Options.parse("--watermark", "2 minutes", "--max-offsets-per-trigger", "5000").maxOffsetsPerTrigger())
                .isEqualTo(5000);
        assertThatThrownBy(() -> TransactionStreamJob.Options.parse("--window", "0 seconds"))
                .hasMessageStartingWith("--window must be longer than 0, got '0 seconds'");
        assertThatThrownBy(() -> TransactionStreamJob.Options.parse("--topic", " ")).hasMessageStartingWith("--topic must not be empty");
        assertThatThrownBy(() -> TransactionStreamJob.Options.parse("--bootstrap", "")).hasMessageStartingWith("--bootstrap must not be empty");
        assertThatThrownBy(() -> TransactionStreamJob.Options.parse("--starting-offsets", "earlist"))
                .hasMessageStartingWith("--starting-offsets must be earliest, latest or JSON").hasMessageContaining("got 'earlist'");
        assertThat(TransactionStreamJob.Options.parse("--starting-offsets", "Latest").startingOffsets()).isEqualTo("latest");
        assertThat(TransactionStreamJob.Options.parse("--starting-offsets", "{\"transactions\":{\"0\":42}}").startingOffsets())
                .isEqualTo("{\"transactions\":{\"0\":42}}");
        assertThatThrownBy(() -> TransactionStreamJob.Options.parse("--run-seconds", "9223372036854775807"))
                .hasMessageStartingWith("--run-seconds must be at most 31622400");
    }

    /** Two sinks in one folder would share a _spark_metadata log, and Spark would skip the slower one's batches: refused. */
    @Test
    void sinks_and_checkpoint_must_be_separate_folders(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        assertThatThrownBy(() -> TransactionStreamJob.Options.parse("--output", "/data/s", "--quarantine", "/data/s/"))
                .hasMessageStartingWith("--output /data/s and --quarantine /data/s/ must be separate folders");
        assertThatThrownBy(() -> TransactionStreamJob.Options.parse("--checkpoint", "/data/stream_output/cp"))
                .hasMessageStartingWith("--checkpoint /data/stream_output/cp and --output /data/stream_output must be separate folders");
        assertThatThrownBy(() -> TransactionStreamJob.Options.parse("--quarantine", "file:///data/stream_output"))
                .hasMessageContaining("must be separate folders");
        assertThat(TransactionStreamJob.Options.parse("--output", "/data/out", "--quarantine", "/data/out-bad").quarantine())
                .as("a common prefix is not a folder inside another").isEqualTo("/data/out-bad");
        java.nio.file.Path folder = java.nio.file.Files.createDirectory(dir.resolve("stop"));
        assertThatThrownBy(() -> TransactionStreamJob.Options.parse("--stop-file", folder.toString()))
                .hasMessageStartingWith("--stop-file " + folder + " exists and is not a file");
    }

    /** The job's last words about each query, from Spark's own progress reports (the streaming benchmark reads them). */
    @Test
    void the_summary_counts_the_batches_that_read_rows_and_their_time() throws Exception {
        SparkSession spark = ParquetFiles.spark();
        org.apache.spark.sql.streaming.StreamingQuery query = spark.readStream().format("rate").option("rowsPerSecond", 200).load()
                .writeStream().queryName("summary_test").format("noop")
                .trigger(org.apache.spark.sql.streaming.Trigger.ProcessingTime("250 milliseconds")).start();
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                    .until(() -> java.util.Arrays.stream(query.recentProgress()).filter(p -> p.numInputRows() > 0).count() >= 3);
        } finally {
            query.stop();
        }
        var reports = query.recentProgress();
        long first = java.util.Arrays.stream(reports).mapToLong(p -> p.batchId()).min().orElseThrow();
        long rows = java.util.Arrays.stream(reports).filter(p -> p.batchId() != first).mapToLong(p -> p.numInputRows()).sum();
        java.util.regex.Matcher summary = java.util.regex.Pattern.compile(
                "\\[transaction_stream] summary summary_test: batches=(\\d+) rows=(\\d+) busy_seconds=([0-9.]+) \\(of (\\d+) progress.*")
                .matcher(TransactionStreamJob.summary(query));
        assertThat(summary.matches()).as(TransactionStreamJob.summary(query)).isTrue();
        // Spark's own reports, counted here: the batches after the first that read rows, and their trigger time.
        var busy = java.util.Arrays.stream(reports)
                .filter(p -> p.batchId() != first && p.numInputRows() > 0 && p.durationMs().containsKey("triggerExecution")).toList();
        long busyMillis = busy.stream().mapToLong(p -> p.durationMs().get("triggerExecution")).sum();
        assertThat(Long.parseLong(summary.group(1))).as("batches with rows after the first").isEqualTo(busy.size())
                .isGreaterThanOrEqualTo(2);
        assertThat(Long.parseLong(summary.group(4))).isEqualTo(reports.length);
        assertThat(Long.parseLong(summary.group(2))).isEqualTo(rows).isPositive();
        assertThat(summary.group(3)).as("their trigger time, s").isEqualTo(String.format(java.util.Locale.ROOT, "%.3f", busyMillis / 1000.0));
        assertThat(busyMillis).isPositive();

        // and a line per batch that read rows, the first included, with its start on the wall clock
        java.util.regex.Pattern batch = java.util.regex.Pattern.compile(
                "\\[transaction_stream] batch summary_test: id=(\\d+) start_ms=(\\d+) duration_ms=(\\d+) rows=(\\d+)");
        long withRows = java.util.Arrays.stream(reports).filter(p -> p.numInputRows() > 0).count();
        java.util.List<String> lines = TransactionStreamJob.batches(query);
        assertThat(lines).hasSize((int) withRows).allSatisfy(l -> assertThat(l).matches(batch));
        long now = System.currentTimeMillis();
        long linedRows = 0;
        for (String line : lines) {
            java.util.regex.Matcher m = batch.matcher(line);
            assertThat(m.matches()).isTrue();
            assertThat(Long.parseLong(m.group(2))).as("a batch's start, epoch ms").isBetween(now - 120_000, now);
            linedRows += Long.parseLong(m.group(4));
        }
        assertThat(linedRows).isEqualTo(java.util.Arrays.stream(reports).mapToLong(p -> p.numInputRows()).sum());
    }

    @Test
    void options_default_to_the_lab_and_refuse_unknown_ones() {
        var options = TransactionStreamJob.Options.parse();
        assertThat(options.output()).isEqualTo("/data/stream_output");
        assertThat(options.bootstrap()).isEqualTo("kafka:9092");
        assertThat(options.stopFile()).isEmpty();
        assertThatThrownBy(() -> TransactionStreamJob.Options.parse("--outptu", "x")).hasMessageContaining("unknown options [outptu]");
    }
}
