package io.sparklab.exercises;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparklab.client.HttpJson;
import io.sparklab.support.MetricsReference;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Exercise 12: export the driver's live thread count through the JMX agent. Checked by behaviour: a
 * JVM with the lab's agent and the student's config/spark-driver-jmx-exporter.yaml, holding
 * {@value Idle#THREADS} extra (non-daemon) threads, must report at least that many on /metrics.
 */
@Exercise
class Exercise12ThreadCountTest {
    private static final Path AGENT = ExerciseTools.PROJECT.root().resolve("jars/jmx_prometheus_javaagent.jar");
    private static final Path CONFIG = ExerciseTools.PROJECT.config("spark-driver-jmx-exporter.yaml");
    private Process jvm;

    /**
     * A JVM that holds its threads until killed: what the agent measures. A line on its standard input
     * ends {@value #RELEASED} of them: a live count falls by as many, a peak or a total-started count does not.
     */
    public static final class Idle {
        static final int THREADS = 25;
        static final int RELEASED = 10;

        public static void main(String[] args) throws Exception {
            // Held until the test ends it, or until the test's JVM is gone (killed before its @AfterEach could):
            // one thread from the start, so the counts the test compares both include it.
            ProcessHandle test = ProcessHandle.current().parent().orElse(null);
            if (test != null) {
                Thread watch = new Thread(() -> {
                    while (test.isAlive()) {
                        try {
                            Thread.sleep(1000);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    System.exit(0);
                }, "test-jvm-watch");
                watch.setDaemon(true);
                watch.start();
            }
            CountDownLatch never = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            for (int i = 0; i < THREADS; i++) {
                CountDownLatch until = i < RELEASED ? release : never;
                new Thread(() -> {
                    try {
                        until.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "held-" + i).start();
            }
            new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            release.countDown();
            never.await();
        }
    }

    @AfterEach
    void stopTheJvm() {
        if (jvm != null) {
            jvm.destroyForcibly();
        }
    }

    @Test
    void the_agent_exports_jvm_threads_live_as_a_gauge_of_every_live_thread() throws Exception {
        assertThat(AGENT).as("the JMX agent (every Maven build stages it into jars/)").isRegularFile();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        jvm = new ProcessBuilder(java, "-javaagent:" + AGENT + "=" + port + ":" + CONFIG, "-cp", System.getProperty("java.class.path"),
                Idle.class.getName()).redirectErrorStream(true).redirectOutput(ExerciseTools.PROJECT.target().resolve("exercise12-jvm.log").toFile())
                .start();
        // The agent answers once the JVM has started it; a JVM that exits (a config the agent refuses) fails at once.
        Awaitility.await("the agent's /metrics on port " + port).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .failFast("the JVM with the agent and config/spark-driver-jmx-exporter.yaml exited (target/exercise12-jvm.log says why)",
                        () -> !jvm.isAlive())
                .until(() -> HttpJson.status("http://localhost:" + port + "/metrics") == 200);
        String metrics = HttpJson.text("http://localhost:" + port + "/metrics");
        assertThat(metrics.contains("# TYPE jvm_threads_live gauge")).as("jvm_threads_live on /metrics, of type gauge; "
                + "what the agent exports about threads:%n%s", grep(metrics, "thread")).isTrue();
        double holding = threadsLive(metrics);
        assertThat(holding).as("jvm_threads_live of a JVM holding %d threads of its own", Idle.THREADS)
                .isGreaterThanOrEqualTo(Idle.THREADS);

        // Live threads, not a peak or a count of threads ever started: it falls when threads end.
        try (var in = jvm.getOutputStream()) {
            in.write("end some\n".getBytes(StandardCharsets.UTF_8));
        }
        Awaitility.await("jvm_threads_live after " + Idle.RELEASED + " of the JVM's threads ended").atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(threadsLive(HttpJson.text("http://localhost:" + port
                        + "/metrics"))).as("jvm_threads_live once %d of %.0f threads ended (a peak or total-started count would not fall)",
                        Idle.RELEASED, holding).isLessThanOrEqualTo(holding - Idle.RELEASED));
    }

    private static double threadsLive(String metrics) {
        var samples = io.sparklab.client.MetricsPage.parse(metrics, "the agent's /metrics").samples("jvm_threads_live", java.util.Map.of());
        assertThat(samples).as("jvm_threads_live samples on /metrics:%n%s", grep(metrics, "thread")).hasSize(1);
        return samples.get(0).value();
    }

    @Test
    void docs_metrics_md_lists_it_for_the_driver() {
        assertThat(MetricsReference.rowsOf(ExerciseTools.PROJECT.root(), "jvm_threads_live"))
                .as("a row for jvm_threads_live in docs/metrics.md").singleElement().satisfies(row -> {
                    assertThat(row.type()).as("its type (line %d)", row.line()).isEqualTo("gauge");
                    assertThat(row.job()).as("its job (line %d)", row.line()).isEqualTo("spark-driver");
                });
    }

    private static String grep(String text, String word) {
        return String.join("\n", text.lines().filter(l -> l.toLowerCase().contains(word)).toList());
    }
}
