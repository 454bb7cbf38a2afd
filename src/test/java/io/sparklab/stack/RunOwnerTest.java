package io.sparklab.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Whose a container is: a JVM of this machine that still runs, or one that has ended. */
class RunOwnerTest {
    @Test
    void this_jvm_is_not_gone_an_ended_process_is() throws Exception {
        assertThat(RunOwner.isGone(RunOwner.current())).isFalse();

        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        assertThat(RunOwner.isGone(RunOwner.of(ended.pid(), 0))).isTrue();
    }

    @Test
    void a_pid_taken_by_a_later_process_is_gone() {
        ProcessHandle self = ProcessHandle.current();
        long started = self.info().startInstant().orElseThrow().toEpochMilli();
        assertThat(RunOwner.isGone(RunOwner.of(self.pid(), started))).as("this JVM, its own start").isFalse();
        assertThat(RunOwner.isGone(RunOwner.of(self.pid(), started - 60_000))).as("this pid, a start a minute earlier").isTrue();
    }

    @Test
    void another_machines_process_or_no_owner_is_never_judged() {
        assertThat(RunOwner.isGone("another-machine|1|0")).isFalse();
        assertThat(RunOwner.isGone(null)).isFalse();
        assertThat(RunOwner.isGone("not an owner")).isFalse();
        assertThat(RunOwner.isGone(RunOwner.current().replaceFirst("\\|\\d+\\|", "|pid|"))).isFalse();
    }
}
