package io.sparklab.stack;

/** Where the Spark containers find the lab's Spark config files (mounted from config/). */
final class SparkConf {
    static final String DIR = "/opt/spark/conf/";

    private SparkConf() {
    }

    /** Mounts Spark's metrics.properties, spark-defaults.conf, log4j2.properties (and the driver's addition) and the JMX agent configs. */
    static <T extends LabContainer<T>> T mountInto(T container, LabProject project) {
        container.mount(project.config("spark-metrics.properties"), DIR + "metrics.properties");
        container.mount(project.config("spark-defaults.conf"), DIR + "spark-defaults.conf");
        container.mount(project.config("spark-log4j2.properties"), DIR + "log4j2.properties");
        container.mount(project.config("spark-log4j2-driver.properties"), DIR + "log4j2-driver.properties");
        container.mount(project.config("spark-driver-jmx-exporter.yaml"), DIR + "spark-driver-jmx-exporter.yaml");
        container.mount(project.config("spark-executor-jmx-exporter.yaml"), DIR + "spark-executor-jmx-exporter.yaml");
        return container;
    }
}
