package io.sparklab.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparklab.stack.LabProject;
import io.sparklab.stack.Service;
import org.junit.jupiter.api.Test;

/** A live check in a JVM of its own gets the addresses it is given, by each service's alias. */
class LiveCheckJvmTest {
    @Test
    void every_service_has_an_alias_of_its_own() {
        assertThat(LiveCheckJvm.SERVICES.stream().map(Service::alias)).doesNotHaveDuplicates().contains("prometheus", "zipkin");
    }

    @Test
    void the_check_asks_the_prometheus_it_is_given_and_says_no_lab_runs_there() {
        String nowhere = "http://127.0.0.1:1";
        LiveChecks.Checked checked = LiveCheckJvm.run(null, java.util.List.of(LabProject.current().root().toString(), "04",
                "prometheus=" + nowhere), java.time.Duration.ofSeconds(60));

        assertThat(checked.exitCode()).as(checked.output()).isEqualTo(2);
        assertThat(checked.output()).contains("no lab is running here (Prometheus does not answer on " + nowhere + ")");
    }

    @Test
    void a_check_that_does_not_end_in_time_is_named_not_waited_for() {
        // No JVM starts and checks in 100 ms: the timeout's path, which a hung check would take.
        assertThatThrownBy(() -> LiveCheckJvm.run(null, java.util.List.of(LabProject.current().root().toString(), "04",
                "prometheus=http://127.0.0.1:1"), java.time.Duration.ofMillis(100)))
                .hasMessageContaining("exercise 04's live check did not end in 0.1 s");
    }
}
