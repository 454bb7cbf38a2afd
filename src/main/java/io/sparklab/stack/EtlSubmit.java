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

    /** The job's arguments for a hardened stack (what `./lab up --hardened` prints for a student to submit). */
    public static List<String> hardenedArgs() {
        return List.of("--pushgateway", "https://pushgateway:9091", "--prometheus", "https://prometheus:9090",
                "--basic-auth-user", io.sparklab.hardening.LabSecrets.USER,
                "--basic-auth-password-file", io.sparklab.hardening.LabSecrets.inContainer(io.sparklab.hardening.LabSecrets.PASSWORD),
                "--ca-file", io.sparklab.hardening.LabSecrets.inContainer(io.sparklab.hardening.LabSecrets.CA_CERT));
    }

    /**
     * Starts the ETL job with these arguments (see EtlOptions.USAGE); prints its [etl_job] lines. On a
     * hardened stack the job is told how to reach its Prometheus and Pushgateway (https, the lab CA,
     * the lab user's password file), before the given arguments, which can still override them.
     */
    public static SparkSubmit.Submission start(LabStack stack, List<String> args) {
        return start(stack, JAR, List.of(), args);
    }

    /**
     * The same, with the job of another jar in the spark-master container (a copy whose code was changed)
     * and spark-submit options before it ({@code --conf k=v}).
     */
    public static SparkSubmit.Submission start(LabStack stack, String jar, List<String> submitOptions, List<String> args) {
        List<String> all = new java.util.ArrayList<>(stack.hardened() ? hardenedArgs() : List.of());
        all.addAll(args);
        return SparkSubmit.start(stack.master(), MAIN_CLASS, jar, all, submitOptions, line -> {
            if (line.startsWith("[etl_job]") || line.contains("Exception")) {
                Progress.say("%s", line);
            }
        });
    }
}
