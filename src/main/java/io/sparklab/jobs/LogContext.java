package io.sparklab.jobs;

/**
 * The ids every log line of the driver carries once they exist: the application id and the trace id
 * (config/spark-log4j2.properties prints {@code ${sys:lab.spark.appId}} and {@code ${sys:lab.traceId}},
 * looked up at each line). So a line found in Elasticsearch leads to its application in Spark's UI and
 * to its trace in Zipkin. System properties, not Log4j's thread context: Spark logs from many threads
 * (the DAG scheduler's, the task-result getters', the listener bus'), which a thread context would miss.
 * Their names do not start with {@code spark.}, which Spark would take for configuration.
 */
public final class LogContext {
    static final String APP_ID = "lab.spark.appId";
    static final String TRACE_ID = "lab.traceId";

    private LogContext() {
    }

    /** From now on the driver's lines carry this application id. */
    public static void application(String appId) {
        if (appId != null && !appId.isBlank()) {
            System.setProperty(APP_ID, appId);
        }
    }

    /** From now on the driver's lines carry this trace id; blank: none (the lines print "-"). */
    public static void trace(String traceId) {
        if (traceId == null || traceId.isBlank()) {
            System.clearProperty(TRACE_ID);
        } else {
            System.setProperty(TRACE_ID, traceId);
        }
    }
}
