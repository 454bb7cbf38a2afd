package io.sparklab.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparklab.stack.LabProject;
import io.sparklab.stack.Service;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A live check in a JVM of its own gets the addresses it is given, by each service's alias. */
class LiveCheckJvmTest {
    @Test
    void every_service_has_an_alias_of_its_own() {
        assertThat(LiveCheckJvm.SERVICES.stream().map(Service::alias)).doesNotHaveDuplicates().contains("prometheus", "zipkin");
    }

    @Test
    void the_check_asks_the_prometheus_it_is_given_and_says_no_lab_runs_there() throws Exception {
        String nowhere = "http://127.0.0.1:1";
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LiveCheckJvm.class.getName(),
                LabProject.current().root().toString(), "04", "prometheus=" + nowhere).redirectErrorStream(true).start();
        String output = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(jvm.exitValue()).as(output).isEqualTo(2);
        assertThat(output).contains("no lab is running here (Prometheus does not answer on " + nowhere + ")");
    }
}
