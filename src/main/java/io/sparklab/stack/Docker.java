package io.sparklab.stack;

import com.github.dockerjava.api.DockerClient;
import org.testcontainers.DockerClientFactory;

/** The Docker client, with one clear message when there is no Docker to talk to. */
public final class Docker {
    private Docker() {
    }

    public static DockerClient client() {
        requireRunning();
        return DockerClientFactory.instance().client();
    }

    public static void requireRunning() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new LabException("Docker is not running or not reachable (tried DOCKER_HOST, then "
                    + "/var/run/docker.sock). Start Docker (e.g. `sudo systemctl start docker` or Docker Desktop) "
                    + "and make sure this user may use it (`docker info` must work).");
        }
    }

    /**
     * Runs Docker calls with the thread's interrupt put aside and put back after: the Docker client gives
     * up a call on an interrupted thread, and a clean-up after a stop (Ctrl-C during a start) must remove
     * everything, not stop at its first call.
     */
    public static void uninterrupted(Runnable calls) {
        boolean interrupted = Thread.interrupted();
        try {
            calls.run();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
