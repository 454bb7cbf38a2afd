package io.sparklab.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparklab.exercises.Exercise;
import io.sparklab.support.ParquetFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exercise 08: change the job's partitioning and see it in the task counts. `--repartition N`
 * repartitions the valid rows into N partitions before the aggregations: a stage of N tasks appears
 * (and in Prometheus, spark_tasks_completed_total grows by N more).
 */
@Exercise
class Exercise08RepartitionTest {
    @Test
    void repartition_gives_a_stage_of_that_many_tasks(@TempDir Path dir) {
        EtlOptions options = EtlOptions.parse("--rows", "20000", "--partitions", "2", "--repartition", "24",
                "--output", dir.toString(), "--pushgateway", "", "--prometheus", "");
        SparkSession spark = ParquetFiles.spark();
        List<Integer> tasksPerStage = new CopyOnWriteArrayList<>();
        SparkListener listener = new SparkListener() {
            @Override
            public void onStageCompleted(SparkListenerStageCompleted event) {
                tasksPerStage.add(event.stageInfo().numTasks());
            }
        };
        spark.sparkContext().addSparkListener(listener);
        try {
            EtlJob.run(spark, options);
        } finally {
            spark.sparkContext().removeSparkListener(listener);
        }

        // The listener bus delivers events asynchronously: give it a moment to catch up.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(tasksPerStage).as("tasks of each stage of the ETL with --repartition 24").contains(24));
    }

    @Test
    void the_usage_documents_the_option() {
        assertThat(EtlOptions.USAGE).contains("--repartition");
    }
}
