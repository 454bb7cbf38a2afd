package io.sparklab.streaming;

import io.sparklab.jobs.TransactionStreamJob;
import io.sparklab.stack.EtlSubmit;
import io.sparklab.stack.LabException;
import io.sparklab.stack.LabStack;
import io.sparklab.stack.Progress;
import io.sparklab.stack.SparkSubmit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.testcontainers.containers.Container.ExecResult;

/**
 * The streaming job and the event generator on a running lab, the plan's way: {@code spark-submit}
 * and {@code java} run in the spark-master container, as a student would with {@code docker exec}.
 * What the streaming lab part and the streaming benchmark act with.
 */
public final class StreamingJobs {
    private static final String GENERATOR = "io.sparklab.jobs.TransactionStreamGenerator";
    private static final String CLASSPATH = "/opt/spark/jars/*:" + EtlSubmit.JAR;
    /** The job stops gracefully once this file exists (Ctrl-C on docker exec does not reach it). */
    public static final String STOP_FILE = "/data/stream_stop";
    /** The generator stops early, counts printed, once this file exists. */
    public static final String GENERATOR_STOP_FILE = "/data/generator_stop";
    private static final Pattern COUNTS = Pattern.compile(
            "\\[generator] counts produced=(\\d+) valid=(\\d+) late=(\\d+) malformed=(\\d+) failed=(\\d+)");
    /** The generator's own time from its first send to its last acknowledgement. */
    private static final Pattern SECONDS = Pattern.compile("\\[generator] produced \\d+ events in ([0-9.]+) s");

    /** What the generator says it produced (acknowledged by the broker), by kind. */
    public record Produced(long produced, long valid, long late, long malformed, long failed) {
        public Produced plus(Produced other) {
            return new Produced(produced + other.produced, valid + other.valid, late + other.late,
                    malformed + other.malformed, failed + other.failed);
        }

        public static final Produced NONE = new Produced(0, 0, 0, 0, 0);
    }

    private final LabStack stack;
    private final StreamingAddOn streaming;

    public StreamingJobs(LabStack stack, StreamingAddOn streaming) {
        this.stack = stack;
        this.streaming = streaming;
    }

    /**
     * Submits TransactionStreamJob (5 s trigger, checkpoint on the data volume) and returns once both
     * its queries have started. A resubmitted job resumes from the same checkpoint.
     */
    public SparkSubmit.Submission submit(String... extraArgs) {
        return submit(List.of(), extraArgs);
    }

    /** As above, with spark-submit options (e.g. {@code --conf spark.lab.listener=false}). */
    public SparkSubmit.Submission submit(List<String> submitOptions, String... extraArgs) {
        return submit(EtlSubmit.JAR, submitOptions, extraArgs);
    }

    /** As above, with the job of another jar in the spark-master container (a copy whose code was changed). */
    public SparkSubmit.Submission submit(String jar, List<String> submitOptions, String... extraArgs) {
        try {
            stack.master().execInContainer("rm", "-f", STOP_FILE);
        } catch (Exception e) {
            throw new LabException("Cannot clear the stop file " + STOP_FILE + ": " + e.getMessage(), e);
        }
        List<String> args = new ArrayList<>(List.of("--bootstrap", streaming.kafka().bootstrapServers(),
                "--trigger", "5 seconds", "--stop-file", STOP_FILE));
        args.addAll(List.of(extraArgs));
        long t0 = System.nanoTime();
        SparkSubmit.Submission job = SparkSubmit.start(stack.master(), TransactionStreamJob.class.getName(), jar, args,
                submitOptions, line -> {
                    if ((line.contains("query ") || line.contains("queries ") || line.contains(" summary "))
                            && line.startsWith("[" + TransactionStreamJob.APP + "]") || line.contains("Exception")) {
                        Progress.say("%s", line);
                    }
                });
        try {
            Awaitility.await("both streaming queries started").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> job.output().contains("queries " + TransactionStreamJob.WINDOWS_QUERY + " and "
                            + TransactionStreamJob.QUARANTINE_QUERY + " running") || !job.isRunning());
        } catch (RuntimeException e) {
            // Nobody holds this submission yet: a job left running would keep the worker's cores from every later run.
            killQuietly(e);
            throw e;
        }
        if (!job.isRunning()) {
            throw new LabException("The streaming job ended before its queries started; output:\n" + job.output());
        }
        Progress.say("streaming queries started %.1f s after spark-submit", (System.nanoTime() - t0) / 1e9);
        return job;
    }

    /** Asks the job to stop (its stop file) and waits for it to end; its exit code. */
    public int stop(SparkSubmit.Submission job) {
        try {
            stack.master().execInContainer("touch", STOP_FILE);
        } catch (Exception e) {
            throw new LabException("Cannot ask the streaming job to stop: " + e.getMessage(), e);
        }
        return job.await(Duration.ofMinutes(2));
    }

    private void killQuietly(RuntimeException failure) {
        try {
            stack.master().execInContainer("pkill", "-9", "-f", TransactionStreamJob.class.getName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.addSuppressed(e);
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }

    /** Kills the job's driver at once (kill -9), as a crash would; when it was killed. */
    public Instant kill(SparkSubmit.Submission job) {
        try {
            ExecResult killed = stack.master().execInContainer("pkill", "-9", "-f", TransactionStreamJob.class.getName());
            Instant at = Instant.now();
            if (killed.getExitCode() != 0) {
                throw new LabException("pkill found no streaming driver to kill (exit " + killed.getExitCode() + ")");
            }
            job.await(Duration.ofSeconds(30));
            return at;
        } catch (LabException e) {
            throw e;
        } catch (Exception e) {
            throw new LabException("Cannot kill the streaming driver: " + e.getMessage(), e);
        }
    }

    /**
     * Runs the generator to the end: {@code args} as TransactionStreamGenerator takes them (rate,
     * seconds, bursts, seed...), against the add-on's broker and topic.
     */
    public Produced generate(String... args) {
        return generateTo(StreamingAddOn.TRANSACTIONS_TOPIC, args);
    }

    /** As above, to another topic of the add-on. */
    public Produced generateTo(String topic, String... args) {
        clearGeneratorStop();
        return run(topic, args);
    }

    /** How long the last run of the generator took by its own clock (first send to last acknowledgement). */
    public double lastGeneratorSeconds() {
        return lastGeneratorSeconds;
    }

    private volatile double lastGeneratorSeconds = Double.NaN;

    private void clearGeneratorStop() {
        try {
            stack.master().execInContainer("rm", "-f", GENERATOR_STOP_FILE);
        } catch (Exception e) {
            throw new LabException("Cannot clear the generator's stop file " + GENERATOR_STOP_FILE + ": " + e.getMessage(), e);
        }
    }

    private Produced run(String topic, String... args) {
        List<String> command = new ArrayList<>(List.of("java", "-cp", CLASSPATH, GENERATOR,
                "--bootstrap", streaming.kafka().bootstrapServers(), "--topic", topic, "--stop-file", GENERATOR_STOP_FILE));
        command.addAll(List.of(args));
        long t0 = System.nanoTime();
        try {
            ExecResult run = stack.master().execInContainer(command.toArray(String[]::new));
            if (run.getExitCode() != 0) {
                throw new LabException("The generator failed (exit " + run.getExitCode() + "): " + run.getStderr().strip());
            }
            Matcher m = COUNTS.matcher(run.getStdout());
            if (!m.find()) {
                throw new LabException("The generator printed no counts line; output:\n" + run.getStdout());
            }
            Produced produced = new Produced(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                    Long.parseLong(m.group(4)), Long.parseLong(m.group(5)));
            Matcher seconds = SECONDS.matcher(run.getStdout());
            lastGeneratorSeconds = seconds.find() ? Double.parseDouble(seconds.group(1)) : Double.NaN;
            Progress.say("generator: %s in %.1f s", produced, (System.nanoTime() - t0) / 1e9);
            return produced;
        } catch (LabException e) {
            throw e;
        } catch (Exception e) {
            throw new LabException("Cannot run the generator: " + e.getMessage(), e);
        }
    }

    /** Asks a running generator to stop (its stop file): it ends within a second, its counts printed. */
    public void stopGenerator() {
        try {
            stack.master().execInContainer("touch", GENERATOR_STOP_FILE);
        } catch (Exception e) {
            throw new LabException("Cannot ask the generator to stop: " + e.getMessage(), e);
        }
    }

    /** The generator in the background (for faults injected while events keep arriving). */
    public CompletableFuture<Produced> generateInBackground(String... args) {
        // cleared before it starts, not in the task: a stop asked for at once must not be undone
        clearGeneratorStop();
        return CompletableFuture.supplyAsync(() -> run(StreamingAddOn.TRANSACTIONS_TOPIC, args));
    }
}
