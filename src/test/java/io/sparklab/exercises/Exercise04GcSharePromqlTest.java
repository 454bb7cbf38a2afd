package io.sparklab.exercises;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparklab.grading.PromqlFile;
import io.sparklab.stack.DockerRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exercise 04: the PromQL for each executor's share of task time spent in GC, per application. */
@Exercise
class Exercise04GcSharePromqlTest {
    static final Path ANSWER = ExerciseTools.PROJECT.root().resolve("exercises/04-gc-share-promql/answer.promql");

    @Test
    void the_query_gives_each_executors_gc_share(@TempDir Path dir) throws IOException {
        // Read as --live reads it: comments end at the line's end.
        String query = PromqlFile.query(ANSWER);
        assertThat(query).as("your query in %s", ANSWER).isNotBlank();
        // etl_job's executor 0: 500 ms of GC per 5000 ms of task time (10 %); its executor 1: 1000 per
        // 4000 (25 %). transaction_stream's executor 0: 200 per 4000 (5 %), not to be added to etl_job's.
        Path test = dir.resolve("gc-share.test.yml");
        Files.writeString(test, """
                rule_files: [alert-rules.yml]
                evaluation_interval: 5s
                tests:
                  - interval: 5s
                    input_series:
                      - series: 'spark_executor_jvmgctime_total{job="spark-executors", instance="w1:7072", app="etl_job", executor_id="0"}'
                        values: '0+500x30'
                      - series: 'spark_executor_runtime_total{job="spark-executors", instance="w1:7072", app="etl_job", executor_id="0"}'
                        values: '0+5000x30'
                      - series: 'spark_executor_jvmgctime_total{job="spark-executors", instance="w2:7072", app="etl_job", executor_id="1"}'
                        values: '0+1000x30'
                      - series: 'spark_executor_runtime_total{job="spark-executors", instance="w2:7072", app="etl_job", executor_id="1"}'
                        values: '0+4000x30'
                      - series: 'spark_executor_jvmgctime_total{job="spark-executors", instance="w2:7073", app="transaction_stream", executor_id="0"}'
                        values: '0+200x30'
                      - series: 'spark_executor_runtime_total{job="spark-executors", instance="w2:7073", app="transaction_stream", executor_id="0"}'
                        values: '0+4000x30'
                    promql_expr_test:
                      - expr: %s
                        eval_time: 2m
                        exp_samples:
                          - labels: '{app="etl_job", executor_id="0"}'
                            value: 0.1
                          - labels: '{app="etl_job", executor_id="1"}'
                            value: 0.25
                          - labels: '{app="transaction_stream", executor_id="0"}'
                            value: 0.05
                """.formatted(yamlQuoted(query)));

        DockerRun.Result result = ExerciseTools.promtoolTest(test);

        assertThat(result.succeeded()).as("promtool evaluating your query:%n%s", result.output()).isTrue();
    }

    private static String yamlQuoted(String query) {
        return "'" + query.replace("'", "''") + "'";
    }
}
