package io.sparklab.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.sparklab.client.ZipkinClient;
import io.sparklab.exercises.Exercise;
import java.time.Duration;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.SparkSession;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * Exercise 17: find the slow stages with a trace query. ZipkinClient.slowStages asks Zipkin for the
 * traces of a service that have a stage span (annotationQuery=spark.stage.id) and a span of at least the
 * given duration (minDuration), then keeps the stage spans that lasted that long, slowest first.
 *
 * <p>No mocks: a real Zipkin server runs as a local process (ZipkinProcess, no Docker), a local Spark
 * session runs two fast jobs (a shuffle, a count) and two jobs whose tasks sleep, traced by the real
 * TracingListener through the real Zipkin exporter, and the slow stages Zipkin gives back are held
 * against the stages Spark itself reported to a plain listener. In package io.sparklab.jobs, beside the
 * harness it shares with exercise 16 (TracedSpark, which builds the listener through its package-private
 * constructor).
 */
@Exercise
class Exercise17SlowStagesTest {
    private static final String SLOW = "slow";
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    private static final Duration ONE_HOUR = Duration.ofHours(1);

    @Test
    void zipkin_finds_the_stages_that_lasted_a_second_or_more_slowest_first() {
        try (ZipkinProcess zipkin = ZipkinProcess.start()) {
            // The fast jobs once untraced first: a JVM's first Spark stage can take a second by itself.
            TracedSpark.warmUp(Exercise17SlowStagesTest::fastJobs);
            // The listener on TracedSpark's own SDK with the lab's Zipkin exporter, rather than through its
            // public constructor (spark.otel.exporter.zipkin.endpoint and autoconfigure): the same harness as
            // exercise 16, the spans kept in memory too, and no OTEL_* variable of the student's shell (say,
            // OTEL_TRACES_EXPORTER=otlp for Jaeger, docs/tracing.md) can send them elsewhere.
            TracedSpark.Run run = TracedSpark.run(spark -> {
                fastJobs(spark);
                JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
                // Slow stages, a job each, in a job group so that Spark's own account says which they are.
                jsc.setJobGroup(SLOW, "stages whose tasks sleep", false);
                jsc.parallelize(List.of(1, 2), 2).mapPartitions(sleeping(1_500)).count();
                jsc.parallelize(List.of(1, 2), 2).mapPartitions(sleeping(2_500)).count();
                jsc.clearJobGroup();
            }, ZipkinSpanExporter.builder().setEndpoint(zipkin.spansEndpoint()).build());

            // Spark's account (a plain listener): which stages slept, and how long every stage took.
            Map<Long, Long> millis = run.spark().stageMillis.entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().stageId(), Map.Entry::getValue, Math::max));
            List<Long> sleeping = run.spark().stagesOfGroup(SLOW);
            assertThat(sleeping).as("the stages of the jobs whose tasks sleep").hasSize(2);
            assertThat(millis).as("stages Spark reported (ms, by stage id)").hasSize(5);
            assertThat(sleeping).as("Spark's durations (ms) of the sleeping stages: %s", millis)
                    .allSatisfy(id -> assertThat(millis.get(id)).isGreaterThanOrEqualTo(ONE_SECOND.toMillis()));
            // Normally the sleeping stages only; on a machine so busy that a fast stage took a second, that one
            // too: Zipkin has the same durations.
            List<String> slow = millis.entrySet().stream().filter(e -> e.getValue() >= ONE_SECOND.toMillis())
                    .map(e -> String.valueOf(e.getKey())).toList();
            List<String> fast = millis.entrySet().stream().filter(e -> e.getValue() < ONE_SECOND.toMillis())
                    .map(e -> String.valueOf(e.getKey())).toList();

            // The listener has shut its SDK down (every span sent); wait until Zipkin shows the whole trace.
            ZipkinClient client = new ZipkinClient(zipkin.url());
            String traceId = run.roots().get(0).getTraceId();
            Awaitility.await("the run's " + run.spans().size() + " spans in Zipkin").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(client.trace(traceId)).hasSize(run.spans().size()));

            List<JsonNode> found = client.slowStages(TracedSpark.APP_NAME, ONE_SECOND, ONE_HOUR);
            assertThat(found).extracting(s -> s.path("tags").path("spark.stage.id").asText("(none)"))
                    .as("tag spark.stage.id of the spans slowStages(\"%s\", 1 s, 1 h) returned (%s); Spark's stage "
                            + "durations (ms) by stage id: %s", TracedSpark.APP_NAME, names(found), millis)
                    .doesNotContainAnyElementsOf(fast)
                    .containsExactlyInAnyOrderElementsOf(slow);
            assertThat(found).extracting(s -> s.path("duration").asLong())
                    .as("durations (µs) of the spans slowStages returned, slowest first (%s)", names(found))
                    .isSortedAccordingTo(Comparator.reverseOrder())
                    .allSatisfy(us -> assertThat(us).isGreaterThanOrEqualTo(ONE_SECOND.toNanos() / 1_000));
            assertThat(found).as("each span's duration (µs) against the stage's wall time Spark reported (ms): %s", millis)
                    .allSatisfy(s -> assertThat(s.path("duration").asLong())
                            .isEqualTo(millis.get(s.path("tags").path("spark.stage.id").asLong()) * 1_000));

            assertThat(client.slowStages(TracedSpark.APP_NAME, ONE_HOUR, ONE_HOUR))
                    .as("slowStages(\"%s\", 1 h, 1 h): no stage lasted an hour", TracedSpark.APP_NAME).isEmpty();
        }
    }

    /** Fast stages: a shuffle (its map stage and its result stage), then a count. */
    private static void fastJobs(SparkSession spark) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Integer> numbers = IntStream.range(0, 1_000).boxed().toList();
        jsc.parallelize(numbers, 2).mapToPair(x -> new Tuple2<>(x % 10, 1)).reduceByKey(Integer::sum).collect();
        jsc.parallelize(numbers, 2).count();
    }

    /** Each task sleeps {@code millis}, then passes its partition on. */
    private static FlatMapFunction<Iterator<Integer>, Integer> sleeping(long millis) {
        return partition -> {
            Thread.sleep(millis);
            return partition;
        };
    }

    private static String names(List<JsonNode> spans) {
        return spans.stream().map(s -> s.path("name").asText() + " " + s.path("duration").asLong() + " µs")
                .collect(Collectors.joining(", "));
    }
}
