package io.sparklab.faults;

import io.sparklab.client.SparkMasterClient;
import io.sparklab.stack.Docker;
import io.sparklab.stack.EtlSubmit;
import io.sparklab.stack.LabContainer;
import io.sparklab.stack.LabException;
import io.sparklab.stack.LabStack;
import io.sparklab.stack.Progress;
import io.sparklab.stack.SparkSubmit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * Real faults injected into a running stack, each followed until its alerts fired all the way to the
 * webhook and, once the fault is removed, resolved there. Each scenario leaves the stack as it found
 * it. Used by Part4AlertsTest and by the alert latency benchmark (./lab bench-alerts).
 */
public final class AlertScenarios {
    private static final Duration FIRE_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration RESOLVE_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration QUIET_TIMEOUT = Duration.ofSeconds(90);

    private final LabStack stack;
    private final AlertWatch watch;

    public AlertScenarios(LabStack stack) {
        this.stack = stack;
        this.watch = new AlertWatch(stack);
    }

    /** 1. A worker container is stopped, then started again. */
    public List<AlertTimeline> workerStopped() {
        Progress.say("scenario: the worker container is stopped");
        LabContainer<?> worker = stack.workers().get(0);
        watch.awaitQuiet(List.of("SparkWorkerDown", "SparkNoAliveWorkers", "SparkWorkerLost"), QUIET_TIMEOUT);
        Instant fault = Instant.now();
        Docker.client().stopContainerCmd(worker.getContainerId()).withTimeout(10).exec();
        List<AlertTimeline> fired = watch.awaitFiring(List.of(
                new AlertWatch.Expected("SparkWorkerDown", Map.of("job", "spark-worker")),
                new AlertWatch.Expected("SparkNoAliveWorkers", Map.of())), fault, FIRE_TIMEOUT);
        AlertTimeline down = fired.get(0);
        AlertTimeline noWorkers = fired.get(1);

        Progress.say("scenario: the worker container is started again");
        Instant removed = Instant.now();
        Docker.client().startContainerCmd(worker.getContainerId()).exec();
        awaitAliveWorkers();
        return List.of(watch.awaitResolved(down, removed, RESOLVE_TIMEOUT), watch.awaitResolved(noWorkers, removed, RESOLVE_TIMEOUT));
    }

    /** 2a. The ETL job runs with a share of its tasks failing their first attempt (the job succeeds). */
    public List<AlertTimeline> taskFailures() {
        Progress.say("scenario: the ETL job runs with 30 %% of its first stage's tasks failing once");
        watch.awaitQuiet(List.of("SparkTaskFailures"), QUIET_TIMEOUT);
        Instant fault = Instant.now();
        SparkSubmit.Submission job = EtlSubmit.start(stack, List.of("--rows", "1000000", "--fail-task-share", "0.3"));
        AlertTimeline fired = watch.awaitFiring("SparkTaskFailures", Map.of("app", "etl_job"), fault, FIRE_TIMEOUT)
                .withFaultAt(job.lineSeenAt("[etl_job] application")); // the first failures follow within a second
        requireExit(job, 0);
        // The fault ends with the application: its driver's metrics go, and the alert with them.
        return List.of(watch.awaitResolved(fired, job.endedAt(), RESOLVE_TIMEOUT));
    }

    /** 2b. The ETL job fails; a later successful run resolves the alert. */
    public List<AlertTimeline> etlJobFails() {
        Progress.say("scenario: the ETL job runs with every task failing, so the job fails");
        watch.awaitQuiet(List.of("EtlJobFailed"), QUIET_TIMEOUT);
        Instant fault = Instant.now();
        SparkSubmit.Submission failing = EtlSubmit.start(stack, List.of("--rows", "200000", "--fail-job"));
        requireExit(failing, 1);
        AlertTimeline fired = watch.awaitFiring("EtlJobFailed", Map.of("job", "etl_job"), fault, FIRE_TIMEOUT)
                .withFaultAt(failing.lineSeenAt("[etl_job] outcome pushed")); // the failure exists once pushed

        Progress.say("scenario: the ETL job runs again, successfully");
        Instant removed = Instant.now();
        requireExit(EtlSubmit.start(stack, List.of("--rows", "200000")), 0);
        return List.of(watch.awaitResolved(fired, removed, RESOLVE_TIMEOUT));
    }

    /** 3. A job fills 90 % of its driver's heap and holds it for 30 s. */
    public List<AlertTimeline> highHeap() {
        Progress.say("scenario: a job holds 90 %% of its driver's heap for 30 s");
        watch.awaitQuiet(List.of("SparkHighHeapUsage"), QUIET_TIMEOUT);
        Instant fault = Instant.now();
        SparkSubmit.Submission job = EtlSubmit.start(stack,
                List.of("--rows", "100000", "--hold-heap-share", "0.9", "--hold-seconds", "30"));
        AlertTimeline fired = watch.awaitFiring("SparkHighHeapUsage", Map.of("job", "spark-driver"), fault, FIRE_TIMEOUT)
                .withFaultAt(job.lineSeenAt("[etl_job] holding")); // the heap is full from that line on
        requireExit(job, 0);
        Instant released = releasedAt(job);
        return List.of(watch.awaitResolved(fired, released, RESOLVE_TIMEOUT));
    }

    /** 4. A scrape target disappears (node-exporter stopped), then comes back. */
    public List<AlertTimeline> targetDown() {
        Progress.say("scenario: the node-exporter container is stopped");
        LabContainer<?> exporter = stack.nodeExporter();
        watch.awaitQuiet(List.of("LabTargetDown"), QUIET_TIMEOUT);
        Instant fault = Instant.now();
        Docker.client().stopContainerCmd(exporter.getContainerId()).withTimeout(10).exec();
        AlertTimeline fired = watch.awaitFiring("LabTargetDown", Map.of("job", "node-exporter"), fault, FIRE_TIMEOUT);

        Progress.say("scenario: the node-exporter container is started again");
        Instant removed = Instant.now();
        Docker.client().startContainerCmd(exporter.getContainerId()).exec();
        return List.of(watch.awaitResolved(fired, removed, RESOLVE_TIMEOUT));
    }

    /** Every scenario, in order. */
    public List<AlertTimeline> all() {
        List<AlertTimeline> all = new ArrayList<>();
        all.addAll(workerStopped());
        all.addAll(taskFailures());
        all.addAll(etlJobFails());
        all.addAll(highHeap());
        all.addAll(targetDown());
        return all;
    }

    private void awaitAliveWorkers() {
        SparkMasterClient master = new SparkMasterClient(stack.master().url());
        Awaitility.await("the master to count " + stack.workerCount() + " alive worker(s) again")
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> master.status().aliveWorkers() == stack.workerCount());
    }

    private static void requireExit(SparkSubmit.Submission job, int expected) {
        int exit = job.await(Duration.ofMinutes(5));
        if (exit != expected) {
            throw new LabException("The ETL job exited with " + exit + ", expected " + expected + ":\n" + job.output());
        }
    }

    /** When the job said it released the heap (its output line), or its end. */
    private static Instant releasedAt(SparkSubmit.Submission job) {
        Instant at = job.lineSeenAt("[etl_job] heap released");
        return at != null ? at : job.endedAt();
    }
}
