package io.sparklab.jobs;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * Per-batch metrics of the application's streaming queries, which Spark's own streaming metrics
 * (spark.sql.streaming.metricsEnabled: rates, latency, watermark, state) do not give: batch duration,
 * rows per batch, how far the source is behind the topic's end, and the time since the last batch (an
 * idle query sends no progress events, so "last progress" cannot tell a stall from quiet input).
 * Served as Prometheus text on {@code spark.lab.metrics.port} (default 7073) of the driver, the
 * port LabMetricsListener uses for batch jobs (scraped as job spark-app-metrics). Each Kafka source's
 * end offsets are committed to the group {@code spark-<query>} (KafkaOffsetCommitter), so the
 * broker side can tell the lag too. Every name is in docs/metrics.md.
 */
public class StreamingMetricsListener extends StreamingQueryListener implements AutoCloseable {
    private static final double[] DURATION_BUCKETS = {0.25, 0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 30, 60, 120};

    private final String app;
    private final KafkaOffsetCommitter committer;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Map<String, Long> lastBatchMillis = new ConcurrentHashMap<>();
    private final HTTPServer server;

    private final Histogram batchDuration = Histogram.builder().name("spark_streaming_batch_duration_seconds")
            .help("Duration of micro-batches (trigger execution), by query").labelNames("app", "query")
            .classicUpperBounds(DURATION_BUCKETS).classicOnly().register(registry);
    private final Gauge lastBatchDuration = Gauge.builder().name("spark_streaming_last_batch_duration_seconds")
            .help("Duration of the query's last micro-batch").labelNames("app", "query").register(registry);
    private final Gauge batchRows = Gauge.builder().name("spark_streaming_batch_input_rows")
            .help("Rows read by the query's last micro-batch").labelNames("app", "query").register(registry);
    private final Counter inputRows = Counter.builder().name("spark_streaming_input_rows_total")
            .help("Rows read by the query's micro-batches").labelNames("app", "query").register(registry);
    private final Counter batches = Counter.builder().name("spark_streaming_batches_total")
            .help("Micro-batches completed by the query").labelNames("app", "query").register(registry);
    private final Gauge offsetsBehind = Gauge.builder().name("spark_streaming_offsets_behind_latest")
            .help("After the last batch: offsets between what the query read and the end of the topic, "
                    + "the largest over its partitions (needs maxOffsetsPerTrigger)")
            .labelNames("app", "query").register(registry);
    private final Gauge lastBatchTime = Gauge.builder().name("spark_streaming_last_batch_timestamp_seconds")
            .help("When the query's last micro-batch ended, Unix time").labelNames("app", "query").register(registry);
    private final Gauge active = Gauge.builder().name("spark_streaming_query_active")
            .help("1 while the query runs, 0 once it stopped").labelNames("app", "query").register(registry);
    private final Counter failures = Counter.builder().name("spark_streaming_query_failures_total")
            .help("Queries that stopped with an error").labelNames("app", "query").register(registry);
    private final Counter commits = Counter.builder().name("spark_streaming_offset_commits_total")
            .help("Commits of a batch's end offsets to the query's consumer group, by outcome")
            .labelNames("app", "query", "status").register(registry);
    private final Gauge triggerInterval = Gauge.builder().name("spark_streaming_trigger_interval_seconds")
            .help("The query's processing-time trigger: a batch that takes longer delays the next one")
            .labelNames("app", "query").register(registry);
    private final Map<java.util.UUID, String> names = new ConcurrentHashMap<>();
    private volatile double triggerSeconds;
    /** What the listener's callbacks cost in CPU (Spark calls them from its streams listener thread). */
    private final InstrumentCpu cpu = new InstrumentCpu();

    public StreamingMetricsListener(String app, int port, KafkaOffsetCommitter committer) {
        this.app = app;
        this.committer = committer;
        GaugeWithCallback.builder().name("spark_streaming_seconds_since_last_batch")
                .help("Seconds since the query's last micro-batch ended (grows while the query processes nothing)")
                .labelNames("app", "query")
                .callback(callback -> lastBatchMillis.forEach((query, millis) ->
                        callback.call((System.currentTimeMillis() - millis) / 1000.0, app, query)))
                .register(registry);
        this.server = MetricsServer.start(registry, port, "[" + app + "] StreamingMetricsListener");
    }

    /**
     * The trigger interval of the queries started from now on, exported beside their batch durations
     * so an alert can compare the two without a number copied from the job's arguments.
     */
    public void triggerInterval(double seconds) {
        this.triggerSeconds = seconds;
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
        cpu.count(() -> queryStarted(event));
    }

    private void queryStarted(QueryStartedEvent event) {
        String query = event.name() == null ? event.id().toString() : event.name();
        names.put(event.id(), query);
        active.labelValues(app, query).set(1);
        if (triggerSeconds > 0) {
            triggerInterval.labelValues(app, query).set(triggerSeconds);
        }
        // Counting from the start: "no batch yet" ages like "no batch since".
        lastBatchMillis.put(query, System.currentTimeMillis());
        batches.labelValues(app, query);
        inputRows.labelValues(app, query);
        // Both outcomes from the start, at 0: a first failed commit is then an increase Prometheus sees
        // (a series born at 1 is not one), and "the share of failed commits" has a denominator.
        commits.labelValues(app, query, "ok");
        commits.labelValues(app, query, "failed");
        System.out.printf(Locale.ROOT, "[%s] query %s started (id %s, run %s)%n", app, query, event.id(), event.runId());
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
        cpu.count(() -> queryProgress(event));
    }

    private void queryProgress(QueryProgressEvent event) {
        StreamingQueryProgress progress = event.progress();
        String query = progress.name() == null ? progress.id().toString() : progress.name();
        Long millis = progress.durationMs().get("triggerExecution");
        double seconds = millis == null ? 0 : millis / 1000.0;
        batchDuration.labelValues(app, query).observe(seconds);
        lastBatchDuration.labelValues(app, query).set(seconds);
        batchRows.labelValues(app, query).set(progress.numInputRows());
        inputRows.labelValues(app, query).inc(progress.numInputRows());
        batches.labelValues(app, query).inc();
        long now = System.currentTimeMillis();
        lastBatchMillis.put(query, now);
        lastBatchTime.labelValues(app, query).set(now / 1000.0);
        double behind = 0;
        for (SourceProgress source : progress.sources()) {
            String max = source.metrics().get("maxOffsetsBehindLatest");
            if (max != null) {
                behind = Math.max(behind, Double.parseDouble(max));
            }
            if (committer != null && source.description().startsWith("KafkaV2")) {
                commit(query, source.endOffset());
            }
        }
        offsetsBehind.labelValues(app, query).set(behind);
        System.out.printf(Locale.ROOT, "[%s] %s batch %d: %d rows in %.2f s, %.0f offsets behind%n", app, query,
                progress.batchId(), progress.numInputRows(), seconds, behind);
    }

    private void commit(String query, String endOffsets) {
        try {
            committer.commit(KafkaOffsetCommitter.groupFor(query), KafkaOffsetCommitter.parseOffsets(endOffsets));
            commits.labelValues(app, query, "ok").inc();
        } catch (Exception e) {
            commits.labelValues(app, query, "failed").inc();
            System.err.printf(Locale.ROOT, "[%s] %s: could not commit offsets %s: %s%n", app, query, endOffsets, e);
        }
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
        cpu.count(() -> queryTerminated(event));
    }

    private void queryTerminated(QueryTerminatedEvent event) {
        String query = names.getOrDefault(event.id(), event.id().toString());
        active.labelValues(app, query).set(0);
        if (event.exception().isDefined()) {
            failures.labelValues(app, query).inc();
        }
        System.out.printf(Locale.ROOT, "[%s] query %s stopped%s%n", app, query,
                event.exception().isDefined() ? " with an error: " + event.exception().get() : "");
    }

    /**
     * Prints what the listener and the driver's metrics cost in CPU ({@code [metrics] own CPU ...}, which
     * ./lab bench-stream reads), then stops the page and the committer.
     */
    @Override
    public void close() {
        // Read before the server and the committer end their threads.
        InstrumentCpu.Threads pages = InstrumentCpu.byPrefix(InstrumentCpu.METRICS_PAGE_THREADS);
        long kafkaNanos = InstrumentCpu.threadsNanos(KafkaOffsetCommitter.THREAD_PREFIX);
        System.out.printf(Locale.ROOT, "[metrics] own CPU %d ms in the driver: %d callbacks %s (offset commits included),"
                        + " the commits' Kafka client thread %s, metrics pages served %s%s%n",
                Math.round((cpu.callbackNanos() + kafkaNanos + pages.total()) / 1e6), cpu.callbacks(), InstrumentCpu.millis(cpu.callbackNanos()),
                InstrumentCpu.millis(kafkaNanos), pages.describe(), InstrumentCpu.caveat());
        if (server != null) {
            server.close();
        }
        if (committer != null) {
            committer.close();
        }
    }
}
