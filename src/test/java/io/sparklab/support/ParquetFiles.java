package io.sparklab.support;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Reads a job's Parquet output, copied out of the data volume, with a small local Spark session. */
public final class ParquetFiles {
    private static SparkSession spark;

    private ParquetFiles() {
    }

    public static List<Row> read(Path folder) {
        return spark().read().parquet(folder.toString()).collectAsList();
    }

    /**
     * The test JVM's local Spark session (also for running the ETL's pipeline on small data); a new one
     * when a test stopped it (a JVM runs one Spark context at a time: io.sparklab.jobs.TracedSpark stops
     * this one for its own).
     */
    public static synchronized SparkSession spark() {
        if (spark == null || spark.sparkContext().isStopped()) {
            spark = SparkSession.builder().master("local[2]").appName("lab-test")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .getOrCreate();
        }
        return spark;
    }
}
