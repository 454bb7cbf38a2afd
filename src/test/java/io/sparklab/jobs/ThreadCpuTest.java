package io.sparklab.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {
    @Test
    void a_pools_threads_count_as_one_name() {
        assertThat(ThreadCpu.name("GC Thread#3\n")).isEqualTo("GC Thread");
        assertThat(ThreadCpu.name("Executor task l")).isEqualTo("Executor task l");
        assertThat(ThreadCpu.name("G1 Conc#0")).isEqualTo("G1 Conc");
        assertThat(ThreadCpu.name("shuffle-server-3-2")).isEqualTo("shuffle-server");
        assertThat(ThreadCpu.name("C2 CompilerThre")).as("a number inside a name stays").isEqualTo("C2 CompilerThre");
    }

    @Test
    void the_process_time_is_user_plus_system_ticks_whatever_its_name_holds() {
        // /proc/[pid]/stat with a name holding a space and a parenthesis: utime 250, stime 50 ticks
        String stat = "4145 (my (odd) java) S 1 4145 4145 0 -1 4194304 158 0 0 0 250 50 0 0 20 0 1 0 4257657";

        assertThat(ThreadCpu.processNanos(stat)).isEqualTo(3_000_000_000L);
    }

    @Test
    void this_jvm_has_its_threads_and_its_process_total() {
        Map<String, Long> sample = ThreadCpu.sample();

        assertThat(sample).containsKey(ThreadCpu.PROCESS).containsKey("java").containsKey("VM Thread");
        assertThat(sample.get(ThreadCpu.PROCESS)).isPositive();
        assertThat(ThreadCpu.format(sample)).contains("(process)=");
    }
}
