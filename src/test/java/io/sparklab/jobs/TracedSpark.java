package io.sparklab.jobs;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationStart;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.SparkSession;
import scala.Option;

/**
 * A local Spark session traced by {@link TracingListener} into memory, for the listener's tests
 * (TracingListenerTest, Exercise16StageSpanRunTimeTest): runs the given jobs, stops the session (the
 * application's end: the listener ends its root span and shuts its SDK down) and returns the finished
 * spans beside what Spark itself reported to a plain listener. No network, no trace backend.
 */
final class TracedSpark {
    static final String APP_NAME = "tracing-test";

    private TracedSpark() {
    }

    /** A stage attempt, as the stage spans' attributes name it. */
    record StageKey(long stageId, long attempt) {
        static StageKey of(StageInfo info) {
            return new StageKey(info.stageId(), info.attemptNumber());
        }

        static StageKey of(SpanData stageSpan) {
            return new StageKey(stageSpan.getAttributes().get(TracingListener.STAGE_ID),
                    stageSpan.getAttributes().get(TracingListener.STAGE_ATTEMPT));
        }
    }

    /** What Spark reported, through a plain listener beside the tracing one (filled on the listener bus). */
    static final class SparkEvents extends SparkListener {
        /** Each job's stage ids, by job id. */
        final Map<Long, List<Long>> stagesOfJob = new ConcurrentHashMap<>();
        /** Each submitted stage attempt's task count. */
        final Map<StageKey, Long> submittedStages = new ConcurrentHashMap<>();
        /** Each completed stage attempt's total executor run time in ms, as its StageInfo said at completion. */
        final Map<StageKey, Long> executorRunTimeMs = new ConcurrentHashMap<>();

        @Override
        public void onJobStart(SparkListenerJobStart event) {
            List<Long> stageIds = new ArrayList<>();
            for (scala.collection.Iterator<Object> ids = event.stageIds().iterator(); ids.hasNext(); ) {
                stageIds.add(((Integer) ids.next()).longValue());
            }
            stagesOfJob.put((long) event.jobId(), stageIds);
        }

        @Override
        public void onStageSubmitted(SparkListenerStageSubmitted event) {
            submittedStages.put(StageKey.of(event.stageInfo()), (long) event.stageInfo().numTasks());
        }

        @Override
        public void onStageCompleted(SparkListenerStageCompleted event) {
            StageInfo info = event.stageInfo();
            if (info.taskMetrics() != null) {
                executorRunTimeMs.put(StageKey.of(info), info.taskMetrics().executorRunTime());
            }
        }
    }

    /** The run's finished spans and Spark's own account of it. */
    record Run(String appId, List<SpanData> spans, SparkEvents spark, boolean sdkShutDown) {
        /** Spans without a parent: the application's, if the listener did its job. */
        List<SpanData> roots() {
            return spans.stream().filter(s -> !SpanId.isValid(s.getParentSpanId())).toList();
        }

        List<SpanData> jobs() {
            return spans.stream().filter(s -> s.getAttributes().get(TracingListener.JOB_ID) != null).toList();
        }

        List<SpanData> stages() {
            return spans.stream().filter(s -> s.getAttributes().get(TracingListener.STAGE_ID) != null).toList();
        }

        Optional<SpanData> parentOf(SpanData span) {
            return spans.stream().filter(s -> s.getSpanId().equals(span.getParentSpanId())).findFirst();
        }
    }

    /**
     * Runs {@code jobs} in a new local session traced into memory, then stops it. A JVM runs one Spark
     * context at a time: one another test left running (ParquetFiles') is stopped first.
     */
    static Run run(Consumer<SparkSession> jobs) {
        stop(SparkSession.getActiveSession());
        stop(SparkSession.getDefaultSession());
        SparkSession spark = SparkSession.builder().master("local[2]").appName(APP_NAME)
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
        SparkContext sc = spark.sparkContext();
        KeptSpans exporter = new KeptSpans();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
                .build();
        TracingListener listener = new TracingListener(APP_NAME, sdk);
        // Added to a running context, the listener missed the application's start: post it here, with the
        // context's own id and start time, before it is added (so the bus thread sees the root span). This
        // rather than spark.extraListeners, which would need the SDK handed over through a static field:
        // every later event (jobs, stages, tasks, the application's end) comes from Spark as in production.
        listener.onApplicationStart(new SparkListenerApplicationStart(sc.appName(), Option.apply(sc.applicationId()),
                sc.startTime(), sc.sparkUser(), Option.empty(), Option.empty(), Option.empty()));
        SparkEvents events = new SparkEvents();
        sc.addSparkListener(events);
        sc.addSparkListener(listener);
        try {
            jobs.accept(spark);
        } finally {
            spark.stop(); // returns once the listeners have seen every event, the application's end included
        }
        return new Run(sc.applicationId(), exporter.spans(), events, exporter.shutDown);
    }

    private static void stop(Option<SparkSession> session) {
        if (session.isDefined() && !session.get().sparkContext().isStopped()) {
            session.get().stop();
        }
    }

    /**
     * An InMemorySpanExporter that outlives the SDK's shutdown: the listener shuts its SDK down at the
     * application's end, and InMemorySpanExporter forgets its spans when shut down.
     */
    private static final class KeptSpans implements SpanExporter {
        private final InMemorySpanExporter memory = InMemorySpanExporter.create();
        private volatile boolean shutDown;

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return memory.export(spans);
        }

        @Override
        public CompletableResultCode flush() {
            return memory.flush();
        }

        @Override
        public CompletableResultCode shutdown() {
            shutDown = true;
            return CompletableResultCode.ofSuccess();
        }

        List<SpanData> spans() {
            return memory.getFinishedSpanItems();
        }
    }
}
