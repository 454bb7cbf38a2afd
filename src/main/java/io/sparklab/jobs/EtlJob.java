package io.sparklab.jobs;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.from_unixtime;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The lab's batch ETL: generate card transactions from a seed, parse and validate them, enrich them
 * with a join to the country dimension, aggregate per country and per day and region, and write
 * Parquet. Broken rows are not dropped: they go, with the reason, to a quarantine output and are
 * counted. At the end the outcome is pushed to the Pushgateway.
 *
 * <p>Submit it the plan's way: {@code docker exec spark-master spark-submit --class
 * io.sparklab.jobs.EtlJob /opt/spark/jobs/etl-job.jar [options]} (see {@link EtlOptions#USAGE}).
 */
public final class EtlJob {
    public static final String APP = "etl_job";

    private EtlJob() {
    }

    public static void main(String[] args) {
        EtlOptions options;
        try {
            options = EtlOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("etl_job: " + e.getMessage());
            System.err.print(EtlOptions.USAGE);
            System.exit(2);
            return;
        }
        System.out.println("[etl_job] starting: " + options);
        long start = System.nanoTime();
        JobOutcome outcome = new JobOutcome(options.pushgateway(), APP, options.auth());
        SparkSession spark = session(options);
        LogContext.application(spark.sparkContext().applicationId()); // set earlier where the job is traced
        System.out.println("[etl_job] application " + spark.sparkContext().applicationId() + " on "
                + spark.sparkContext().master());
        int exitCode = 0;
        try {
            if (options.holdHeapShare() > 0) {
                HeapHog.hold(options.holdHeapShare(), Duration.ofSeconds(options.holdSeconds()));
            }
            EtlResult result = run(spark, options);
            double seconds = (System.nanoTime() - start) / 1e9;
            outcome.success(result, seconds);
            System.out.printf(Locale.ROOT, "[etl_job] done in %.1f s: read %d rows, wrote %d into %d summary rows, "
                    + "rejected %d into quarantine (%s)%n", seconds, result.rowsRead(), result.rowsWritten(),
                    result.summaryRows(), result.rowsRejected(), options.output());
        } catch (Exception e) { // SparkException is checked, though Scala does not declare it
            double seconds = (System.nanoTime() - start) / 1e9;
            System.err.println("[etl_job] FAILED after " + String.format(Locale.ROOT, "%.1f", seconds) + " s: " + e);
            outcome.failure(seconds);
            exitCode = 1;
        } finally {
            // The driver's and executors' metrics live only as long as their JVMs: let Prometheus take
            // one last scrape of them before they go (see ScrapeWait for why this is not a sleep).
            ScrapeWait.awaitFinalScrape(options.prometheus(), options.auth(), Instant.now(), Duration.ofSeconds(15));
            spark.stop();
        }
        System.exit(exitCode);
    }

    static SparkSession session(EtlOptions options) {
        SparkConf submitted = new SparkConf(); // what spark-submit and spark-defaults.conf set
        SparkSession.Builder builder = SparkSession.builder()
                .appName(APP)
                .config("spark.metrics.namespace", APP);
        // spark.lab.listener=false runs without the lab's metrics listener, spark.lab.tracing=false
        // without its tracing listener (the overhead benchmark's baseline has neither). Tracing sends
        // only where its backend resolves (TracingListener): without the traces add-on it says so and rests.
        java.util.List<String> listeners = new java.util.ArrayList<>();
        if (submitted.getBoolean("spark.lab.listener", true)) {
            listeners.add(LabMetricsListener.class.getName());
        }
        if (submitted.getBoolean("spark.lab.tracing", true)) {
            listeners.add(TracingListener.class.getName());
        }
        if (!listeners.isEmpty()) {
            builder.config("spark.extraListeners", String.join(",", listeners));
        }
        if (!submitted.contains("spark.master")) {
            builder.master(options.master());
        }
        if (!submitted.contains("spark.sql.shuffle.partitions")) {
            builder.config("spark.sql.shuffle.partitions", Integer.toString(options.partitions()));
        }
        return builder.getOrCreate();
    }

    /** The pipeline. Each write is a Spark job; the counts are read back from what was written. */
    public static EtlResult run(SparkSession spark, EtlOptions options) {
        long seed = options.seed();
        int badPerMille = options.badPerMille();
        double failShare = options.failTaskShare();
        boolean failJob = options.failJob();

        // Extract: each task generates its own rows (no input file), as raw CSV lines.
        Dataset<String> raw = spark.range(0, options.rows(), 1, options.partitions())
                .mapPartitions((MapPartitionsFunction<Long, String>) ids -> {
                    injectFailure(failShare, failJob);
                    return new Iterator<>() {
                        public boolean hasNext() {
                            return ids.hasNext();
                        }

                        public String next() {
                            return DataGenerator.line(seed, ids.next(), badPerMille);
                        }
                    };
                }, Encoders.STRING());

        // Transform: parse, validate, enrich with the country dimension (small: broadcast).
        Dataset<Row> parsed = raw
                .select(col("value").as("raw"), split(col("value"), ",", -1).as("f"))
                .select(col("raw"), size(col("f")).as("n_fields"),
                        col("f").getItem(0).cast("long").as("txn_id"),
                        col("f").getItem(1).cast("int").as("customer_id"),
                        col("f").getItem(2).as("country"),
                        col("f").getItem(3).cast("decimal(12,2)").as("amount"),
                        col("f").getItem(4).cast("long").as("ts"));
        Dataset<Row> countries = countries(spark);
        Dataset<Row> enriched = parsed
                .join(broadcast(countries), parsed.col("country").equalTo(countries.col("code")), "left")
                .withColumn("reject_reason",
                        when(col("n_fields").notEqual(5), "missing_field")
                                .when(col("amount").isNull(), "bad_amount")
                                .when(col("amount").lt(0), "negative_amount")
                                .when(col("region").isNull(), "unknown_country"))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long rowsRead = enriched.count();
            Dataset<Row> valid = enriched.filter(col("reject_reason").isNull());

            // Load: aggregates per country, per day and region, and the quarantine.
            String summaryPath = options.output() + "/country_summary";
            String quarantinePath = options.output() + "/quarantine";
            valid.groupBy("region", "country", "country_name")
                    .agg(count(lit(1)).as("txn_count"), sum("amount").as("total_amount"),
                            max("amount").as("max_amount"), countDistinct("customer_id").as("customers"))
                    .write().mode(SaveMode.Overwrite).parquet(summaryPath);
            valid.groupBy(to_date(from_unixtime(col("ts"))).as("day"), col("region"))
                    .agg(count(lit(1)).as("txn_count"), sum("amount").as("total_amount"))
                    .write().mode(SaveMode.Overwrite).parquet(options.output() + "/daily_region_summary");
            enriched.filter(col("reject_reason").isNotNull())
                    .select("raw", "reject_reason")
                    .write().mode(SaveMode.Overwrite).parquet(quarantinePath);

            Dataset<Row> summary = spark.read().parquet(summaryPath);
            Row totals = summary.agg(sum("txn_count"), count(lit(1))).first();
            long rowsWritten = totals.isNullAt(0) ? 0 : totals.getLong(0);
            long rowsRejected = spark.read().parquet(quarantinePath).count();
            if (rowsWritten + rowsRejected != rowsRead) {
                throw new IllegalStateException("rows lost: read " + rowsRead + " but wrote " + rowsWritten
                        + " and rejected " + rowsRejected);
            }
            return new EtlResult(rowsRead, rowsWritten, rowsRejected, totals.getLong(1));
        } finally {
            enriched.unpersist();
        }
    }

    static Dataset<Row> countries(SparkSession spark) {
        StructType schema = new StructType()
                .add("code", DataTypes.StringType, false)
                .add("country_name", DataTypes.StringType, false)
                .add("region", DataTypes.StringType, false);
        List<Row> rows = new ArrayList<>();
        Countries.ALL.forEach(c -> rows.add(RowFactory.create(c.code(), c.name(), c.region())));
        return spark.createDataFrame(rows, schema);
    }

    /**
     * Fault injection for the alerts part: the first attempt of a share of the first stage's tasks
     * fails (Spark retries it, the job succeeds, the failed-task counters rise), or every attempt
     * fails (the job fails).
     */
    static void injectFailure(double share, boolean failJob) {
        TaskContext task = TaskContext.get();
        if (task == null) {
            return;
        }
        if (failJob) {
            throw new IllegalStateException("injected job failure (--fail-job), task attempt " + task.attemptNumber());
        }
        boolean chosen = ((task.partitionId() * 0.6180339887) % 1.0) < share;
        if (chosen && task.attemptNumber() == 0) {
            throw new IllegalStateException("injected task failure (--fail-task-share " + share + "), partition "
                    + task.partitionId());
        }
    }
}
