package io.sparklab.cli;

import io.sparklab.stack.LabException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.testcontainers.lifecycle.Startable;

/**
 * What a ./lab command has started (the stack, its add-ons), stopped in reverse order exactly once:
 * when the command ends (close, in a try-with-resources) or when Ctrl-C (INT), TERM or HUP arrives, after
 * which the command exits. The stop runs from the signal, not from a shutdown hook: a hook would race
 * Testcontainers' own clean-up hook, which removes the network under containers still attached and
 * prints errors about vanished ones. Without it, a benchmark killed with TERM left its Kafka container
 * behind (exited, not removed), and the next test run on that machine failed on "containers left
 * behind".
 *
 * <p>A command that makes several stacks one after the other (bench) takes one per stack: the newest
 * holds the signals.
 */
final class RunningServices implements AutoCloseable {
    private static volatile boolean signalled;

    private final Deque<Startable> services = new ArrayDeque<>();
    private final Runnable beforeStop;
    private final java.util.function.IntSupplier exitCode;
    private boolean closed;

    private RunningServices(Runnable beforeStop, java.util.function.IntSupplier exitCode) {
        this.beforeStop = beforeStop;
        this.exitCode = exitCode;
    }

    /** Services stopped at close or on INT/TERM/HUP, after which the JVM exits with 130 (interrupted). */
    static RunningServices stoppedOnSignal() {
        return stoppedOnSignal(() -> { }, () -> 130);
    }

    /**
     * Services stopped at close or on INT/TERM/HUP; on a signal {@code beforeStop} runs first (./lab up writes
     * its run report while the stack still answers) and the JVM then exits with {@code exitCode}, asked
     * before the stop (./lab up: 0 for a lab that was up, 130 for one stopped while it started).
     */
    static RunningServices stoppedOnSignal(Runnable beforeStop, java.util.function.IntSupplier exitCode) {
        RunningServices running = new RunningServices(beforeStop, exitCode);
        // HUP: the terminal closed under `./lab up` (an ssh session dropped); left to the JVM, it would exit
        // without stopping the containers, the network or the volumes.
        for (String signal : new String[] {"INT", "TERM", "HUP"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> new Thread(running::stopAndExit, "lab-stop").start());
            } catch (IllegalArgumentException notHere) {
                // a signal this OS or JVM does not let a program handle (HUP under -Xrs): the others still stop the lab
            }
        }
        return running;
    }

    /** Whether a signal has stopped the command's services (the command's own errors after it are its echo). */
    static boolean signalled() {
        return signalled;
    }

    /** Starts the service; it is listed first, so that a start a signal cuts short is stopped too. */
    <T extends Startable> T start(T service) {
        synchronized (this) {
            if (closed) {
                throw new LabException("Stopping: " + service.getClass().getSimpleName() + " was not started");
            }
            services.push(service);
        }
        service.start();
        return service;
    }

    /** Stops what was started, newest first (add-ons before the network of the stack they joined). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!services.isEmpty()) {
            Startable service = services.pop();
            try {
                service.stop();
            } catch (RuntimeException e) {
                // the others must still stop: one failure must not leave the rest running
                System.err.println("lab: stopping " + service.getClass().getSimpleName() + " failed: " + e.getMessage());
            }
        }
    }

    private void stopAndExit() {
        signalled = true;
        synchronized (this) {
            if (!closed) {
                beforeStop.run();
            }
        }
        int code = exitCode.getAsInt();
        System.out.println();
        System.out.println("Stopping the lab and removing its containers, volumes and network...");
        close();
        System.out.println("Stopped.");
        System.exit(code);
    }
}
