package io.sparklab.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.sparklab.exercises.Exercise;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Encoders;
import org.junit.jupiter.api.Test;

/**
 * Exercise 16: an attribute on the stage span. Each stage span of the driver's tracing listener gains
 * spark.stage.executor_run_time_ms, the stage's total executor run time (StageInfo.taskMetrics()
 * .executorRunTime()), so a trace shows where the executors' time went, not only the stage's wall time.
 * Runs a small job with a shuffle in a local Spark session, traced into memory (TracedSpark), and holds
 * every stage span against what Spark reported to a plain listener.
 */
@Exercise
class Exercise16StageSpanRunTimeTest {
    private static final AttributeKey<Long> EXECUTOR_RUN_TIME = AttributeKey.longKey("spark.stage.executor_run_time_ms");

    @Test
    void every_stage_span_carries_its_executor_run_time() {
        TracedSpark.Run run = TracedSpark.run(spark -> spark.range(0, 10_000, 1, 4)
                .map((MapFunction<Long, Long>) x -> {
                    if (x % 2_500 == 0) {
                        Thread.sleep(50); // each of the 4 map tasks works 50 ms at least
                    }
                    return x % 10;
                }, Encoders.LONG())
                .groupBy("value").count().collectAsList());

        assertThat(run.stages()).as("stage spans").isNotEmpty();
        for (SpanData stage : run.stages()) {
            TracedSpark.StageKey key = TracedSpark.StageKey.of(stage);
            assertThat(stage.getAttributes().get(EXECUTOR_RUN_TIME)).as("attribute %s of the span '%s' (its attributes: %s)",
                    EXECUTOR_RUN_TIME.getKey(), stage.getName(), stage.getAttributes()).isNotNull();
            assertThat(stage.getAttributes().get(EXECUTOR_RUN_TIME)).as("%s of '%s': the stage's executorRunTime, as its "
                    + "StageInfo reports it", EXECUTOR_RUN_TIME.getKey(), stage.getName())
                    .isEqualTo(run.spark().executorRunTimeMs.get(key));
        }
        assertThat(run.spark().executorRunTimeMs.values()).as("executor run time of the stages (ms)").anyMatch(ms -> ms > 0);
    }
}
