package io.sparklab.stack;

import java.util.List;

/** Submitting the lab's ETL job the plan's way, with its progress lines shown as they come. */
public final class EtlSubmit {
    public static final String MAIN_CLASS = "io.sparklab.jobs.EtlJob";
    /** Where the Spark image keeps the job jar (docker/spark/Dockerfile). */
    public static final String JAR = "/opt/spark/jobs/etl-job.jar";
    /** The job's default output folder, on the data volume. */
    public static final String OUTPUT = LabVolumes.DATA_PATH + "/etl_output";

    private EtlSubmit() {
    }

    /** Starts the ETL job with these arguments (see EtlOptions.USAGE); prints its [etl_job] lines. */
    public static SparkSubmit.Submission start(LabStack stack, List<String> args) {
        return SparkSubmit.start(stack.master(), MAIN_CLASS, JAR, args, line -> {
            if (line.startsWith("[etl_job]") || line.contains("Exception")) {
                Progress.say("%s", line);
            }
        });
    }
}
