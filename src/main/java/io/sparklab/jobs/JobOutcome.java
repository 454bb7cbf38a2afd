package io.sparklab.jobs;

import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.exporter.pushgateway.Scheme;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;

/**
 * Pushes the job's outcome to the Pushgateway, Prometheus' answer for batch jobs: a batch job may
 * end between two scrapes, so instead of sleeping until Prometheus comes by (the plan's "sleep 30 s"),
 * it leaves its last state at the Pushgateway, which Prometheus scrapes like any target and which
 * keeps the value after the job is gone. Alerts on "last success too long ago" need exactly that.
 *
 * <p>Pushed with POST (pushAdd): a failure replaces the success flag and the failure time but keeps
 * the last success's timestamp and row counts.
 */
final class JobOutcome {
    private final String address;
    private final String job;
    private final EndpointAuth auth;

    JobOutcome(String address, String job) {
        this(address, job, EndpointAuth.none());
    }

    JobOutcome(String address, String job, EndpointAuth auth) {
        this.address = address;
        this.job = job;
        this.auth = auth;
    }

    void success(EtlResult result, double seconds) {
        PrometheusRegistry registry = new PrometheusRegistry();
        gauge(registry, "etl_job_rows_read", "Rows the last successful run read").set(result.rowsRead());
        gauge(registry, "etl_job_rows_written", "Rows the last successful run wrote into the summaries").set(result.rowsWritten());
        gauge(registry, "etl_job_rows_rejected", "Rows the last successful run rejected into quarantine").set(result.rowsRejected());
        gauge(registry, "etl_job_summary_rows", "Rows of the country summary the last successful run wrote").set(result.summaryRows());
        gauge(registry, "etl_job_duration_seconds", "Duration of the last run, success or failure").set(seconds);
        gauge(registry, "etl_job_success", "1 if the last run succeeded, 0 if it failed").set(1);
        gauge(registry, "etl_job_last_success_timestamp_seconds", "Unix time of the last successful run's end")
                .set(System.currentTimeMillis() / 1000.0);
        push(registry);
    }

    void failure(double seconds) {
        PrometheusRegistry registry = new PrometheusRegistry();
        gauge(registry, "etl_job_duration_seconds", "Duration of the last run, success or failure").set(seconds);
        gauge(registry, "etl_job_success", "1 if the last run succeeded, 0 if it failed").set(0);
        gauge(registry, "etl_job_last_failure_timestamp_seconds", "Unix time of the last failed run's end")
                .set(System.currentTimeMillis() / 1000.0);
        push(registry);
    }

    private static Gauge gauge(PrometheusRegistry registry, String name, String help) {
        return Gauge.builder().name(name).help(help).register(registry);
    }

    private void push(PrometheusRegistry registry) {
        if (address == null || address.isBlank()) {
            return;
        }
        try {
            PushGateway.Builder push = PushGateway.builder().job(job).registry(registry);
            if (address.startsWith("https://") || address.startsWith("http://")) {
                push.scheme(address.startsWith("https://") ? Scheme.HTTPS : Scheme.HTTP)
                        .address(address.substring(address.indexOf("://") + 3).replaceAll("/+$", ""));
            } else {
                push.address(address);
            }
            if (auth.user() != null) {
                push.basicAuth(auth.user(), auth.password());
            }
            push.connectionFactory(auth::open).build().pushAdd();
            System.out.println("[" + job + "] outcome pushed to the Pushgateway at " + address);
        } catch (IOException | RuntimeException e) {
            // The data is written either way; say loudly that its metrics are missing.
            System.err.println("[" + job + "] could not push the outcome to the Pushgateway at " + address + ": " + e);
        }
    }
}
