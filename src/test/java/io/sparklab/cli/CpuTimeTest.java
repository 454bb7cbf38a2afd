package io.sparklab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparklab.stack.LabException;
import org.junit.jupiter.api.Test;

class CpuTimeTest {
    @Test
    void reads_cgroup_v2_cpu_stat_in_microseconds() {
        String cpuStat = "usage_usec 3194269\nuser_usec 2900000\nsystem_usec 294269\nnr_periods 0\n";
        assertThat(CpuTime.parse(cpuStat, "spark-master")).isEqualTo(3.194269);
    }

    @Test
    void reads_cgroup_v1_cpuacct_usage_in_nanoseconds() {
        assertThat(CpuTime.parse("3194269533\n", "spark-master")).isEqualTo(3.194269533);
    }

    @Test
    void anything_else_is_refused_naming_the_container_and_what_it_read() {
        assertThatThrownBy(() -> CpuTime.parse("cat: no such file\n", "spark-worker-1")).isInstanceOf(LabException.class)
                .hasMessageContaining("spark-worker-1").hasMessageContaining("cat: no such file");
    }
}
