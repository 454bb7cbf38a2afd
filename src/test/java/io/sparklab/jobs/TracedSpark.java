package io.sparklab.jobs;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
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
 * spans beside what Spark itself reported to a plain listener. No network, no trace backend, unless a
 * test also sends the spans to one ({@link #run(Consumer, SpanExporter)}: Exercise17SlowStagesTest's
 * Zipkin).
 */
final class TracedSpark {
    static final String APP_NAME = "tracing-test";
    /** The spans' service: the application's name, as the lab's defaults make it (TracingListener.labDefaults). */
    static final Resource RESOURCE = Resource.getDefault()
            .merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), APP_NAME)));

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
        /** Each completed stage attempt's wall time in ms, submission to completion (a stage span's length). */
        final Map<StageKey, Long> stageMillis = new ConcurrentHashMap<>();
        /** The job group of each job started in one (SparkContext.setJobGroup), by job id. */
        final Map<Long, String> jobGroups = new ConcurrentHashMap<>();
        /** The events of the kinds the tracing listener handles (all but the application's start). */
        final java.util.concurrent.atomic.AtomicLong tracedKinds = new java.util.concurrent.atomic.AtomicLong();

        @Override
        public void onJobEnd(org.apache.spark.scheduler.SparkListenerJobEnd event) {
            tracedKinds.incrementAndGet();
        }

        @Override
        public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd event) {
            tracedKinds.incrementAndGet();
        }

        @Override
        public void onApplicationEnd(org.apache.spark.scheduler.SparkListenerApplicationEnd event) {
            tracedKinds.incrementAndGet();
        }

        @Override
        public void onJobStart(SparkListenerJobStart event) {
            tracedKinds.incrementAndGet();
            List<Long> stageIds = new ArrayList<>();
            for (scala.collection.Iterator<Object> ids = event.stageIds().iterator(); ids.hasNext(); ) {
                stageIds.add(((Integer) ids.next()).longValue());
            }
            stagesOfJob.put((long) event.jobId(), stageIds);
            // SparkContext.setJobGroup's property (SparkContext.SPARK_JOB_GROUP_ID, private to Spark).
            String group = event.properties() == null ? null : event.properties().getProperty("spark.jobGroup.id");
            if (group != null) {
                jobGroups.put((long) event.jobId(), group);
            }
        }

        /** The stage ids of the jobs started in the given job group. */
        List<Long> stagesOfGroup(String group) {
            return jobGroups.entrySet().stream().filter(e -> e.getValue().equals(group))
                    .flatMap(e -> stagesOfJob.get(e.getKey()).stream()).sorted().toList();
        }

        @Override
        public void onStageSubmitted(SparkListenerStageSubmitted event) {
            tracedKinds.incrementAndGet();
            submittedStages.put(StageKey.of(event.stageInfo()), (long) event.stageInfo().numTasks());
        }

        @Override
        public void onStageCompleted(SparkListenerStageCompleted event) {
            tracedKinds.incrementAndGet();
            StageInfo info = event.stageInfo();
            if (info.taskMetrics() != null) {
                executorRunTimeMs.put(StageKey.of(info), info.taskMetrics().executorRunTime());
            }
            if (info.submissionTime().isDefined() && info.completionTime().isDefined()) {
                stageMillis.put(StageKey.of(info), (Long) info.completionTime().get() - (Long) info.submissionTime().get());
            }
        }
    }

    /** The run's finished spans and Spark's own account of it. */
    record Run(String appId, List<SpanData> spans, SparkEvents spark, boolean sdkShutDown, InstrumentCpu cpu) {
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
        return run(jobs, null);
    }

    /**
     * {@link #run(Consumer)}, the spans also sent to {@code alsoTo} (when not null) in batches, as the driver
     * sends them in the lab: the listener shuts the SDK down at the application's end, which exports what
     * is left, so every span has been sent when this returns (a backend may take a moment to show them).
     */
    static Run run(Consumer<SparkSession> jobs, SpanExporter alsoTo) {
        stop(SparkSession.getActiveSession());
        stop(SparkSession.getDefaultSession());
        SparkSession spark = session(APP_NAME);
        SparkContext sc = spark.sparkContext();
        KeptSpans exporter = new KeptSpans();
        SdkTracerProviderBuilder tracing = SdkTracerProvider.builder().setResource(RESOURCE)
                .addSpanProcessor(SimpleSpanProcessor.create(exporter));
        if (alsoTo != null) {
            tracing.addSpanProcessor(BatchSpanProcessor.builder(alsoTo).build());
        }
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(tracing.build()).build();
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
        return new Run(sc.applicationId(), exporter.spans(), events, exporter.shutDown, listener.cpu());
    }

    /**
     * Runs {@code jobs} in a local session that is not traced, then stops it: the JVM's first Spark jobs
     * are slow (class loading, the JIT), and a test that times stages runs the same jobs traced after.
     */
    static void warmUp(Consumer<SparkSession> jobs) {
        stop(SparkSession.getActiveSession());
        stop(SparkSession.getDefaultSession());
        SparkSession spark = session("warm-up");
        try {
            jobs.accept(spark);
        } finally {
            spark.stop();
        }
    }

    private static SparkSession session(String appName) {
        return SparkSession.builder().master("local[2]").appName(appName)
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
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
