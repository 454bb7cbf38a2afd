package io.sparklab.faults;

import io.sparklab.stack.Docker;
import io.sparklab.stack.LabContainer;
import io.sparklab.stack.LabException;
import java.time.Duration;
import java.time.Instant;

/**
 * What the scenarios do to containers: stop and start one as `docker stop` / `docker start` do
 * (same container, same file system), or re-create one as `docker-compose up --force-recreate` does
 * (a new container; only its named volumes carry over).
 */
public final class ContainerFaults {
    /** Seconds `docker stop` waits after SIGTERM before it kills, as its default. */
    private static final int STOP_TIMEOUT_SECONDS = 10;

    private ContainerFaults() {
    }

    public static void stop(LabContainer<?> container) {
        Docker.client().stopContainerCmd(container.getContainerId()).withTimeout(STOP_TIMEOUT_SECONDS).exec();
    }

    public static void start(LabContainer<?> container) {
        Docker.client().startContainerCmd(container.getContainerId()).exec();
    }

    /** Removes the container and starts a new one from the same definition, waiting until it is ready again. */
    public static void recreate(LabContainer<?> container) {
        container.stop();
        container.start();
    }

    public static void sleepUntil(Instant until) {
        // Never wakes early: toMillis() truncates, and a fault held 59.9993 s is not held a minute
        // (Part 4 measured exactly that).
        for (Duration left = Duration.between(Instant.now(), until); !left.isNegative() && !left.isZero();
                left = Duration.between(Instant.now(), until)) {
            try {
                Thread.sleep(left.toMillis() + 1); // a fault held for a fixed time: the time is the point
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabException("interrupted while holding a fault", e);
            }
        }
    }
}
