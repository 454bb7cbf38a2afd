package io.sparklab.jobs;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * A streaming query's micro-batches as OpenTelemetry spans: one trace per micro-batch, its span from
 * the trigger's start for the trigger's whole execution, with the query's name, id and run id, the
 * batch id, rows in and rows per second, the watermark, the state's rows and each phase's duration
 * ({@code spark.streaming.duration_ms.addBatch}, {@code ...latestOffset}, ...). Not one trace per
 * application as the batch job's {@link TracingListener}: a query runs for days, and a trace of a day
 * of batches is one nobody can open. The query id and run id tie a query's traces together (Zipkin:
 * tag query {@code spark.streaming.query.name=transaction_windows}).
 *
 * <p>Configured like {@link TracingListener} (OTEL_* settings, then spark.otel.*, then the lab's
 * Zipkin), and off in the same way when the exporter's host does not resolve. Spans leave in batches
 * every few seconds; {@link #close()} flushes the rest when the job stops (a driver killed with
 * {@code kill -9} loses its last few seconds of batches). A terminated query's exception ends as an
 * error span of its own.
 */
public final class MicroBatchTracingListener extends StreamingQueryListener implements AutoCloseable {
    static final AttributeKey<String> QUERY_NAME = AttributeKey.stringKey("spark.streaming.query.name");
    static final AttributeKey<String> QUERY_ID = AttributeKey.stringKey("spark.streaming.query.id");
    static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("spark.streaming.run_id");
    static final AttributeKey<Long> BATCH_ID = AttributeKey.longKey("spark.streaming.batch_id");
    static final AttributeKey<Long> INPUT_ROWS = AttributeKey.longKey("spark.streaming.num_input_rows");
    static final AttributeKey<Double> INPUT_RATE = AttributeKey.doubleKey("spark.streaming.input_rows_per_second");
    static final AttributeKey<Double> PROCESSED_RATE = AttributeKey.doubleKey("spark.streaming.processed_rows_per_second");
    static final AttributeKey<String> WATERMARK = AttributeKey.stringKey("spark.streaming.watermark");
    static final AttributeKey<Long> STATE_ROWS = AttributeKey.longKey("spark.streaming.state_rows");
    private static final long SHUTDOWN_SECONDS = 10;

    private final String appId;
    private final OpenTelemetrySdk sdk;
    private final Tracer tracer;

    public MicroBatchTracingListener(SparkConf conf) {
        this(conf.get("spark.app.id", "unknown"), TracingListener.configuredSdk(conf));
    }

    /** On a given SDK (tests); a null SDK traces nothing. The SDK is the listener's: closed by close(). */
    MicroBatchTracingListener(String appId, OpenTelemetrySdk sdk) {
        this.appId = appId;
        this.sdk = sdk;
        this.tracer = sdk == null ? null : sdk.getTracer(TracingListener.SCOPE);
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
        if (tracer == null) {
            return;
        }
        StreamingQueryProgress progress = event.progress();
        if (!progress.durationMs().containsKey("addBatch")) {
            // Spark also reports triggers that ran no batch (right after a batch, then every 10 s while
            // idle), with the id the next batch will have: not micro-batches, no span.
            return;
        }
        String query = progress.name() == null ? progress.id().toString() : progress.name();
        long start = Instant.parse(progress.timestamp()).toEpochMilli();
        Long triggerMillis = progress.durationMs().get("triggerExecution");
        Span batch = tracer.spanBuilder("batch " + progress.batchId() + " " + query).setNoParent()
                .setStartTimestamp(start, TimeUnit.MILLISECONDS)
                .setAttribute(TracingListener.APP_ID, appId)
                .setAttribute(QUERY_NAME, query)
                .setAttribute(QUERY_ID, progress.id().toString())
                .setAttribute(RUN_ID, progress.runId().toString())
                .setAttribute(BATCH_ID, progress.batchId())
                .setAttribute(INPUT_ROWS, progress.numInputRows())
                .setAttribute(INPUT_RATE, finite(progress.inputRowsPerSecond()))
                .setAttribute(PROCESSED_RATE, finite(progress.processedRowsPerSecond()))
                .startSpan();
        for (Map.Entry<String, Long> phase : progress.durationMs().entrySet()) {
            batch.setAttribute("spark.streaming.duration_ms." + phase.getKey(), phase.getValue());
        }
        String watermark = progress.eventTime().get("watermark");
        if (watermark != null) {
            batch.setAttribute(WATERMARK, watermark);
        }
        long stateRows = 0;
        for (StateOperatorProgress state : progress.stateOperators()) {
            stateRows += state.numRowsTotal();
        }
        batch.setAttribute(STATE_ROWS, stateRows);
        batch.end(start + (triggerMillis == null ? 0 : triggerMillis), TimeUnit.MILLISECONDS);
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
        if (tracer == null || !event.exception().isDefined()) {
            return;
        }
        long now = System.currentTimeMillis();
        tracer.spanBuilder("query terminated").setNoParent().setStartTimestamp(now, TimeUnit.MILLISECONDS)
                .setAttribute(TracingListener.APP_ID, appId)
                .setAttribute(QUERY_ID, event.id().toString())
                .setAttribute(RUN_ID, event.runId().toString())
                .setAttribute(TracingListener.FAILURE_REASON, event.exception().get())
                .startSpan()
                .setStatus(StatusCode.ERROR, event.exception().get().lines().findFirst().orElse("failed"))
                .end(now, TimeUnit.MILLISECONDS);
    }

    /** Flushes the spans not sent yet. */
    @Override
    public void close() {
        if (sdk == null) {
            return;
        }
        long t0 = System.nanoTime();
        boolean flushed = sdk.shutdown().join(SHUTDOWN_SECONDS, TimeUnit.SECONDS).isSuccess();
        System.out.printf(Locale.ROOT, "[tracing] micro-batch spans %s in %.2f s%n",
                flushed ? "exported" : "NOT all exported", (System.nanoTime() - t0) / 1e9);
    }

    private static double finite(double value) {
        return Double.isFinite(value) ? value : 0;
    }
}
