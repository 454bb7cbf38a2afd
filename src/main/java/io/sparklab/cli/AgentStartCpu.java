package io.sparklab.cli;

import io.sparklab.stack.EtlSubmit;
import io.sparklab.stack.LabContainer;
import io.sparklab.stack.LabException;
import io.sparklab.stack.Progress;
import java.util.ArrayList;
import java.util.List;

/**
 * What the JMX agent's start costs a JVM, measured apart: a JVM that does nothing
 * (io.sparklab.jobs.EmptyMain) started in a Spark container with the driver's agent and without it,
 * the container's CPU count (its cgroup) before and after each, the median difference. The agent's
 * premain runs before the driver's or executor's first line, so the instruments' own count
 * ({@link OwnCpu}) cannot see it; the benchmarks add it, once per JVM that carries an agent. A slight
 * overestimate, the safe side for an overhead target: it includes the JVM's management classes,
 * which a Spark JVM loads anyway. The container's daemon (the master) idles meanwhile, a few ms.
 */
record AgentStartCpu(List<Double> withAgent, List<Double> without) {
    /** The driver's agent as spark-defaults.conf starts it, on a port nothing else in the image uses. */
    static final String AGENT = "-javaagent:/opt/spark/agent/jmx_prometheus_javaagent.jar=7099:"
            + "/opt/spark/conf/spark-driver-jmx-exporter.yaml";

    /**
     * Runs the JVM {@code runs} times each way, alternating, and says what it found. A failure leaves
     * the figure unknown (NaN: the totals with it say "NOT met") rather than losing the rounds before it.
     */
    static AgentStartCpu measure(LabContainer<?> container, int runs) {
        List<Double> with = new ArrayList<>();
        List<Double> without = new ArrayList<>();
        try {
            for (int i = 0; i < runs; i++) {
                without.add(jvmCpu(container, false));
                with.add(jvmCpu(container, true));
            }
        } catch (LabException e) {
            Progress.say("could not measure the JMX agent's start: %s", e.getMessage());
            return new AgentStartCpu(List.of(), List.of());
        }
        AgentStartCpu start = new AgentStartCpu(with, without);
        Progress.say("the JMX agent's start, measured apart in %s: %.2f s of CPU per JVM (a JVM's start and exit: with the agent %s s, without %s s)",
                container.name(), start.perJvmSeconds(), seconds(with), seconds(without));
        return start;
    }

    /** The median JVM with the agent minus the median without, in CPU seconds; NaN when unmeasured. */
    double perJvmSeconds() {
        return RoundRatios.median(withAgent) - RoundRatios.median(without);
    }

    /**
     * Each run's instruments' own CPU with the agents' start in its {@code jvms} JVMs added (no thread
     * count sees a start), over the run's CPU: one share per run, as RoundRatios.
     */
    RoundRatios shareWithStarts(List<Double> ownSeconds, List<Double> runCpuSeconds, int jvms) {
        double agents = jvms * perJvmSeconds();
        return RoundRatios.of(ownSeconds.stream().map(own -> own + agents).toList(), runCpuSeconds);
    }

    private static double jvmCpu(LabContainer<?> container, boolean agent) {
        List<String> command = new ArrayList<>(List.of("java"));
        if (agent) {
            command.add(AGENT);
        }
        command.addAll(List.of("-cp", EtlSubmit.JAR, "io.sparklab.jobs.EmptyMain"));
        double before = CpuTime.seconds(container);
        try {
            var result = container.execInContainer(command.toArray(String[]::new));
            if (result.getExitCode() != 0) {
                throw new LabException("The JVM of the agent's start measure failed in " + container.name() + " (" + String.join(" ", command)
                        + "), exit " + result.getExitCode() + ":\n" + result.getStdout() + result.getStderr());
            }
        } catch (java.io.IOException e) {
            throw new LabException("Cannot start a JVM in " + container.name() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("Interrupted while measuring the agent's start", e);
        }
        return CpuTime.seconds(container) - before;
    }

    private static List<String> seconds(List<Double> values) {
        return values.stream().map(v -> String.format(java.util.Locale.ROOT, "%.2f", v)).toList();
    }
}
