package io.sparklab.stack;

/**
 * Every service of the lab: its network alias and its ports, as the plan names them.
 *
 * <p>This is the one place these facts are written in Java; the stack, the lab command, the tests
 * and the docker-compose drift check read them from here.
 */
public enum LabService implements Service {
    // Limits (hardened profile): the master also runs every driver (512 MiB heap) submitted into it,
    // the worker its executor (512 MiB heap, 384 MiB overhead); the Spark daemons have 256 MiB heaps.
    SPARK_MASTER("spark-master", "Spark master UI", "/", new ResourceLimits(1536, 2.0), 8080, 7077, 4040, 7071, 7073),
    SPARK_WORKER("spark-worker", "Spark worker UI", "/", new ResourceLimits(1536, 2.0), 8081, 7072),
    SPARK_HISTORY("spark-history", "Spark history server", "/", new ResourceLimits(512, 0.5), 18080),
    PROMETHEUS("prometheus", "Prometheus", "/graph", new ResourceLimits(1024, 1.0), 9090),
    ALERTMANAGER("alertmanager", "Alertmanager", "/", new ResourceLimits(128, 0.25), 9093),
    NODE_EXPORTER("node-exporter", "node-exporter", "/metrics", new ResourceLimits(64, 0.25), 9100),
    PUSHGATEWAY("pushgateway", "Pushgateway", "/", new ResourceLimits(64, 0.25), 9091),
    GRAFANA("grafana", "Grafana", "/", new ResourceLimits(256, 0.5), 3000),
    WEBHOOK_RECEIVER("webhook-receiver", "Alert webhook receiver", "/alerts", new ResourceLimits(64, 0.25), 9095);

    /** Ports of the spark-master container besides its UI: RPC, driver UI, driver JMX agent. */
    public static final int MASTER_RPC_PORT = 7077;
    public static final int DRIVER_UI_PORT = 4040;
    public static final int DRIVER_JMX_PORT = 7071;
    public static final int EXECUTOR_JMX_PORT = 7072;
    /** The lab's SparkListener metrics in the driver (io.sparklab.jobs.LabMetricsListener). */
    public static final int APP_METRICS_PORT = 7073;

    private final ServiceSpec spec;
    private final ResourceLimits limits;

    LabService(String alias, String title, String uiPath, ResourceLimits limits, Integer... ports) {
        this.spec = new ServiceSpec(alias, title, uiPath, ports);
        this.limits = limits;
    }

    @Override
    public java.util.Optional<ResourceLimits> limits() {
        return java.util.Optional.of(limits);
    }

    @Override
    public ServiceSpec spec() {
        return spec;
    }
}
