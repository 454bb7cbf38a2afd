package io.sparklab.faults;

import io.sparklab.alerts.AlertObservation;
import io.sparklab.alerts.AlertTimeline;
import io.sparklab.alerts.AlertWatch;
import io.sparklab.client.PrometheusClient;
import io.sparklab.client.SparkMasterClient;
import io.sparklab.client.WebhookReceiverClient.Delivery;
import io.sparklab.report.FaultWindow;
import io.sparklab.stack.EtlSubmit;
import io.sparklab.stack.LabContainer;
import io.sparklab.stack.LabException;
import io.sparklab.stack.LabService;
import io.sparklab.stack.LabStack;
import io.sparklab.stack.Progress;
import io.sparklab.stack.SparkSubmit;
import io.sparklab.stack.SparkWorkerContainer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;

/**
 * Real faults injected into a running stack, each followed until its alerts fired all the way to the
 * webhook and, once the fault is removed, resolved there; the long ones hold the fault longer than
 * every window of the rules and record what Prometheus and Alertmanager showed meanwhile, so a test
 * can judge whether the alert told the truth. Each scenario leaves the stack as it found it.
 * Used by Part4AlertsTest and by the alert latency benchmark (./lab bench-alerts).
 */
public final class AlertScenarios {
    /** Where alertmanager.yml sends each kind of notification (one webhook receiver, one path each). */
    public static final String PAGER_PATH = "/pager";
    public static final String TICKET_PATH = "/alerts";
    public static final String HEARTBEAT_PATH = "/heartbeat";

    /**
     * How long the worker fault is held: longer than every window that could end it early
     * (SparkWorkerDown's `for` of 1 m, the 2 m master up-time window, 1 m rate windows, the 5 s
     * inventory refresh) and many scrape and rule cycles.
     */
    public static final Duration WORKER_FAULT_HOLD = Duration.ofSeconds(125);
    /** How long the webhook receiver stays down while an alert fires (Alertmanager must retry). */
    public static final Duration RECEIVER_OUTAGE = Duration.ofSeconds(60);

    private static final Duration FIRE_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration RESOLVE_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration QUIET_TIMEOUT = Duration.ofSeconds(90);

    private final LabStack stack;
    private final AlertWatch watch;
    private final List<FaultWindow> faults = new ArrayList<>();

    public AlertScenarios(LabStack stack) {
        this.stack = stack;
        this.watch = new AlertWatch(stack);
    }

    /**
     * A held fault: the alert's timeline, what was observed while it lasted, what reached the webhook
     * then, and the webhook receiver's outage during it (null if there was none).
     */
    public record HeldFault(AlertTimeline timeline, AlertObservation observation, List<Delivery> deliveredDuringFault,
            ReceiverOutage receiverOutage) {
    }

    /** A restart: the alert it fired, and every notification from the fault until the stack was whole again. */
    public record Restart(AlertTimeline timeline, List<Delivery> deliveredDuringScenario, List<String> firingAfter) {
    }

    /** When the webhook receiver was stopped, and when it was started again. */
    public record ReceiverOutage(Instant stoppedAt, Instant startedAt) {
    }

    /**
     * 1. One worker of two is stopped and kept down for {@link #WORKER_FAULT_HOLD}, then started
     * again: SparkWorkerDown must fire for that worker alone and not resolve while it is down. A stack
     * of one worker gets a second one for the scenario (added to, then taken out of, Prometheus'
     * worker inventory). With {@code receiverOutage}, the webhook receiver is also stopped from 30 s
     * into the fault for {@link #RECEIVER_OUTAGE}, across the moment the page fires: Alertmanager must
     * deliver it once the receiver is back.
     */
    public HeldFault oneWorkerDown(boolean receiverOutage) {
        SparkWorkerContainer added = null;
        if (stack.workerCount() < 2) {
            Progress.say("scenario: a second worker joins the cluster (one of N needs N >= 2)");
            added = stack.addWorker();
        }
        try {
            return oneOfNWorkersDown(receiverOutage);
        } finally {
            if (added != null) {
                Progress.say("scenario: the second worker leaves the cluster (out of the inventory first)");
                stack.removeWorker(added);
            }
        }
    }

    private HeldFault oneOfNWorkersDown(boolean receiverOutage) {
        int n = stack.workerCount();
        SparkWorkerContainer worker = stack.workers().get(n - 1);
        String instance = worker.alias() + ":" + LabService.SPARK_WORKER.port();
        Progress.say("scenario: worker %d of %d (%s) is stopped and kept down for %d s%s", n, n, instance,
                WORKER_FAULT_HOLD.toSeconds(), receiverOutage ? "; the webhook receiver is down across the page" : "");
        watch.awaitQuiet(List.of("SparkWorkerDown", "SparkNoAliveWorkers", "SparkWorkerLost"), QUIET_TIMEOUT);
        Instant fault = Instant.now();
        ContainerFaults.stop(worker);
        CompletableFuture<ReceiverOutage> outage = receiverOutage
                ? CompletableFuture.supplyAsync(() -> stopReceiver(fault.plusSeconds(30), RECEIVER_OUTAGE))
                : CompletableFuture.completedFuture(null);
        AlertTimeline fired;
        ReceiverOutage receiverDown;
        AlertObservation held;
        try {
            fired = watch.awaitFiring("SparkWorkerDown", Map.of("instance", instance), fault,
                    FIRE_TIMEOUT.plus(RECEIVER_OUTAGE));
            receiverDown = outage.join();
            held = watch.observeUntil(fault.plus(WORKER_FAULT_HOLD));
        } catch (RuntimeException e) {
            throw undone(e, worker);
        }

        Progress.say("scenario: worker %d is started again", n);
        Instant removed = Instant.now();
        List<Delivery> during = watch.deliveriesBetween(fault, removed);
        ContainerFaults.start(worker);
        faults.add(new FaultWindow(worker.alias() + " stopped", fault, removed));
        if (receiverDown != null) {
            faults.add(new FaultWindow("webhook receiver stopped", receiverDown.stoppedAt(), receiverDown.startedAt()));
        }
        awaitAliveWorkers();
        return new HeldFault(watch.awaitResolved(fired, removed, RESOLVE_TIMEOUT), held, during, receiverDown);
    }

    /** Stops the webhook receiver at {@code at}, starts it again {@code outage} later, waits until it answers. */
    private ReceiverOutage stopReceiver(Instant at, Duration outage) {
        ContainerFaults.sleepUntil(at);
        Progress.say("  the webhook receiver is stopped for %d s", outage.toSeconds());
        Instant stopped = Instant.now();
        ContainerFaults.stop(stack.webhookReceiver());
        ContainerFaults.sleepUntil(stopped.plus(outage));
        // Taken before the start: Alertmanager's retry can land between the receiver answering and
        // this side noticing it (measured: 3 ms before a timestamp taken after the readiness poll).
        Instant started = Instant.now();
        ContainerFaults.start(stack.webhookReceiver());
        Awaitility.await("the webhook receiver to answer again").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> stack.webhookReceiver().client().isReady());
        Progress.say("  the webhook receiver is back after %.0f s", Duration.between(stopped, started).toMillis() / 1000.0);
        return new ReceiverOutage(stopped, started);
    }

    /**
     * 2. The master container is stopped until SparkMasterDown pages, then started again; the
     * workers re-register on their own schedule. Returns every notification until the master's
     * metrics show every worker again, and what still fires then.
     */
    public Restart masterRestart() {
        Progress.say("scenario: the master container is stopped until it pages, then started again");
        LabContainer<?> master = stack.master();
        watch.awaitQuiet(List.of("SparkMasterDown", "SparkNoAliveWorkers", "SparkWorkerLost"), QUIET_TIMEOUT);
        Instant fault = Instant.now();
        ContainerFaults.stop(master);
        AlertTimeline fired;
        try {
            fired = watch.awaitFiring("SparkMasterDown", Map.of("job", "spark-master"), fault, FIRE_TIMEOUT);
        } catch (RuntimeException e) {
            throw undone(e, master);
        }

        Progress.say("scenario: the master is started again; the workers re-register");
        Instant removed = Instant.now();
        ContainerFaults.start(master);
        faults.add(new FaultWindow("master stopped", fault, removed));
        awaitAliveWorkers();
        awaitPrometheusCountsWorkers();
        AlertTimeline resolved = watch.awaitResolved(fired, removed, RESOLVE_TIMEOUT);
        List<String> firing = watch.firingAlertnames();
        return new Restart(resolved, watch.deliveriesBetween(fault, Instant.now()), firing);
    }

    /** 3a. The ETL job runs with a share of its tasks failing their first attempt (the job succeeds). */
    public List<AlertTimeline> taskFailures() {
        Progress.say("scenario: the ETL job runs with 30 %% of its first stage's tasks failing once");
        watch.awaitQuiet(List.of("SparkTaskFailures"), QUIET_TIMEOUT);
        Instant fault = Instant.now();
        SparkSubmit.Submission job = EtlSubmit.start(stack, List.of("--rows", "1000000", "--fail-task-share", "0.3"));
        AlertTimeline fired = watch.awaitFiring("SparkTaskFailures", Map.of("app", "etl_job"), fault, FIRE_TIMEOUT);
        requireExit(job, 0);
        // Spark counts failed tasks (AppStatusSource, spark_tasks_failed_total) when their job ends, by
        // the job's total (AppStatusListener.onJobEnd), not when a task fails: the metric exists from
        // the end of the first job that had a failure, which the job's listener prints.
        // TaskSetManager's WARN line of each failed attempt: "... WARN o.a.s.scheduler.TaskSetManager [...] Lost task ..."
        Instant firstFailure = job.lineContainingSeenAt("Lost task ");
        Instant counted = firstFailure == null ? null : job.lineSeenAfter("[etl_job] job ", firstFailure);
        if (firstFailure != null && counted != null) {
            Progress.say("  the first task failed %.1f s before Spark counted it (at the end of its job)",
                    Duration.between(firstFailure, counted).toMillis() / 1000.0);
            fired = fired.withFaultAt(counted);
        } else {
            // No job end printed (an image older than the listener's line?): timed from the first failure, said so.
            Progress.say("  no job end seen after the first failed task: timed from the first failure");
            fired = fired.withFaultAt(firstFailure);
        }
        faults.add(new FaultWindow("failing tasks", job.submittedAt(), job.endedAt()));
        // Failures "in the last minute": the alert resolves a minute after the last failure, or with
        // the application's metrics when the driver exits.
        return List.of(watch.awaitResolved(fired, job.endedAt(), RESOLVE_TIMEOUT));
    }

    /**
     * A failed batch run: its page, the state Alertmanager gave the failed stage's own warning while
     * the page fired (it should be inhibited), and what reached the webhook until the page resolved.
     */
    public record EtlFailure(AlertTimeline timeline, String stageFailuresState, List<Delivery> deliveredWhilePaging) {
    }

    /** 3b. The ETL job fails; a later successful run resolves the alert. */
    public EtlFailure etlJobFails() {
        Progress.say("scenario: the ETL job runs with every task failing, so the job fails");
        watch.awaitQuiet(List.of("EtlJobFailed", "SparkStageFailures"), QUIET_TIMEOUT.plus(Duration.ofMinutes(5)));
        Instant fault = Instant.now();
        SparkSubmit.Submission failing = EtlSubmit.start(stack, List.of("--rows", "200000", "--fail-job"));
        requireExit(failing, 1);
        AlertTimeline fired = watch.awaitFiring("EtlJobFailed", Map.of("job", "etl_job"), fault, FIRE_TIMEOUT)
                .withFaultAt(failing.lineSeenAt("[etl_job] outcome pushed")); // the failure exists once pushed
        String stageFailures = watch.awaitStateInAlertmanager(
                new AlertWatch.Expected("SparkStageFailures", Map.of("app", "etl_job")), FIRE_TIMEOUT);
        Progress.say("  SparkStageFailures is %s in Alertmanager while EtlJobFailed pages", stageFailures);

        Progress.say("scenario: the ETL job runs again, successfully");
        Instant removed = Instant.now();
        requireExit(EtlSubmit.start(stack, List.of("--rows", "200000")), 0);
        faults.add(new FaultWindow("failed ETL run until a good one", fault, removed));
        AlertTimeline resolved = watch.awaitResolved(fired, removed, RESOLVE_TIMEOUT);
        return new EtlFailure(resolved, stageFailures, watch.deliveriesBetween(fault, resolved.webhookResolvedAt()));
    }

    /** 4. A job fills 90 % of its driver's heap and holds it for 40 s (longer than the rule's `for`). */
    public List<AlertTimeline> highHeap() {
        Progress.say("scenario: a job holds 90 %% of its driver's heap for 40 s");
        watch.awaitQuiet(List.of("SparkHighHeapUsage"), QUIET_TIMEOUT);
        Instant fault = Instant.now();
        SparkSubmit.Submission job = EtlSubmit.start(stack,
                List.of("--rows", "100000", "--hold-heap-share", "0.9", "--hold-seconds", "40"));
        AlertTimeline fired = watch.awaitFiring("SparkHighHeapUsage", Map.of("job", "spark-driver"), fault, FIRE_TIMEOUT)
                .withFaultAt(job.lineSeenAt("[etl_job] holding")); // the heap is full from that line on
        requireExit(job, 0);
        Instant released = releasedAt(job);
        faults.add(new FaultWindow("driver heap held at 90 %", fired.faultAt(), released));
        return List.of(watch.awaitResolved(fired, released, RESOLVE_TIMEOUT));
    }

    /** 5. A scrape target disappears (node-exporter stopped), then comes back. */
    public List<AlertTimeline> targetDown() {
        Progress.say("scenario: the node-exporter container is stopped");
        LabContainer<?> exporter = stack.nodeExporter();
        watch.awaitQuiet(List.of("LabTargetDown"), QUIET_TIMEOUT);
        Instant fault = Instant.now();
        ContainerFaults.stop(exporter);
        AlertTimeline fired;
        try {
            fired = watch.awaitFiring("LabTargetDown", Map.of("job", "node-exporter"), fault, FIRE_TIMEOUT);
        } catch (RuntimeException e) {
            throw undone(e, exporter);
        }

        Progress.say("scenario: the node-exporter container is started again");
        Instant removed = Instant.now();
        ContainerFaults.start(exporter);
        faults.add(new FaultWindow("node-exporter stopped", fault, removed));
        return List.of(watch.awaitResolved(fired, removed, RESOLVE_TIMEOUT));
    }

    /**
     * A scenario that failed with its fault in place must not leave it to the parts after it on the
     * shared stack (a stopped master fails them all): the container is started again, and the
     * scenario's own failure is the one reported.
     */
    private static RuntimeException undone(RuntimeException failure, LabContainer<?> stopped) {
        try {
            ContainerFaults.start(stopped);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
        return failure;
    }

    /** The faults injected so far, from injection to removal (the run report shades them). */
    public List<FaultWindow> faults() {
        return List.copyOf(faults);
    }

    /** The alerts firing in Prometheus now, the always-firing Watchdog left out. */
    public List<String> firingNow() {
        return watch.firingAlertnames();
    }

    /** Every notification the webhook receiver recorded since {@code from}, on every path. */
    public List<Delivery> deliveriesSince(Instant from) {
        return watch.deliveriesBetween(from, Instant.now().plusSeconds(1));
    }

    /**
     * Every timed scenario, in order, for the latency benchmark (the receiver outage is left out:
     * its delay is the outage, by design).
     */
    public List<AlertTimeline> all() {
        List<AlertTimeline> all = new ArrayList<>();
        all.add(oneWorkerDown(false).timeline());
        all.add(masterRestart().timeline());
        all.addAll(taskFailures());
        all.add(etlJobFails().timeline());
        all.addAll(highHeap());
        all.addAll(targetDown());
        return all;
    }

    private void awaitAliveWorkers() {
        Awaitility.await("the master to count " + stack.workerCount() + " alive worker(s) again")
                .atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> new SparkMasterClient(stack.master().url()).status().aliveWorkers() == stack.workerCount());
    }

    /** Once Prometheus has scraped the master counting every worker, no worker-count alert can still fire. */
    private void awaitPrometheusCountsWorkers() {
        Awaitility.await("Prometheus to scrape " + stack.workerCount() + " alive worker(s) from the master")
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> {
                    PrometheusClient prometheus = stack.prometheus().client();
                    List<PrometheusClient.Sample> alive = prometheus.query("metrics_master_aliveWorkers_Value");
                    return alive.size() == 1 && alive.get(0).value() == stack.workerCount();
                });
    }

    private static void requireExit(SparkSubmit.Submission job, int expected) {
        int exit = job.await(Duration.ofMinutes(5));
        if (exit != expected) {
            throw new LabException("The ETL job exited with " + exit + ", expected " + expected + ":\n" + job.output());
        }
    }

    /** When the job said it released the heap (its output line), or its end. */
    /** When the job let its heap go: the time it printed (its output can arrive seconds later). */
    private static Instant releasedAt(SparkSubmit.Submission job) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[etl_job] releasing heap at (\\S+)").matcher(job.output());
        if (m.find()) {
            return Instant.parse(m.group(1));
        }
        Instant at = job.lineSeenAt("[etl_job] heap released");
        return at != null ? at : job.endedAt();
    }
}
