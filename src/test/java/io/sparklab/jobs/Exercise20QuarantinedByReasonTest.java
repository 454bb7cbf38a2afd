package io.sparklab.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparklab.client.HttpJson;
import io.sparklab.exercises.Exercise;
import io.sparklab.support.ParquetFiles;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exercise 20: the quarantine query observes what it quarantines, by reason (Dataset.observe), and
 * the streaming listener exports it: spark_streaming_quarantined_records_total{app, query, reason}.
 * The job's own quarantine pipeline runs as a real stream in a local Spark session (Kafka-shaped
 * records arriving as files, two micro-batches) into a JSON file sink, as in the lab; the listener
 * serves its metrics on a free port; every reason's counter must equal what the sink holds.
 */
@Exercise
class Exercise20QuarantinedByReasonTest {
    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final StructType KAFKA_RECORDS = new StructType().add("value", DataTypes.BinaryType)
            .add("partition", DataTypes.IntegerType).add("offset", DataTypes.LongType).add("timestamp", DataTypes.TimestampType);

    @Test
    void every_quarantine_reason_is_counted_as_the_sink_holds_it(@TempDir Path dir) throws Exception {
        SparkSession spark = ParquetFiles.spark();
        Path input = dir.resolve("records");
        Path sink = dir.resolve("quarantine");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        StreamingMetricsListener listener = new StreamingMetricsListener(TransactionStreamJob.APP, port, null);
        spark.streams().addListener(listener);
        try {
            writeRecords(spark, input.resolve("batch=1"), 0, 3_000);
            Dataset<Row> records = spark.readStream().schema(KAFKA_RECORDS).parquet(input.toString());
            StreamingQuery query = TransactionStreamJob.quarantine(TransactionParser.parse(records))
                    .writeStream().queryName(TransactionStreamJob.QUARANTINE_QUERY).format("json").outputMode("append")
                    .option("path", sink.toString()).option("checkpointLocation", dir.resolve("checkpoint").toString())
                    .start();
            try {
                query.processAllAvailable();
                writeRecords(spark, input.resolve("batch=2"), 3_000, 2_000);
                query.processAllAvailable();
            } finally {
                query.stop();
            }

            Map<String, Long> quarantined = new HashMap<>();
            for (Row row : spark.read().json(sink.toString()).groupBy("reason").count().collectAsList()) {
                quarantined.put(row.getString(0), row.getLong(1));
            }
            assertThat(quarantined).as("reasons in the quarantine sink (the generator makes each kind)").hasSizeGreaterThanOrEqualTo(4);
            String url = "http://localhost:" + port + "/metrics";
            // The listener hears of a batch shortly after it ends (Spark's listener bus): awaited.
            Awaitility.await("spark_streaming_quarantined_records_total per reason, as in the sink " + quarantined)
                    .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .untilAsserted(() -> {
                        String metrics = HttpJson.text(url);
                        quarantined.forEach((reason, count) -> {
                            Matcher m = Pattern.compile("spark_streaming_quarantined_records_total\\{([^}]*)} (\\S+)").matcher(metrics);
                            Double value = null;
                            while (m.find()) {
                                String labels = m.group(1);
                                if (labels.contains("reason=\"" + reason + "\"") && labels.contains("app=\"" + TransactionStreamJob.APP + "\"")
                                        && labels.contains("query=\"" + TransactionStreamJob.QUARANTINE_QUERY + "\"")) {
                                    value = Double.parseDouble(m.group(2));
                                }
                            }
                            assertThat(value).as("spark_streaming_quarantined_records_total{app=\"%s\", query=\"%s\", reason=\"%s\"}",
                                    TransactionStreamJob.APP, TransactionStreamJob.QUARANTINE_QUERY, reason).isEqualTo(count.doubleValue());
                        });
                    });
        } finally {
            spark.streams().removeListener(listener);
            listener.close();
        }
    }

    /** Generated events as Kafka would hand them to Spark: a tenth malformed, of every kind. */
    private static void writeRecords(SparkSession spark, Path dir, int first, int count) {
        TransactionEvents.Mix mix = new TransactionEvents.Mix(100, 20, 300);
        List<Row> rows = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            long sent = T0 + i * 10L;
            TransactionEvents.Event event = TransactionEvents.event(7, i, sent, mix);
            rows.add(RowFactory.create(event.value().getBytes(java.nio.charset.StandardCharsets.UTF_8), i % 2, (long) i, new Timestamp(sent)));
        }
        spark.createDataFrame(rows, KAFKA_RECORDS).coalesce(1).write().parquet(dir.toString());
    }
}
