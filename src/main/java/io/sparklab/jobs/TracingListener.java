package io.sparklab.jobs;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.JobFailed;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerApplicationStart;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import scala.Tuple2;

/**
 * The driver's jobs and stages as OpenTelemetry spans: one trace per application (a root span from
 * application start to end), a span per job under it, a span per submitted stage attempt under the job
 * that submitted it (stages a job skips, because an earlier job computed them, get none, as in Spark's
 * UI). Times are Spark's own event times, so spans match the REST API's to the millisecond. Failed jobs
 * and stages are error spans with Spark's reason.
 *
 * <p>Registered with {@code spark.extraListeners} (the ETL job does it, switched off by
 * {@code spark.lab.tracing=false}). Configured by OpenTelemetry's standard settings (SDK
 * autoconfigure): system properties {@code otel.*}, then environment {@code OTEL_*}, then Spark
 * properties {@code spark.otel.*}, then the lab's defaults: service name = the application name,
 * Zipkin at {@code http://zipkin:9411/api/v2/spans}. {@code OTEL_TRACES_EXPORTER=otlp} with
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT=http://jaeger:4318}, {@code OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf}
 * sends to Jaeger instead, no code changed (docs/tracing.md).
 *
 * <p>When the exporter's host does not resolve (the lab without its traces add-on) the listener says
 * so once and traces nothing: no export errors in a run that never asked for traces. Spans go out in
 * batches while the application runs and the rest at its end ({@code shutdown} waits for them: without
 * it the last spans are lost with the JVM).
 */
public class TracingListener extends SparkListener {
    /** The lab's trace backend (io.sparklab.tracing.TracingService.ZIPKIN_SPANS_ENDPOINT). */
    public static final String DEFAULT_ZIPKIN_ENDPOINT = "http://zipkin:9411/api/v2/spans";
    static final String SCOPE = "io.sparklab.spark";
    private static final long SHUTDOWN_SECONDS = 10;

    static final AttributeKey<String> APP_ID = AttributeKey.stringKey("spark.app.id");
    static final AttributeKey<String> APP_NAME = AttributeKey.stringKey("spark.app.name");
    static final AttributeKey<Long> JOB_ID = AttributeKey.longKey("spark.job.id");
    static final AttributeKey<List<Long>> JOB_STAGE_IDS = AttributeKey.longArrayKey("spark.job.stage_ids");
    static final AttributeKey<String> JOB_DESCRIPTION = AttributeKey.stringKey("spark.job.description");
    static final AttributeKey<String> JOB_RESULT = AttributeKey.stringKey("spark.job.result");
    static final AttributeKey<Long> STAGE_ID = AttributeKey.longKey("spark.stage.id");
    static final AttributeKey<Long> STAGE_ATTEMPT = AttributeKey.longKey("spark.stage.attempt");
    static final AttributeKey<String> STAGE_NAME = AttributeKey.stringKey("spark.stage.name");
    static final AttributeKey<Long> STAGE_TASKS = AttributeKey.longKey("spark.stage.tasks");
    static final AttributeKey<Long> STAGE_FAILED_TASKS = AttributeKey.longKey("spark.stage.failed_task_attempts");
    static final AttributeKey<Long> INPUT_BYTES = AttributeKey.longKey("spark.stage.input_bytes");
    static final AttributeKey<Long> INPUT_RECORDS = AttributeKey.longKey("spark.stage.input_records");
    static final AttributeKey<Long> OUTPUT_BYTES = AttributeKey.longKey("spark.stage.output_bytes");
    static final AttributeKey<Long> SHUFFLE_READ_BYTES = AttributeKey.longKey("spark.stage.shuffle_read_bytes");
    static final AttributeKey<Long> SHUFFLE_WRITE_BYTES = AttributeKey.longKey("spark.stage.shuffle_write_bytes");
    static final AttributeKey<String> FAILURE_REASON = AttributeKey.stringKey("spark.failure_reason");

    private final String appName;
    private final OpenTelemetrySdk sdk;
    private final Tracer tracer;
    private Span application;
    private final Map<Integer, Span> jobs = new HashMap<>();
    /** The stages each running job lists: a submitted stage belongs to the lowest running job listing it. */
    private final Map<Integer, java.util.Set<Integer>> stagesOfRunningJob = new java.util.TreeMap<>();
    private final Map<Tuple2<Integer, Integer>, Span> stages = new HashMap<>();
    private final Map<Tuple2<Integer, Integer>, long[]> failedTasks = new HashMap<>();
    /** What tracing costs the driver in CPU, printed at the application's end (./lab bench-etl reads it). */
    private final InstrumentCpu cpu = new InstrumentCpu();
    private long exporterNanos;

    public TracingListener(SparkConf conf) {
        this(conf, InstrumentCpu.now());
    }

    private TracingListener(SparkConf conf, long cpuBefore) {
        this(conf.get("spark.app.name", "spark"), configuredSdk(conf));
        // Spark builds its extra listeners after it has the application id and before it posts any
        // event: the root span starts here, at the application's start time (the same number
        // onApplicationStart carries), so the trace id exists before any listener hears of the
        // application (LabMetricsListener exports it as spark_app_info{trace_id}).
        if (!off() && conf.contains("spark.app.id")) {
            startApplication(conf.get("spark.app.id"), conf.getLong("spark.app.startTime", System.currentTimeMillis()));
        }
        cpu.started(cpuBefore); // the SDK's start (class loading, autoconfigure) on the thread that makes the SparkContext
    }

    /**
     * The listener on a given SDK (the tests' in-memory exporter: no network, no autoconfigure); a null
     * SDK traces nothing. The SDK is the listener's: it is shut down at application end.
     */
    TracingListener(String appName, OpenTelemetrySdk sdk) {
        this.appName = appName;
        this.sdk = sdk;
        this.tracer = sdk == null ? null : sdk.getTracer(SCOPE);
    }

    /** The SDK the settings ask for, or null (tracing off) when its exporter's host does not resolve. */
    static OpenTelemetrySdk configuredSdk(SparkConf conf) {
        Map<String, String> settings = labDefaults(conf.get("spark.app.name", "spark"));
        for (Tuple2<String, String> entry : conf.getAllWithPrefix("spark.otel.")) {
            settings.put("otel." + entry._1(), entry._2()); // Spark properties over the lab's defaults
        }
        String unreachable = unresolvableEndpoint(settings);
        if (unreachable != null) {
            System.out.println("[tracing] off: " + unreachable + " (start the traces add-on, ./lab up --with traces,"
                    + " or set OTEL_TRACES_EXPORTER / OTEL_EXPORTER_*_ENDPOINT)");
            return null;
        }
        // System properties and environment win over this supplier (autoconfigure's order).
        try {
            return AutoConfiguredOpenTelemetrySdk.builder()
                    .addPropertiesSupplier(() -> settings)
                    .disableShutdownHook() // flushed at application end, below, while Spark still runs
                    .build()
                    .getOpenTelemetrySdk();
        } catch (RuntimeException e) {
            // A setting the SDK refuses (e.g. OTLP over gRPC, whose sender the Spark image does not
            // ship) must not fail the application: Spark stops a context whose listener cannot be built.
            System.out.println("[tracing] off: the OpenTelemetry settings were refused: " + e.getMessage());
            return null;
        }
    }

    /**
     * The trace id of this driver's application, or "" when it is not traced. One SparkContext per
     * JVM, so one application per driver.
     */
    public static String currentTraceId() {
        return currentTraceId;
    }

    private static volatile String currentTraceId = "";

    /** The lab's defaults, the lowest-priority settings. */
    static Map<String, String> labDefaults(String appName) {
        Map<String, String> settings = new HashMap<>();
        settings.put("otel.service.name", appName);
        settings.put("otel.traces.exporter", "zipkin");
        settings.put("otel.exporter.zipkin.endpoint", DEFAULT_ZIPKIN_ENDPOINT);
        // The Spark image ships OTLP's HTTP sender (JDK client) only: HTTP unless the user says grpc.
        settings.put("otel.exporter.otlp.protocol", "http/protobuf");
        settings.put("otel.metrics.exporter", "none"); // the lab's metrics go to Prometheus
        settings.put("otel.logs.exporter", "none");
        return settings;
    }

    /** The setting as autoconfigure sees it: system property, then environment, then the given settings. */
    static String setting(Map<String, String> settings, String property) {
        String sys = System.getProperty(property);
        if (sys != null && !sys.isBlank()) {
            return sys.strip();
        }
        String env = System.getenv(property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        return env != null && !env.isBlank() ? env.strip() : settings.get(property);
    }

    /**
     * Null when the chosen exporter's endpoint resolves (or the exporter sends nowhere on the network),
     * else what does not resolve.
     */
    static String unresolvableEndpoint(Map<String, String> settings) {
        if ("true".equalsIgnoreCase(setting(settings, "otel.sdk.disabled"))) {
            return null; // autoconfigure builds a no-op SDK
        }
        String exporter = String.valueOf(setting(settings, "otel.traces.exporter"));
        String endpoint;
        if (exporter.contains("zipkin")) {
            endpoint = setting(settings, "otel.exporter.zipkin.endpoint");
        } else if (exporter.contains("otlp")) {
            String traces = setting(settings, "otel.exporter.otlp.traces.endpoint");
            endpoint = traces != null ? traces : setting(settings, "otel.exporter.otlp.endpoint");
        } else {
            return null; // console, logging, none
        }
        if (endpoint == null) {
            return null; // the exporter's own default (localhost)
        }
        String host;
        try {
            host = URI.create(endpoint).getHost();
        } catch (IllegalArgumentException e) {
            return "the " + exporter + " endpoint '" + endpoint + "' is not a URL";
        }
        if (host == null) {
            return "the " + exporter + " endpoint '" + endpoint + "' names no host";
        }
        try {
            InetAddress.getByName(host);
            return null;
        } catch (UnknownHostException e) {
            return "the " + exporter + " endpoint's host '" + host + "' does not resolve (" + endpoint + ")";
        }
    }

    /** The CPU tracing has taken so far in this driver. */
    InstrumentCpu cpu() {
        return cpu;
    }

    private boolean off() {
        return tracer == null;
    }

    @Override
    public void onApplicationStart(SparkListenerApplicationStart event) {
        cpu.count(() -> applicationStart(event));
    }

    private void applicationStart(SparkListenerApplicationStart event) {
        if (off() || application != null) {
            return;
        }
        startApplication(event.appId().isDefined() ? event.appId().get() : "unknown", event.time());
    }

    private void startApplication(String appId, long startMillis) {
        application = tracer.spanBuilder("application " + appName).setNoParent().setSpanKind(SpanKind.INTERNAL)
                .setStartTimestamp(startMillis, TimeUnit.MILLISECONDS)
                .setAllAttributes(Attributes.of(APP_ID, appId, APP_NAME, appName))
                .startSpan();
        currentTraceId = application.getSpanContext().getTraceId();
        LogContext.application(appId);
        LogContext.trace(currentTraceId);
        // The trace id a person (and the lab's tests) looks up in Zipkin; also in Zipkin by tag spark.app.id.
        System.out.println("[tracing] application " + appId + " trace " + currentTraceId);
    }

    @Override
    public void onJobStart(SparkListenerJobStart event) {
        cpu.count(() -> jobStart(event));
    }

    private void jobStart(SparkListenerJobStart event) {
        if (off() || application == null) {
            return;
        }
        List<Long> stageIds = new ArrayList<>();
        java.util.Set<Integer> listed = new java.util.HashSet<>();
        scala.collection.Iterator<Object> ids = event.stageIds().iterator();
        while (ids.hasNext()) {
            int stageId = (Integer) ids.next();
            stageIds.add((long) stageId);
            listed.add(stageId);

        }
        String description = event.properties() == null ? null : event.properties().getProperty("callSite.short");
        Span job = tracer.spanBuilder("job " + event.jobId() + (description == null ? "" : " " + description))
                .setParent(Context.root().with(application))
                .setStartTimestamp(event.time(), TimeUnit.MILLISECONDS)
                .setAttribute(JOB_ID, (long) event.jobId())
                .setAttribute(JOB_STAGE_IDS, stageIds)
                .startSpan();
        if (description != null) {
            job.setAttribute(JOB_DESCRIPTION, description);
        }
        jobs.put(event.jobId(), job);
        stagesOfRunningJob.put(event.jobId(), listed);
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted event) {
        cpu.count(() -> stageSubmitted(event));
    }

    private void stageSubmitted(SparkListenerStageSubmitted event) {
        if (off()) {
            return;
        }
        StageInfo info = event.stageInfo();
        // The lowest running job that lists the stage, as Spark's own status store links them.
        Span job = stagesOfRunningJob.entrySet().stream().filter(e -> e.getValue().contains(info.stageId()))
                .map(e -> jobs.get(e.getKey())).findFirst().orElse(null);
        Span parent = job != null ? job : application;
        if (parent == null) {
            return;
        }
        long start = info.submissionTime().isDefined() ? (Long) info.submissionTime().get() : System.currentTimeMillis();
        Span stage = tracer.spanBuilder("stage " + info.stageId() + " " + info.name())
                .setParent(Context.root().with(parent))
                .setStartTimestamp(start, TimeUnit.MILLISECONDS)
                .setAttribute(STAGE_ID, (long) info.stageId())
                .setAttribute(STAGE_ATTEMPT, (long) info.attemptNumber())
                .setAttribute(STAGE_NAME, info.name())
                .setAttribute(STAGE_TASKS, (long) info.numTasks())
                .startSpan();
        stages.put(key(info), stage);
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
        cpu.count(() -> taskEnd(event));
    }

    private void taskEnd(SparkListenerTaskEnd event) {
        if (off() || event.taskInfo() == null || !event.taskInfo().failed()) {
            return;
        }
        Tuple2<Integer, Integer> stage = new Tuple2<>(event.stageId(), event.stageAttemptId());
        if (stages.containsKey(stage)) { // an attempt failing after its stage closed is not on the span
            failedTasks.computeIfAbsent(stage, k -> new long[1])[0]++;
        }
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted event) {
        cpu.count(() -> stageCompleted(event));
    }

    private void stageCompleted(SparkListenerStageCompleted event) {
        if (off()) {
            return;
        }
        StageInfo info = event.stageInfo();
        Span stage = stages.remove(key(info));
        if (stage == null) {
            return;
        }
        long[] failed = failedTasks.remove(key(info));
        stage.setAttribute(STAGE_FAILED_TASKS, failed == null ? 0L : failed[0]);
        TaskMetrics metrics = info.taskMetrics();
        if (metrics != null) {
            stage.setAttribute(INPUT_BYTES, metrics.inputMetrics().bytesRead());
            stage.setAttribute(INPUT_RECORDS, metrics.inputMetrics().recordsRead());
            stage.setAttribute(OUTPUT_BYTES, metrics.outputMetrics().bytesWritten());
            stage.setAttribute(SHUFFLE_READ_BYTES, metrics.shuffleReadMetrics().totalBytesRead());
            stage.setAttribute(SHUFFLE_WRITE_BYTES, metrics.shuffleWriteMetrics().bytesWritten());
        }
        if (info.failureReason().isDefined()) {
            fail(stage, info.failureReason().get());
        }
        long end = info.completionTime().isDefined() ? (Long) info.completionTime().get() : System.currentTimeMillis();
        stage.end(end, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd event) {
        cpu.count(() -> jobEnd(event));
    }

    private void jobEnd(SparkListenerJobEnd event) {
        if (off()) {
            return;
        }
        Span job = jobs.remove(event.jobId());
        stagesOfRunningJob.remove(event.jobId());
        if (job == null) {
            return;
        }
        if (event.jobResult() instanceof JobFailed failed) {
            job.setAttribute(JOB_RESULT, "failed");
            fail(job, String.valueOf(failed.exception().getMessage()));
        } else {
            job.setAttribute(JOB_RESULT, "succeeded");
        }
        job.end(event.time(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void onApplicationEnd(SparkListenerApplicationEnd event) {
        cpu.count(() -> applicationEnd(event));
        if (!off()) {
            printCpu();
        }
    }

    /**
     * The driver's CPU that tracing took: the SDK's start, every callback (this one's final flush is
     * mostly waiting) and the exporter's threads up to the flush, whose own CPU is not counted (its
     * thread ends with it; at most the flush's duration, printed above).
     */
    private void printCpu() {
        long total = cpu.startNanos() + cpu.callbackNanos() + exporterNanos;
        System.out.printf(Locale.ROOT, "[tracing] own CPU %d ms: SDK start %s, %d callbacks %s, exporter threads %s%s%n",
                Math.round(total / 1e6), InstrumentCpu.millis(cpu.startNanos()), cpu.callbacks(), InstrumentCpu.millis(cpu.callbackNanos()),
                InstrumentCpu.millis(exporterNanos), InstrumentCpu.caveat());
    }

    private void applicationEnd(SparkListenerApplicationEnd event) {
        if (off()) {
            return;
        }
        // Spans still open (a job cut short by the end) end with the application, marked as such.
        long end = event.time();
        stages.values().forEach(s -> s.setAttribute(FAILURE_REASON, "application ended first").end(end, TimeUnit.MILLISECONDS));
        jobs.values().forEach(s -> s.setAttribute(FAILURE_REASON, "application ended first").end(end, TimeUnit.MILLISECONDS));
        stages.clear();
        jobs.clear();
        stagesOfRunningJob.clear();
        failedTasks.clear();
        currentTraceId = ""; // the application is over (a later untraced one must not show this id)
        LogContext.trace("");
        if (application != null) {
            application.end(end, TimeUnit.MILLISECONDS);
        }
        // The batch processor's thread, and OkHttp's (Zipkin's sender) where a send runs on them, before
        // the shutdown ends them.
        exporterNanos = InstrumentCpu.threadsNanos("BatchSpanProcessor", "OkHttp");
        long t0 = System.nanoTime();
        boolean flushed = sdk.shutdown().join(SHUTDOWN_SECONDS, TimeUnit.SECONDS).isSuccess();
        System.out.printf(Locale.ROOT, "[tracing] spans %s in %.2f s%n",
                flushed ? "exported" : "NOT all exported (see the exporter's warnings above)", (System.nanoTime() - t0) / 1e9);
    }

    private static void fail(Span span, String reason) {
        // Zipkin shows the status description as the span's "error" tag; the attribute keeps it whole.
        String firstLine = reason == null ? "failed" : reason.lines().findFirst().orElse(reason);
        span.setAttribute(FAILURE_REASON, reason == null ? "failed" : reason);
        span.setStatus(StatusCode.ERROR, firstLine);
    }

    private static Tuple2<Integer, Integer> key(StageInfo info) {
        return new Tuple2<>(info.stageId(), info.attemptNumber());
    }
}
