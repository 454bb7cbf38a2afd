package io.sparklab.stack;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.testcontainers.DockerClientFactory;

/**
 * What an earlier lab run left on the Docker engine when it ended without stopping: a JVM killed, a
 * laptop put to sleep, an engine that died under it. Without a registry Testcontainers runs without
 * Ryuk (docker/testcontainers-env.sh), and even with Ryuk an engine restart leaves the containers
 * stopped, so each such run would keep its containers, its network and five named volumes (the
 * Prometheus TSDB among them) for good.
 *
 * <p>A run is one Testcontainers session. It is left over when none of its containers is running,
 * paused, restarting or just created: a live run always has one (a stack that stops a worker or kills
 * the broker keeps Prometheus running; a stack starting up has its first container created), so a
 * `./lab up` beside the tests, or a second project's stack, is never touched. Only the named volumes
 * its containers mounted are removed, never one a starting stack has just created.
 */
public final class Leftovers {
    static final String SESSION_LABEL = "org.testcontainers.sessionId";
    private static final Set<String> ENDED = Set.of("exited", "dead");

    private final DockerClient docker;

    public Leftovers(DockerClient docker) {
        this.docker = docker;
    }

    /** What was removed, in a sentence; empty when there was nothing to remove. */
    public record Swept(int containers, int volumes, int networks) {
        public boolean any() {
            return containers + volumes + networks > 0;
        }
    }

    /** Removes every left-over run's containers, their volumes and networks, and says so. */
    public Swept sweep() {
        int containers = 0;
        int volumes = 0;
        int networks = 0;
        for (var run : leftOverRuns().entrySet()) {
            Set<String> runVolumes = new LinkedHashSet<>();
            for (Container container : run.getValue()) {
                runVolumes.addAll(namedVolumes(container.getId()));
                if (quietly(() -> docker.removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec())) {
                    containers++;
                }
            }
            for (String volume : runVolumes) {
                if (quietly(() -> docker.removeVolumeCmd(volume).exec())) {
                    volumes++;
                }
            }
            for (Network network : docker.listNetworksCmd().withFilter("label", List.of(SESSION_LABEL + "=" + run.getKey())).exec()) {
                if (quietly(() -> docker.removeNetworkCmd(network.getId()).exec())) {
                    networks++;
                }
            }
        }
        Swept swept = new Swept(containers, volumes, networks);
        if (swept.any()) {
            Progress.say("removed what earlier lab runs left when they ended without stopping: %d container(s), "
                    + "%d volume(s), %d network(s)", containers, volumes, networks);
        }
        return swept;
    }

    /** The lab's containers by Testcontainers session, only the sessions with nothing alive. */
    Map<String, List<Container>> leftOverRuns() {
        String current = DockerClientFactory.SESSION_ID;
        Map<String, List<Container>> bySession = new TreeMap<>();
        for (Container container : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(LabContainer.SERVICE_LABEL)).exec()) {
            String session = container.getLabels() == null ? null : container.getLabels().get(SESSION_LABEL);
            // Containers without a session (docker-compose's) are compose's to remove.
            if (session != null && !session.equals(current)) {
                bySession.computeIfAbsent(session, s -> new ArrayList<>()).add(container);
            }
        }
        bySession.values().removeIf(run -> run.stream().anyMatch(c -> !ENDED.contains(c.getState())));
        return bySession;
    }

    private List<String> namedVolumes(String containerId) {
        InspectContainerResponse inspected = docker.inspectContainerCmd(containerId).exec();
        if (inspected.getMounts() == null) {
            return List.of();
        }
        return inspected.getMounts().stream()
                .map(InspectContainerResponse.Mount::getName)
                .filter(Objects::nonNull)
                .filter(name -> name.startsWith(LabVolumes.PREFIX))
                .toList();
    }

    // One that cannot be removed (in use by something else, already gone) is left: this is tidying,
    // and must never stop a stack from starting.
    private static boolean quietly(Runnable removal) {
        try {
            removal.run();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
