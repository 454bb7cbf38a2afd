package io.sparklab.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerApplicationStart;
import org.junit.jupiter.api.Test;
import scala.Option;

/**
 * The listener as Spark builds it (a SparkConf), without a cluster: its metric names must pass the
 * Prometheus client's checks (a name it refuses fails the driver's start, which only a lab part
 * would otherwise show), and the application's info carries its id.
 */
class LabMetricsListenerTest {
    @Test
    void builds_serves_and_exports_the_applications_info() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        SparkConf conf = new SparkConf(false).set("spark.app.name", "etl_job").set("spark.metrics.namespace", "etl_job")
                .set("spark.lab.metrics.port", Integer.toString(port));
        LabMetricsListener listener = new LabMetricsListener(conf);
        try {
            listener.onApplicationStart(new SparkListenerApplicationStart("etl_job", Option.apply("app-test-0001"),
                    System.currentTimeMillis(), "lab", Option.empty(), Option.empty(), Option.empty()));
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            // No tracing listener in this JVM has traced an application: the trace id is empty.
            assertThat(body).contains("spark_app_info{app=\"etl_job\",app_id=\"app-test-0001\",trace_id=\"" + TracingListener.currentTraceId() + "\"} 1")
                    .contains("spark_app_active_jobs{app=\"etl_job\"} 0");
        } finally {
            listener.onApplicationEnd(new SparkListenerApplicationEnd(System.currentTimeMillis()));
        }
        // What ./lab bench-etl reads: the listener counted its two callbacks, and the page it served.
        assertThat(listener.cpu().callbacks()).as("callbacks counted").isEqualTo(2);
        assumeTrue(InstrumentCpu.supported(), "this JVM counts no thread CPU time");
        assertThat(listener.pagesNanos()).as("CPU of the threads that served the metrics page, ns").isPositive();
    }
}
