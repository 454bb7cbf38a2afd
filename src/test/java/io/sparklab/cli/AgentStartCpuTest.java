package io.sparklab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class AgentStartCpuTest {
    @Test
    void the_agents_start_is_the_median_jvm_with_it_less_the_median_without() {
        // JVM CPU seconds as the Spark image gave them (session 12's probe: 0.78-0.90 s with, ~0.22 s without)
        AgentStartCpu start = new AgentStartCpu(List.of(0.90, 0.78, 0.84), List.of(0.22, 0.25, 0.21));

        assertThat(start.perJvmSeconds()).isCloseTo(0.84 - 0.22, within(1e-9));
    }

    @Test
    void the_share_with_starts_adds_one_start_per_jvm_to_each_runs_own_cpu() {
        AgentStartCpu start = new AgentStartCpu(List.of(0.80), List.of(0.20)); // 0.60 s per JVM

        RoundRatios share = start.shareWithStarts(List.of(1.0, 2.0), List.of(100.0, 80.0), 2);

        assertThat(share.ratios()).satisfiesExactly(
                r -> assertThat(r).isCloseTo(2.2 / 100, within(1e-9)),
                r -> assertThat(r).isCloseTo(3.2 / 80, within(1e-9)));
    }

    @Test
    void an_unmeasured_start_is_unknown_not_free() {
        assertThat(new AgentStartCpu(List.of(), List.of(0.22)).perJvmSeconds()).isNaN();
    }

    @Test
    void the_measured_jvm_carries_the_drivers_agent_as_spark_defaults_starts_it() throws java.io.IOException {
        String defaults = java.nio.file.Files.readString(io.sparklab.stack.LabProject.current().config("spark-defaults.conf"));
        String driverAgent = AgentStartCpu.AGENT.replace("=7099:", "=7071:");

        assertThat(defaults).as("config/spark-defaults.conf's driver options").contains(driverAgent);
    }
}
