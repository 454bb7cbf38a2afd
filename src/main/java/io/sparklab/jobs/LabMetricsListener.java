package io.sparklab.jobs;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkConf;
import org.apache.spark.Success$;
import org.apache.spark.TaskKilled;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.JobSucceeded$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerApplicationStart;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;

/**
 * Job and stage durations and task counts with clean labels, which Spark's own metrics do not give
 * (Spark has no stage-duration metric, and its JMX names carry ids). Registered by the ETL job with
 * {@code spark.extraListeners}; serves Prometheus text on {@code spark.lab.metrics.port} (default
 * 7073) of the driver, scraped as the job {@code spark-app-metrics}. Also prints a progress line per
 * finished stage. Every name is in docs/metrics.md.
 */
public class LabMetricsListener extends SparkListener {
    public static final int DEFAULT_PORT = 7073;
    private static final double[] DURATION_BUCKETS = {0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 60, 120, 300};

    private final String app;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Map<Integer, Long> jobStarts = new ConcurrentHashMap<>();
    private final HTTPServer server;
    /** What this listener and the driver's metrics pages cost in CPU, printed at the end (./lab bench-etl reads it). */
    private final InstrumentCpu cpu = new InstrumentCpu();
    private InstrumentCpu.Threads pages = new InstrumentCpu.Threads(Map.of());

    private final Histogram jobDuration = Histogram.builder().name("spark_job_duration_seconds")
            .help("Duration of Spark jobs, from job start to job end").labelNames("app", "status")
            .classicUpperBounds(DURATION_BUCKETS).classicOnly().register(registry);
    private final Gauge jobLastDuration = Gauge.builder().name("spark_job_last_duration_seconds")
            .help("Duration of each finished job of the application, by job id").labelNames("app", "job_id", "status")
            .register(registry);
    private final Counter jobs = Counter.builder().name("spark_app_jobs_total")
            .help("Jobs finished, by outcome").labelNames("app", "status").register(registry);
    private final Gauge activeJobs = Gauge.builder().name("spark_app_active_jobs")
            .help("Jobs running now").labelNames("app").register(registry);

    private final Histogram stageDuration = Histogram.builder().name("spark_stage_duration_seconds")
            .help("Duration of Spark stages, from submission to completion").labelNames("app", "status")
            .classicUpperBounds(DURATION_BUCKETS).classicOnly().register(registry);
    private final Gauge stageLastDuration = Gauge.builder().name("spark_stage_last_duration_seconds")
            .help("Duration of each finished stage of the application, by stage id and name")
            .labelNames("app", "stage_id", "stage_name", "status").register(registry);
    private final Counter stages = Counter.builder().name("spark_app_stages_total")
            .help("Stages finished, by outcome").labelNames("app", "status").register(registry);
    private final Gauge activeStages = Gauge.builder().name("spark_app_active_stages")
            .help("Stages running now").labelNames("app").register(registry);

    /** Exposed as spark_app_info (the client adds the _info suffix of an info metric). */
    private final Info info = Info.builder().name("spark_app")
            .help("1 for the running application: its id, and its trace id when the tracing listener traces it (else empty)")
            .labelNames("app", "app_id", "trace_id").register(registry);

    private final Counter tasks = Counter.builder().name("spark_app_tasks_total")
            .help("Tasks ended, by executor and outcome (success, failed, killed)")
            .labelNames("app", "executor_id", "status").register(registry);
    private final Counter shuffleRead = Counter.builder().name("spark_app_shuffle_read_bytes_total")
            .help("Shuffle bytes read by finished stages").labelNames("app").register(registry);
    private final Counter shuffleWrite = Counter.builder().name("spark_app_shuffle_write_bytes_total")
            .help("Shuffle bytes written by finished stages").labelNames("app").register(registry);
    private final Counter inputRecords = Counter.builder().name("spark_app_input_records_total")
            .help("Records read from sources by finished stages").labelNames("app").register(registry);
    private final Counter outputRecords = Counter.builder().name("spark_app_output_records_total")
            .help("Records written to sinks by finished stages").labelNames("app").register(registry);

    public LabMetricsListener(SparkConf conf) {
        String namespace = conf.get("spark.metrics.namespace", conf.get("spark.app.name", "spark"));
        this.app = namespace.contains("${") ? conf.get("spark.app.name", "spark") : namespace;
        int port = conf.getInt("spark.lab.metrics.port", DEFAULT_PORT);
        activeJobs.labelValues(app).set(0);
        activeStages.labelValues(app).set(0);
        this.server = MetricsServer.start(registry, port, "[" + app + "] LabMetricsListener", conf);
    }

    /** The CPU this listener's callbacks have taken so far. */
    InstrumentCpu cpu() {
        return cpu;
    }

    /** The CPU the driver's metrics pages took, as read at the application's end. */
    long pagesNanos() {
        return pages.total();
    }

    /** Every extra listener is built before Spark posts this: the tracing listener's trace id is known. */
    @Override
    public void onApplicationStart(SparkListenerApplicationStart event) {
        cpu.count(() -> applicationStart(event));
    }

    private void applicationStart(SparkListenerApplicationStart event) {
        String appId = event.appId().isDefined() ? event.appId().get() : "";
        info.addLabelValues(app, appId, TracingListener.currentTraceId());
    }

    @Override
    public void onJobStart(SparkListenerJobStart event) {
        cpu.count(() -> jobStart(event));
    }

    private void jobStart(SparkListenerJobStart event) {
        jobStarts.put(event.jobId(), event.time());
        activeJobs.labelValues(app).inc();
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd event) {
        cpu.count(() -> jobEnd(event));
    }

    private void jobEnd(SparkListenerJobEnd event) {
        Long start = jobStarts.remove(event.jobId());
        String status = event.jobResult() instanceof JobSucceeded$ ? "succeeded" : "failed";
        activeJobs.labelValues(app).dec();
        jobs.labelValues(app, status).inc();
        // Spark's own task counters (spark_tasks_*_total, AppStatusSource) move only now, at the end
        // of the job, by the job's totals: the alert benchmark times SparkTaskFailures from this line.
        System.out.printf(Locale.ROOT, "[%s] job %d %s%n", app, event.jobId(), status);
        if (start != null) {
            double seconds = (event.time() - start) / 1000.0;
            jobDuration.labelValues(app, status).observe(seconds);
            jobLastDuration.labelValues(app, Integer.toString(event.jobId()), status).set(seconds);
        }
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted event) {
        cpu.count(() -> stageSubmitted(event));
    }

    private void stageSubmitted(SparkListenerStageSubmitted event) {
        activeStages.labelValues(app).inc();
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted event) {
        cpu.count(() -> stageCompleted(event));
    }

    private void stageCompleted(SparkListenerStageCompleted event) {
        StageInfo info = event.stageInfo();
        activeStages.labelValues(app).dec();
        String status = info.failureReason().isDefined() ? "failed" : "succeeded";
        stages.labelValues(app, status).inc();
        if (info.submissionTime().isDefined() && info.completionTime().isDefined()) {
            double seconds = ((Long) info.completionTime().get() - (Long) info.submissionTime().get()) / 1000.0;
            stageDuration.labelValues(app, status).observe(seconds);
            stageLastDuration.labelValues(app, Integer.toString(info.stageId()), info.name(), status).set(seconds);
            System.out.printf(Locale.ROOT, "[%s] stage %d %s in %.1f s: %d tasks, %s%n", app, info.stageId(),
                    status, seconds, info.numTasks(), info.name());
        }
        TaskMetrics m = info.taskMetrics();
        if (m != null) {
            shuffleRead.labelValues(app).inc(m.shuffleReadMetrics().totalBytesRead());
            shuffleWrite.labelValues(app).inc(m.shuffleWriteMetrics().bytesWritten());
            inputRecords.labelValues(app).inc(m.inputMetrics().recordsRead());
            outputRecords.labelValues(app).inc(m.outputMetrics().recordsWritten());
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
        cpu.count(() -> taskEnd(event));
    }

    private void taskEnd(SparkListenerTaskEnd event) {
        String status;
        if (event.reason() instanceof Success$) {
            status = "success";
        } else if (event.reason() instanceof TaskKilled) {
            status = "killed";
        } else {
            status = "failed";
        }
        tasks.labelValues(app, event.taskInfo().executorId(), status).inc();
    }

    @Override
    public void onApplicationEnd(SparkListenerApplicationEnd event) {
        cpu.count(() -> applicationEnd(event));
        System.out.printf(Locale.ROOT, "[metrics] own CPU %d ms in the driver: %d callbacks %s, metrics pages served %s%s%n",
                Math.round((cpu.callbackNanos() + pages.total()) / 1e6), cpu.callbacks(), InstrumentCpu.millis(cpu.callbackNanos()),
                pages.describe(), InstrumentCpu.caveat());
    }

    private void applicationEnd(SparkListenerApplicationEnd event) {
        // The threads that serve the driver's metrics pages (this listener's, and the JMX agent's: both
        // are Prometheus HTTP servers), read before this one's end with its server.
        pages = InstrumentCpu.byPrefix(InstrumentCpu.METRICS_PAGE_THREADS);
        if (server != null) {
            server.close();
        }
    }
}
