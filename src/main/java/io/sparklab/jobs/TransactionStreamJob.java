package io.sparklab.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.window;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The streaming part's job: card-transaction events from Kafka, parsed and validated
 * (TransactionParser); valid events aggregated per country in event-time windows with a watermark
 * and written to Parquet (exactly once, by the file sink and its checkpoint); invalid records written
 * to a quarantine sink with the reason. Two named queries, so every metric name is stable:
 * {@value #WINDOWS_QUERY} and {@value #QUARANTINE_QUERY}, under the metrics namespace {@value #APP}.
 *
 * <pre>
 * docker exec spark-master spark-submit --class io.sparklab.jobs.TransactionStreamJob /opt/spark/jobs/etl-job.jar \
 *     --bootstrap kafka:9092 --topic transactions
 * </pre>
 */
public final class TransactionStreamJob {
    public static final String APP = "transaction_stream";
    public static final String WINDOWS_QUERY = "transaction_windows";
    public static final String QUARANTINE_QUERY = "transaction_quarantine";

    public static final String USAGE = """
            usage: TransactionStreamJob [--bootstrap kafka:9092] [--topic transactions]
                     [--output /data/stream_output] [--quarantine /data/stream_quarantine]
                     [--checkpoint /data/stream_checkpoint] [--trigger "5 seconds"] [--window "1 minute"]
                     [--watermark "30 seconds"] [--max-offsets-per-trigger 50000] [--starting-offsets earliest]
                     [--run-seconds 0 (until stopped)] [--stop-file PATH (stop gracefully once it exists)]
                     [--master local[2] (when not submitted)]""";

    /** The options, with the defaults of USAGE. */
    public record Options(String bootstrap, String topic, String output, String quarantine, String checkpoint,
                          String trigger, String window, String watermark, long maxOffsetsPerTrigger,
                          String startingOffsets, long runSeconds, String stopFile, String master) {
        public static Options parse(String... args) {
            NameValueArgs v = NameValueArgs.byName(USAGE, args);
            Options options = new Options(v.takeNonBlank("bootstrap", "kafka:9092"), v.takeNonBlank("topic", "transactions"),
                    v.takeNonBlank("output", "/data/stream_output"), v.takeNonBlank("quarantine", "/data/stream_quarantine"),
                    v.takeNonBlank("checkpoint", "/data/stream_checkpoint"), interval(v, "trigger", "5 seconds"),
                    interval(v, "window", "1 minute"), interval(v, "watermark", "30 seconds"),
                    v.takeLong("max-offsets-per-trigger", 50_000, 1), startingOffsets(v),
                    // A year at most: past it, the deadline in milliseconds would overflow.
                    v.takeLong("run-seconds", 0, 0, 366L * 24 * 3600), v.take("stop-file", "").strip(), v.takeNonBlank("master", "local[2]"));
            v.refuseUnknown();
            if (intervalMs(options.window()) <= 0) {
                throw v.refusal("--window must be longer than 0, got '" + options.window() + "'");
            }
            refuseSharedFolders(v, Map.of("--output", options.output(), "--quarantine", options.quarantine(),
                    "--checkpoint", options.checkpoint()));
            if (!options.stopFile().isEmpty()) {
                java.nio.file.Path stop = java.nio.file.Path.of(options.stopFile());
                // The job deletes a stop file left by an earlier stop: only ever a file.
                if (java.nio.file.Files.exists(stop) && !java.nio.file.Files.isRegularFile(stop)) {
                    throw v.refusal("--stop-file " + options.stopFile() + " exists and is not a file (the job deletes it at start)");
                }
            }
            return options;
        }

        /** earliest, latest, or Kafka's per-partition JSON ({"transactions":{"0":42}}), as Spark's Kafka source takes it. */
        private static String startingOffsets(NameValueArgs v) {
            String given = v.take("starting-offsets", "earliest").strip();
            if (given.equalsIgnoreCase("earliest") || given.equalsIgnoreCase("latest")) {
                return given.toLowerCase(Locale.ROOT); // as Spark's Kafka source reads them
            }
            try {
                if (new com.fasterxml.jackson.databind.ObjectMapper().readTree(given).isObject()) {
                    return given;
                }
            } catch (java.io.IOException e) {
                // said below
            }
            throw v.refusal("--starting-offsets must be earliest, latest or JSON such as {\"transactions\":{\"0\":42}}, got '" + given + "'");
        }

        /**
         * Two sinks, or a sink and the checkpoint, in one folder or one inside the other: the file sinks
         * would share a _spark_metadata log, each counting its batches from 0, and Spark skips a batch it
         * finds already committed there: the slower query's records would be lost without a word.
         */
        private static void refuseSharedFolders(NameValueArgs v, Map<String, String> folders) {
            List<Map.Entry<String, String>> entries = new ArrayList<>(new java.util.TreeMap<>(folders).entrySet());
            for (int i = 0; i < entries.size(); i++) {
                for (int j = i + 1; j < entries.size(); j++) {
                    String a = folder(entries.get(i).getValue());
                    String b = folder(entries.get(j).getValue());
                    if (a.equals(b) || a.startsWith(b + "/") || b.startsWith(a + "/")) {
                        throw v.refusal(entries.get(i).getKey() + " " + entries.get(i).getValue() + " and " + entries.get(j).getKey() + " "
                                + entries.get(j).getValue() + " must be separate folders, neither inside the other");
                    }
                }
            }
        }

        private static String folder(String path) {
            String plain = path.startsWith("file://") ? path.substring("file://".length()) : path.startsWith("file:") ? path.substring(5) : path;
            return plain.contains("://") ? plain.replaceAll("/+$", "") : java.nio.file.Path.of(plain).toAbsolutePath().normalize().toString();
        }

        /**
         * An interval option ("5 seconds"), checked now with Spark's own parser (the trigger's, which
         * refuses months as window and watermark do): a typo is named before a SparkSession starts, not
         * a stack trace from inside the query.
         */
        private static String interval(NameValueArgs v, String name, String fallback) {
            String given = v.take(name, fallback);
            try {
                org.apache.spark.sql.streaming.Trigger.ProcessingTime(given);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--" + name + " must be an interval such as \"" + fallback + "\", got '" + given
                        + "': " + e.getMessage() + "\n" + USAGE);
            }
            return given;
        }

        /** An interval option's length in milliseconds, by the trigger's parser (which accepts 0). */
        private static long intervalMs(String interval) {
            return ((org.apache.spark.sql.execution.streaming.ProcessingTimeTrigger)
                    org.apache.spark.sql.streaming.Trigger.ProcessingTime(interval)).intervalMs();
        }
    }

    private TransactionStreamJob() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(64);
            return;
        }
        SparkSession spark = session(options);
        int port = spark.sparkContext().getConf().getInt("spark.lab.metrics.port", LabMetricsListener.DEFAULT_PORT);
        int exitCode = 0;
        // Each micro-batch a trace of its own (MicroBatchTracingListener); spark.lab.tracing=false leaves it
        // out, and it rests by itself when its backend does not resolve (no traces add-on).
        boolean tracing = spark.sparkContext().getConf().getBoolean("spark.lab.tracing", true);
        // spark.lab.listener=false: without the metrics listener and its offset commits (the streaming
        // benchmark's plain runs, like the ETL job's).
        boolean metrics = spark.sparkContext().getConf().getBoolean("spark.lab.listener", true);
        // spark.lab.printBatches=true: a line per batch at the end (the streaming benchmark's steady-state window)
        boolean printBatches = spark.sparkContext().getConf().getBoolean("spark.lab.printBatches", false);
        try (StreamingMetricsListener listener = metrics
                     ? new StreamingMetricsListener(APP, port, new KafkaOffsetCommitter(options.bootstrap())) : null;
             MicroBatchTracingListener traces = tracing ? new MicroBatchTracingListener(spark.sparkContext().getConf()) : null) {
            if (listener != null) {
                spark.streams().addListener(listener);
                listener.triggerInterval(triggerSeconds(options.trigger()));
            }
            if (traces != null) {
                spark.streams().addListener(traces);
            }
            StreamingQuery windows = startWindows(spark, options);
            StreamingQuery quarantine = startQuarantine(spark, options);
            System.out.printf(Locale.ROOT, "[%s] queries %s and %s running on %s/%s%n", APP, WINDOWS_QUERY, QUARANTINE_QUERY,
                    options.bootstrap(), options.topic());
            awaitEnd(spark, options);
            for (StreamingQuery query : new StreamingQuery[] {windows, quarantine}) {
                if (query.exception().isDefined()) {
                    System.err.printf("[%s] query %s failed: %s%n", APP, query.name(), query.exception().get());
                    exitCode = 1;
                }
                query.stop();
                System.out.println(summary(query));
                if (printBatches) {
                    batches(query).forEach(System.out::println);
                }
            }
        } finally {
            spark.stop();
        }
        System.exit(exitCode);
    }

    /**
     * Until a query stops (an error), the run time is over or the stop file appears: a graceful stop
     * from outside (the lab's tests), which a kill of spark-submit would not be.
     */
    static void awaitEnd(SparkSession spark, Options options) throws Exception {
        long deadline = options.runSeconds() > 0 ? System.currentTimeMillis() + options.runSeconds() * 1000 : Long.MAX_VALUE;
        java.nio.file.Path stopFile = options.stopFile().isEmpty() ? null : java.nio.file.Path.of(options.stopFile());
        if (stopFile != null) {
            java.nio.file.Files.deleteIfExists(stopFile); // left by an earlier stop: not meant for this run
        }
        while (!spark.streams().awaitAnyTermination(1000)) {
            if (System.currentTimeMillis() >= deadline) {
                System.out.printf("[%s] run time of %d s over: stopping%n", APP, options.runSeconds());
                return;
            }
            if (stopFile != null && java.nio.file.Files.exists(stopFile)) {
                System.out.printf("[%s] %s exists: stopping%n", APP, stopFile);
                return;
            }
        }
    }

    /**
     * What the query did, from Spark's own progress reports (no listener needed): batches that read
     * rows, the rows, and the time those batches took, leaving out the query's first batch (planning,
     * code generation: a warm-up, not the steady cost). Spark keeps the last
     * spark.sql.streaming.numRecentProgressUpdates reports. The streaming benchmark compares runs with it.
     */
    static String summary(StreamingQuery query) {
        long batches = 0;
        long rows = 0;
        long millis = 0;
        org.apache.spark.sql.streaming.StreamingQueryProgress[] reports = query.recentProgress();
        long firstBatch = java.util.Arrays.stream(reports).mapToLong(p -> p.batchId()).min().orElse(-1);
        for (org.apache.spark.sql.streaming.StreamingQueryProgress progress : reports) {
            Long duration = progress.durationMs().get("triggerExecution");
            if (progress.batchId() != firstBatch && progress.numInputRows() > 0 && duration != null) {
                batches++;
                rows += progress.numInputRows();
                millis += duration;
            }
        }
        return String.format(Locale.ROOT, "[%s] summary %s: batches=%d rows=%d busy_seconds=%.3f (of %d progress reports, the first batch"
                + " left out)", APP, query.name(), batches, rows, millis / 1000.0, reports.length);
    }

    /**
     * A line per batch that read rows, from Spark's progress reports: when it started (its trigger's
     * wall-clock time, epoch milliseconds), how long it took and the rows it read. With the containers'
     * CPU sampled over the run, the streaming benchmark counts the CPU per row of a window after the
     * warm-up (see io.sparklab.cli.SteadyWindow).
     */
    static List<String> batches(StreamingQuery query) {
        List<String> lines = new java.util.ArrayList<>();
        for (org.apache.spark.sql.streaming.StreamingQueryProgress progress : query.recentProgress()) {
            Long duration = progress.durationMs().get("triggerExecution");
            if (progress.numInputRows() > 0 && duration != null) {
                lines.add(String.format(Locale.ROOT, "[%s] batch %s: id=%d start_ms=%d duration_ms=%d rows=%d", APP, query.name(),
                        progress.batchId(), java.time.Instant.parse(progress.timestamp()).toEpochMilli(), duration, progress.numInputRows()));
            }
        }
        return lines;
    }

    static SparkSession session(Options options) {
        SparkConf submitted = new SparkConf(); // what spark-submit and spark-defaults.conf set
        SparkSession.Builder builder = SparkSession.builder()
                .appName(APP)
                // A fixed namespace and named queries: metric names without application or query ids.
                .config("spark.metrics.namespace", APP);
        if (!submitted.contains("spark.sql.streaming.numRecentProgressUpdates")) {
            // Spark keeps this many progress reports per query (100 by default): the summary at the end reads them.
            builder.config("spark.sql.streaming.numRecentProgressUpdates", "2000");
        }
        if (!submitted.contains("spark.sql.streaming.metricsEnabled")) {
            // the streaming benchmark's plain runs turn it off
            builder.config("spark.sql.streaming.metricsEnabled", "true");
        }
        if (!submitted.contains("spark.master")) {
            builder.master(options.master());
        }
        if (!submitted.contains("spark.sql.shuffle.partitions")) {
            // The window state lives in one state store per shuffle partition; the lab's stream is small.
            builder.config("spark.sql.shuffle.partitions", "2");
        }
        SparkSession spark = builder.getOrCreate();
        LogContext.application(spark.sparkContext().applicationId());
        return spark;
    }

    /** The Kafka records of the topic, parsed (one source per query: each query tracks its own offsets). */
    static Dataset<Row> parsedSource(SparkSession spark, Options options) {
        Dataset<Row> records = spark.readStream().format("kafka")
                .option("kafka.bootstrap.servers", options.bootstrap())
                .option("subscribe", options.topic())
                .option("startingOffsets", options.startingOffsets())
                // Bounded batches: a backlog is worked off in steps, and the source reports how far
                // behind the end of the topic it is (offsets behind latest is reported only with it).
                .option("maxOffsetsPerTrigger", options.maxOffsetsPerTrigger())
                .load();
        return TransactionParser.parse(records);
    }

    /**
     * Valid events per country and event-time window. The watermark lets a window be written once
     * it can no longer change (append mode) and its state be dropped; events later than the
     * watermark are left out, as the lab's late events are meant to be.
     */
    public static Dataset<Row> windows(Dataset<Row> validEvents, String windowDuration, String watermark) {
        return validEvents.withWatermark("event_time", watermark)
                .groupBy(window(col("event_time"), windowDuration).as("window"), col("country"))
                .agg(count(lit(1)).as("transactions"), sum("amount").as("amount_total"), max("amount").as("amount_max"))
                .select(col("window.start").as("window_start"), col("window.end").as("window_end"), col("country"),
                        col("transactions"), col("amount_total"), col("amount_max"));
    }

    /** The trigger as Spark reads it ("5 seconds", "1 minute"), in seconds. */
    static double triggerSeconds(String trigger) {
        return ((org.apache.spark.sql.execution.streaming.ProcessingTimeTrigger) Trigger.ProcessingTime(trigger)).intervalMs() / 1000.0;
    }

    static StreamingQuery startWindows(SparkSession spark, Options options) throws Exception {
        return windows(TransactionParser.valid(parsedSource(spark, options)), options.window(), options.watermark())
                .writeStream().queryName(WINDOWS_QUERY).format("parquet").outputMode("append")
                .option("path", options.output())
                .option("checkpointLocation", options.checkpoint() + "/" + WINDOWS_QUERY)
                .trigger(Trigger.ProcessingTime(options.trigger()))
                .start();
    }

    /** What the quarantine query writes: the invalid records with their reason (TransactionParser.quarantined). */
    public static Dataset<Row> quarantine(Dataset<Row> parsed) {
        return TransactionParser.quarantined(parsed);
    }

    static StreamingQuery startQuarantine(SparkSession spark, Options options) throws Exception {
        return quarantine(parsedSource(spark, options))
                .writeStream().queryName(QUARANTINE_QUERY).format("json").outputMode("append")
                .option("path", options.quarantine())
                .option("checkpointLocation", options.checkpoint() + "/" + QUARANTINE_QUERY)
                .trigger(Trigger.ProcessingTime(options.trigger()))
                .start();
    }
}
