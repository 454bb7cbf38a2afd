package io.sparklab.jobs;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerApplicationStart;
import org.apache.spark.sql.Encoders;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.Option;

/**
 * The driver's tracing listener on a local Spark session, its spans in memory (TracedSpark): one root
 * span for the application, a span per job under it, a span per submitted stage under its job, failures
 * as error spans with Spark's reason, the stages' shuffle metrics. And when tracing switches itself off.
 */
class TracingListenerTest {
    private static final String BOOM = "boom: a task of the tracing test fails";
    private static TracedSpark.Run run;

    @BeforeAll
    static void runAJobWithAShuffleAndAFailingJob() {
        run = TracedSpark.run(spark -> {
            // A shuffle: a map stage writes it, a result stage reads it.
            spark.range(0, 10_000, 1, 4).groupBy(col("id").mod(10)).count().collectAsList();
            assertThatThrownBy(() -> spark.range(0, 100, 1, 2)
                    .map((MapFunction<Long, Long>) x -> {
                        throw new IllegalStateException(BOOM);
                    }, Encoders.LONG())
                    .collectAsList())
                    .hasMessageContaining(BOOM);
        });
    }

    @Test
    void the_application_is_one_root_span_over_the_whole_trace() {
        assertThat(run.roots()).as("spans without a parent").hasSize(1);
        SpanData root = run.roots().get(0);
        assertThat(root.getName()).isEqualTo("application " + TracedSpark.APP_NAME);
        assertThat(root.getAttributes().get(TracingListener.APP_ID)).isEqualTo(run.appId());
        assertThat(run.spans()).as("every span in the application's trace")
                .allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(root.getTraceId()));
        assertThat(run.sdkShutDown()).as("the SDK shut down (its spans flushed) at the application's end").isTrue();
    }

    @Test
    void every_job_is_a_span_under_the_root() {
        SpanData root = run.roots().get(0);
        assertThat(run.jobs()).extracting(s -> s.getAttributes().get(TracingListener.JOB_ID))
                .as("a span per job Spark started").containsExactlyInAnyOrderElementsOf(run.spark().stagesOfJob.keySet());
        assertThat(run.jobs()).allSatisfy(job -> {
            assertThat(job.getParentSpanId()).as("parent of %s", job.getName()).isEqualTo(root.getSpanId());
            assertThat(job.getAttributes().get(TracingListener.JOB_STAGE_IDS))
                    .isEqualTo(run.spark().stagesOfJob.get(job.getAttributes().get(TracingListener.JOB_ID)));
        });
    }

    @Test
    void every_submitted_stage_is_a_span_under_its_job() {
        Map<TracedSpark.StageKey, SpanData> stages = run.stages().stream()
                .collect(Collectors.toMap(TracedSpark.StageKey::of, s -> s));
        assertThat(stages).as("a span per submitted stage attempt").hasSameSizeAs(run.stages())
                .containsOnlyKeys(run.spark().submittedStages.keySet());
        stages.forEach((key, stage) -> {
            assertThat(stage.getAttributes().get(TracingListener.STAGE_TASKS)).as("tasks of %s", stage.getName())
                    .isEqualTo(run.spark().submittedStages.get(key));
            SpanData job = run.parentOf(stage).orElseThrow(() -> new AssertionError(stage.getName() + " has no parent span"));
            assertThat(job.getAttributes().get(TracingListener.JOB_STAGE_IDS)).as("the stages of %s, parent of %s",
                    job.getName(), stage.getName()).contains(key.stageId());
        });
    }

    @Test
    void the_failed_job_and_its_failed_stage_are_error_spans_with_the_reason() {
        List<SpanData> failedJobs = errors(run.jobs());
        assertThat(failedJobs).as("failed job spans").hasSize(1);
        SpanData job = failedJobs.get(0);
        assertThat(job.getAttributes().get(TracingListener.JOB_RESULT)).isEqualTo("failed");
        assertThat(job.getAttributes().get(TracingListener.FAILURE_REASON)).contains(BOOM);

        List<SpanData> failedStages = errors(run.stages());
        assertThat(failedStages).as("failed stage spans").hasSize(1);
        SpanData stage = failedStages.get(0);
        assertThat(stage.getAttributes().get(TracingListener.FAILURE_REASON)).contains(BOOM);
        assertThat(stage.getStatus().getDescription()).as("the status says why, on one line").contains(BOOM).doesNotContain("\n");
        assertThat(stage.getAttributes().get(TracingListener.STAGE_FAILED_TASKS)).isPositive();
        assertThat(stage.getParentSpanId()).as("the failed stage's parent").isEqualTo(job.getSpanId());

        assertThat(run.spans()).filteredOn(s -> s != job && s != stage).as("the other spans")
                .allSatisfy(s -> assertThat(s.getStatus().getStatusCode()).as(s.getName()).isEqualTo(StatusCode.UNSET));
    }

    @Test
    void the_map_stage_writes_the_shuffle_the_next_stage_reads() {
        assertThat(run.stages()).as("stages with shuffle write bytes")
                .anySatisfy(s -> assertThat(s.getAttributes().get(TracingListener.SHUFFLE_WRITE_BYTES)).isPositive());
        assertThat(run.stages()).as("stages with shuffle read bytes")
                .anySatisfy(s -> assertThat(s.getAttributes().get(TracingListener.SHUFFLE_READ_BYTES)).isPositive());
    }

    @Test
    void the_listener_counts_its_own_cpu_in_every_callback() {
        // The application's start the run posted by hand, and every later event Spark sent both listeners.
        assertThat(run.cpu().callbacks()).as("callbacks counted").isEqualTo(run.spark().tracedKinds.get() + 1);
        assumeTrue(InstrumentCpu.supported(), "this JVM counts no thread CPU time");
        // Each callback ends spans here, and the test's exporter keeps them in the callback's thread.
        assertThat(run.cpu().callbackNanos()).as("CPU of the callbacks, ns").isPositive();
    }

    @Test
    void an_exporter_host_that_does_not_resolve_is_named() {
        assumeNoOtelSettings();
        Map<String, String> settings = TracingListener.labDefaults("app");
        settings.put("otel.exporter.zipkin.endpoint", "http://no-such-host.invalid:9411/api/v2/spans");
        assertThat(TracingListener.unresolvableEndpoint(settings)).contains("no-such-host.invalid").contains("does not resolve");

        settings = TracingListener.labDefaults("app");
        settings.put("otel.traces.exporter", "otlp");
        settings.put("otel.exporter.otlp.endpoint", "http://no-such-host.invalid:4318");
        assertThat(TracingListener.unresolvableEndpoint(settings)).contains("no-such-host.invalid");
    }

    @Test
    void an_exporter_that_sends_nowhere_needs_no_host() {
        assumeNoOtelSettings();
        Map<String, String> settings = TracingListener.labDefaults("app");
        settings.put("otel.traces.exporter", "none");
        assertThat(TracingListener.unresolvableEndpoint(settings)).isNull();
    }

    @Test
    void a_listener_whose_backend_does_not_resolve_traces_nothing() {
        assumeNoOtelSettings();
        TracingListener off = new TracingListener(new SparkConf().set("spark.app.name", "app")
                .set("spark.otel.exporter.zipkin.endpoint", "http://no-such-host.invalid:9411/api/v2/spans"));
        assertThat(TracingListener.configuredSdk(new SparkConf().set("spark.app.name", "app")
                .set("spark.otel.exporter.zipkin.endpoint", "http://no-such-host.invalid:9411/api/v2/spans"))).isNull();
        // Off, it ignores every event (no SDK to end or shut down).
        off.onApplicationStart(new SparkListenerApplicationStart("app", Option.apply("app-1"), 0L, "user",
                Option.empty(), Option.empty(), Option.empty()));
        off.onApplicationEnd(new SparkListenerApplicationEnd(1L));
    }

    @Test
    void settings_the_sdk_refuses_turn_tracing_off_instead_of_failing_the_application() {
        assumeNoOtelSettings();
        // OTLP over gRPC: the Spark image has no gRPC sender (and this test classpath no OTLP exporter at
        // all); either way autoconfigure throws, and a listener that throws stops Spark's context.
        SparkConf conf = new SparkConf().set("spark.app.name", "app").set("spark.otel.traces.exporter", "otlp")
                .set("spark.otel.exporter.otlp.endpoint", "http://localhost:4317").set("spark.otel.exporter.otlp.protocol", "grpc");
        assertThat(TracingListener.configuredSdk(conf)).isNull();
        new TracingListener(conf).onApplicationEnd(new SparkListenerApplicationEnd(1L));
    }

    private static List<SpanData> errors(List<SpanData> spans) {
        return spans.stream().filter(s -> s.getStatus().getStatusCode() == StatusCode.ERROR).toList();
    }

    /** OTEL_* environment variables and otel.* system properties win over the settings these tests pass. */
    private static void assumeNoOtelSettings() {
        assumeTrue(System.getenv().keySet().stream().noneMatch(k -> k.startsWith("OTEL_"))
                && System.getProperties().stringPropertyNames().stream().noneMatch(k -> k.startsWith("otel.")),
                "no OTEL_* environment variable or otel.* system property");
    }
}
