package io.sparklab.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The plugin ./lab bench-etl loads to count the executors' metrics pages' CPU, on a local session (its
 * executor runs in this JVM): executors send their figure to the driver as tasks end, and the driver
 * prints it at the application's end in the line the benchmark reads.
 */
class AgentCpuPluginTest {
    @Test
    void the_driver_prints_what_the_executors_sent() {
        SparkSession.getActiveSession().foreach(s -> { s.stop(); return null; });
        SparkSession.getDefaultSession().foreach(s -> { s.stop(); return null; });
        SparkSession spark = SparkSession.builder().master("local[2]").appName("agent-cpu")
                .config("spark.ui.enabled", "false")
                .config("spark.plugins", AgentCpuPlugin.class.getName())
                .getOrCreate();
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try {
            spark.range(0, 1000, 1, 4).count();
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            spark.stop();
        } finally {
            System.setOut(stdout);
        }
        // A local session's one executor is "driver"; no agent here, so its figure may be 0 ms.
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .containsPattern("\\[metrics] own CPU \\d+ ms in the executors: metrics pages served \\(executor driver \\d+ ms\\)");
    }
}
