package io.sparklab.stack;

/**
 * Every service of the lab: its network alias and its ports, as the plan names them.
 *
 * <p>This is the one place these facts are written in Java; the stack, the lab command, the tests
 * and the docker-compose drift check read them from here.
 */
public enum LabService implements Service {
    SPARK_MASTER("spark-master", "Spark master UI", "/", 8080, 7077, 4040, 7071, 7073),
    SPARK_WORKER("spark-worker", "Spark worker UI", "/", 8081, 7072),
    SPARK_HISTORY("spark-history", "Spark history server", "/", 18080),
    PROMETHEUS("prometheus", "Prometheus", "/graph", 9090),
    ALERTMANAGER("alertmanager", "Alertmanager", "/", 9093),
    NODE_EXPORTER("node-exporter", "node-exporter", "/metrics", 9100),
    PUSHGATEWAY("pushgateway", "Pushgateway", "/", 9091),
    GRAFANA("grafana", "Grafana", "/", 3000),
    WEBHOOK_RECEIVER("webhook-receiver", "Alert webhook receiver", "/alerts", 9095);

    /** Ports of the spark-master container besides its UI: RPC, driver UI, driver JMX agent. */
    public static final int MASTER_RPC_PORT = 7077;
    public static final int DRIVER_UI_PORT = 4040;
    public static final int DRIVER_JMX_PORT = 7071;
    public static final int EXECUTOR_JMX_PORT = 7072;
    /** The lab's SparkListener metrics in the driver (io.sparklab.jobs.LabMetricsListener). */
    public static final int APP_METRICS_PORT = 7073;

    private final ServiceSpec spec;

    LabService(String alias, String title, String uiPath, Integer... ports) {
        this.spec = new ServiceSpec(alias, title, uiPath, ports);
    }

    @Override
    public ServiceSpec spec() {
        return spec;
    }
}
