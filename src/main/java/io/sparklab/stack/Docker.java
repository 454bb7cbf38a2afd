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
}
