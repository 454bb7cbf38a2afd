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

    public static synchronized List<Row> read(Path folder) {
        if (spark == null) {
            spark = SparkSession.builder().master("local[1]").appName("lab-test-reader")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "1")
                    .getOrCreate();
        }
        return spark.read().parquet(folder.toString()).collectAsList();
    }
}
