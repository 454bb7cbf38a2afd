package io.sparklab.support;

import io.sparklab.stack.ContainerFiles;
import io.sparklab.stack.EtlSubmit;
import io.sparklab.stack.LabStack;
import io.sparklab.stack.SparkSubmit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of the ETL job per test run, shared by the parts that look at it (jobs and metrics,
 * dashboards, the report), whichever asks first: submitted the plan's way with a fixed seed, watched
 * while it runs, its output copied out of the data volume.
 */
public final class SharedEtlRun {
    public static final long SEED = 2026;

    /** The plan's validation queries, verbatim, and what else the lab watches while the job runs. */
    public static final Map<String, String> WATCHED = new LinkedHashMap<>();

    static {
        WATCHED.put("up{job=\"spark-driver\"}", "up{job=\"spark-driver\"}");
        WATCHED.put("jvm_heap_memory_used / jvm_heap_memory_max", "jvm_heap_memory_used / jvm_heap_memory_max");
        WATCHED.put("rate(spark_tasks_completed_total[5m])", "rate(spark_tasks_completed_total[5m])");
        WATCHED.put("executors up", "up{job=\"spark-executors\"}");
        WATCHED.put("app metrics up", "up{job=\"spark-app-metrics\"}");
    }

    /** What the run did and what was seen of it. */
    public record Run(SparkSubmit.Submission submission, JobObserver observer, String appId, Path output) {
        public Instant start() {
            return submission.submittedAt();
        }

        /** The end of the run, plus the final scrape. */
        public Instant end() {
            return submission.endedAt();
        }
    }

    /** Longer than the run takes on this 2-core machine (about 40 s) many times over. */
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
    private static Run run;
    /** Why the run failed, said to every part that asks after it (a second submission would wait for the first's cores). */
    private static RuntimeException failure;

    private SharedEtlRun() {
    }

    public static synchronized Run get() {
        if (failure != null) {
            throw new IllegalStateException("The shared ETL run failed earlier: " + failure.getMessage(), failure);
        }
        if (run == null) {
            try {
                run = start(SharedLabStack.get());
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return run;
    }

    private static Run start(LabStack stack) {
        SparkSubmit.Submission submission = EtlSubmit.start(stack, List.of("--seed", Long.toString(SEED)));
        JobObserver observer = new JobObserver(stack.prometheus().client(), WATCHED)
                .watchWhile(submission::isRunning, Duration.ofSeconds(1), RUN_TIMEOUT);
        submission.await(Duration.ofSeconds(10)); // ended by now, or it is a failure (a job waiting for cores)

        Matcher app = Pattern.compile("\\[etl_job] application (app-\\S+)").matcher(submission.output());
        Path copies;
        try {
            copies = Files.createDirectories(stack.project().target().resolve("lab-runs"));
            copies = Files.createTempDirectory(copies, "etl-output-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path output = ContainerFiles.copyOut(stack.master(), EtlSubmit.OUTPUT, copies);
        return new Run(submission, observer, app.find() ? app.group(1) : null, output);
    }
}
