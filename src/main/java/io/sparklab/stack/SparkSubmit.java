package io.sparklab.stack;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Submits an application the plan's way, {@code docker exec spark-master spark-submit ...} (client
 * mode: the driver runs in the spark-master container), and streams its output line by line while
 * it runs, so a long job shows its stages as they finish.
 */
public final class SparkSubmit {
    /** A submitted application: its output so far, and its exit code once it ends. */
    public static final class Submission {
        private final StringBuffer output = new StringBuffer();
        private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
        private final Instant submittedAt = Instant.now();
        private volatile Instant endedAt;
        private final java.util.Map<String, Instant> linesSeenAt = new java.util.concurrent.ConcurrentHashMap<>();

        /** When a line starting with {@code prefix} was first printed, or null. */
        public Instant lineSeenAt(String prefix) {
            return linesSeenAt.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                    .map(java.util.Map.Entry::getValue).min(Instant::compareTo).orElse(null);
        }

        /** When the first line containing this text was seen (log lines start with a timestamp), or null. */
        public Instant lineContainingSeenAt(String text) {
            return linesSeenAt.entrySet().stream().filter(e -> e.getKey().contains(text))
                    .map(java.util.Map.Entry::getValue).min(Instant::compareTo).orElse(null);
        }

        /** When the first line starting with {@code prefix} printed after {@code after} was seen, or null. */
        public Instant lineSeenAfter(String prefix, Instant after) {
            return linesSeenAt.entrySet().stream().filter(e -> e.getKey().startsWith(prefix) && e.getValue().isAfter(after))
                    .map(java.util.Map.Entry::getValue).min(Instant::compareTo).orElse(null);
        }

        public String output() {
            return output.toString();
        }

        public boolean isRunning() {
            return !exitCode.isDone();
        }

        public Instant submittedAt() {
            return submittedAt;
        }

        public Instant endedAt() {
            return endedAt;
        }

        /** Waits for the end; the exit code of spark-submit. */
        public int await(Duration timeout) {
            try {
                return exitCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new LabException("The application was still running after " + timeout.toSeconds() + " s; output so far:\n"
                        + output, e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new LabException("spark-submit failed: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabException("Interrupted while waiting for the application", e);
            }
        }
    }

    private SparkSubmit() {
    }

    /**
     * Starts {@code spark-submit --class mainClass jar args...} in the master container.
     * Lines of output go to {@code lines} as they come (e.g. to print progress).
     */
    public static Submission start(SparkMasterContainer master, String mainClass, String jar, List<String> args,
                                   Consumer<String> lines) {
        return start(master, mainClass, jar, args, List.of(), lines);
    }

    /** As above, with spark-submit options (e.g. {@code --conf k=v}) before the jar. */
    public static Submission start(SparkMasterContainer master, String mainClass, String jar, List<String> args,
                                   List<String> submitOptions, Consumer<String> lines) {
        DockerClient docker = Docker.client();
        List<String> command = new ArrayList<>(List.of("spark-submit", "--class", mainClass));
        command.addAll(submitOptions);
        command.add(jar);
        command.addAll(args);
        String execId = docker.execCreateCmd(master.getContainerId())
                .withCmd(command.toArray(String[]::new))
                .withAttachStdout(true).withAttachStderr(true)
                .exec().getId();
        Submission submission = new Submission();
        StringBuilder partial = new StringBuilder();
        docker.execStartCmd(execId).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                String text = new String(frame.getPayload(), StandardCharsets.UTF_8);
                submission.output.append(text);
                synchronized (partial) {
                    partial.append(text);
                    int newline;
                    while ((newline = partial.indexOf("\n")) >= 0) {
                        String line = partial.substring(0, newline);
                        submission.linesSeenAt.putIfAbsent(line, Instant.now());
                        lines.accept(line);
                        partial.delete(0, newline + 1);
                    }
                }
            }

            @Override
            public void onComplete() {
                finish(null);
            }

            @Override
            public void onError(Throwable throwable) {
                finish(throwable);
            }

            private void finish(Throwable error) {
                submission.endedAt = Instant.now();
                if (error != null) {
                    submission.exitCode.completeExceptionally(error);
                    return;
                }
                Long code = docker.inspectExecCmd(execId).exec().getExitCodeLong();
                submission.exitCode.complete(code == null ? -1 : code.intValue());
            }
        });
        return submission;
    }
}
