package io.sparklab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CpuAtLineTest {
    private static final Pattern DONE = Pattern.compile("\\[etl_job] done in ([0-9.]+) s");

    @Test
    void reads_the_cpu_once_when_the_line_first_appears() {
        AtomicInteger reads = new AtomicInteger();
        CpuAtLine atDone = new CpuAtLine(DONE, () -> 40.0 + reads.incrementAndGet());

        atDone.accept("[etl_job] application app-1 on spark://spark-master:7077");
        atDone.accept("[etl_job] done in 20.1 s: read 1000000 rows");
        atDone.accept("[etl_job] done in 20.1 s: read 1000000 rows");

        assertThat(atDone.seconds()).isEqualTo(41.0);
        assertThat(reads).hasValue(1);
    }

    @Test
    void a_run_that_never_printed_the_line_has_no_figure() {
        CpuAtLine atDone = new CpuAtLine(DONE, () -> 41.0);

        atDone.accept("[etl_job] FAILED after 3.0 s: boom");

        assertThat(atDone.seconds()).isNaN();
    }

    @Test
    void a_failed_reading_is_unknown_not_zero() {
        CpuAtLine atDone = new CpuAtLine(DONE, () -> {
            throw new IllegalStateException("container gone");
        });

        atDone.accept("[etl_job] done in 20.1 s: read 1000000 rows");

        assertThat(atDone.seconds()).isNaN();
    }
}
