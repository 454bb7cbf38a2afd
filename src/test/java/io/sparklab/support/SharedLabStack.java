package io.sparklab.support;

import io.sparklab.stack.LabStack;

/**
 * The one lab stack of a test run (the singleton-container pattern): started by the first lab part
 * that asks for it, shared by all the others, removed when the test JVM exits. Starting it once
 * instead of per class saves a minute per part. The traces add-on (Zipkin) comes with it: every
 * application of the run is traced, so the traces part reads the shared ETL run's trace instead of
 * running the job again.
 */
public final class SharedLabStack {
    private static LabStack stack;
    private static io.sparklab.tracing.TracingAddOn traces;
    private static RuntimeException failure;
    private static java.time.Instant startedAt;

    private SharedLabStack() {
    }

    /** The stack if a part started it, else null (without starting it). */
    public static synchronized LabStack peek() {
        return stack;
    }

    /** When the stack was asked for, the start of the run's window. */
    public static synchronized java.time.Instant startedAt() {
        return startedAt;
    }

    /** The traces add-on of the shared stack (started with it). */
    public static synchronized io.sparklab.tracing.TracingAddOn traces() {
        get();
        return traces;
    }

    /** -Dlab.workers=N (docs/architecture.md), 1 when not given; anything but a number is said, not read as 1. */
    static int workersAsked() {
        String value = System.getProperty("lab.workers");
        if (value == null) {
            return 1;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new io.sparklab.stack.LabException("-Dlab.workers=" + value + ": a number of workers, e.g. -Dlab.workers=3");
        }
    }

    public static synchronized LabStack get() {
        if (failure != null) {
            throw new IllegalStateException("The lab stack failed to start earlier in this run: " + failure.getMessage(), failure);
        }
        if (stack == null) {
            startedAt = java.time.Instant.now();
            LabStack candidate = LabStack.builder().workers(workersAsked()).build();
            io.sparklab.tracing.TracingAddOn tracing = null;
            try {
                candidate.start();
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
            try {
                tracing = io.sparklab.tracing.TracingAddOn.on(candidate);
                tracing.start();
            } catch (RuntimeException e) {
                failure = e;
                candidate.stop();
                throw e;
            }
            stack = candidate;
            traces = tracing;
            io.sparklab.tracing.TracingAddOn started = tracing;
            // Ryuk would remove the containers too, but it is off on machines with no registry.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.stop();
                } finally {
                    candidate.stop();
                }
            }, "lab-stack-stop"));
        }
        return stack;
    }
}
