package io.sparklab.grading.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparklab.jobs.EtlOptions;
import org.junit.jupiter.api.Test;

/** The parts of the metric checks that read, not query: they must read a command line as the job does. */
class MetricChecksTest {
    private static final String JOB = "org.apache.spark.deploy.SparkSubmit --class io.sparklab.jobs.EtlJob /opt/spark-apps/etl-job.jar";

    @Test
    void repartition_is_read_as_the_job_reads_it() {
        assertThat(MetricChecks.repartitionOf(JOB + " --repartition 24")).isEqualTo(24);
        assertThat(MetricChecks.repartitionOf(JOB + " --repartition 24 --rows 1000")).isEqualTo(24);
        assertThat(MetricChecks.repartitionOf(JOB)).isZero();
        assertThat(MetricChecks.repartitionOf(JOB + " --repartitions 24")).isZero();
    }

    @Test
    void the_last_of_a_repeated_repartition_counts_and_underscores_separate_digits_as_in_the_job() {
        String twice = " --repartition 2 --rows 1000 --repartition 3_2";
        assertThat(MetricChecks.repartitionOf(JOB + twice)).isEqualTo(32);
        // Why underscores: the job's number parser, which 08's --repartition goes through (between -> number),
        // drops them; --rows shows it on the starter, which has no --repartition to parse.
        assertThat(EtlOptions.parse("--rows", "1_000").rows()).isEqualTo(1000);
    }
}
