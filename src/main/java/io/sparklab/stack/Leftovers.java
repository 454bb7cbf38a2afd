package io.sparklab.stack;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 * <p>A run is one Testcontainers session. It is left over when the JVM that started its containers has
 * ended on this machine ({@link RunOwner}: its containers may still be running), or when every one of
 * its containers has been ended (exited, dead) or created and never started for longer than a grace
 * period: a live run always has one running (a scenario that stops a worker or kills the broker keeps
 * Prometheus running), and the grace covers a run that is stopping its containers one by one or
 * creating them. So a `./lab up`
 * beside the tests, or a second project's stack, is never touched. Volumes go with their run: those
 * its containers mounted, those labelled with its session; and a volume of a run that never got as
 * far as a container, once it is old. Docker refuses to remove a volume or network still in use.
 */
public final class Leftovers {
    public static final String SESSION_LABEL = "org.testcontainers.sessionId";
    /** On the lab's volumes: the session that created them, and when (epoch milliseconds). */
    public static final String VOLUME_SESSION_LABEL = "io.sparklab.session";
    public static final String VOLUME_CREATED_LABEL = "io.sparklab.created";
    private static final Set<String> ENDED = Set.of("exited", "dead");
    /** How long a run's containers must all have been ended (or never started) before it counts as left over. */
    private static final Duration GRACE = Duration.ofMinutes(2);
    /** How old a volume of a run with no container at all must be: a starting stack creates volumes first. */
    private static final Duration VOLUME_GRACE = Duration.ofMinutes(10);

    private final DockerClient docker;
    private final Duration grace;
    private final Duration volumeGrace;

    public Leftovers(DockerClient docker) {
        this(docker, GRACE, VOLUME_GRACE);
    }

    /** With grace periods of one's own (the lab's: 2 minutes for containers, 10 for volumes; a test's: none). */
    public Leftovers(DockerClient docker, Duration grace, Duration volumeGrace) {
        this.docker = docker;
        this.grace = grace;
        this.volumeGrace = volumeGrace;
    }

    /** What was removed. */
    public record Swept(int containers, int volumes, int networks) {
        public boolean any() {
            return containers + volumes + networks > 0;
        }
    }

    /**
     * Removes every left-over run's containers, volumes and networks, and says so. Tidying only: an
     * error (the engine busy, a container removed meanwhile by its own run) is said and never stops
     * the stack that asked from starting.
     */
    public Swept sweep() {
        try {
            Swept swept = removeLeftOvers();
            if (swept.any()) {
                Progress.say("removed what earlier lab runs left when they ended without stopping: %d container(s), "
                        + "%d volume(s), %d network(s)", swept.containers(), swept.volumes(), swept.networks());
            }
            return swept;
        } catch (RuntimeException e) {
            Progress.say("could not look for what earlier lab runs left (%s); going on", e.getMessage());
            return new Swept(0, 0, 0);
        }
    }

    private Swept removeLeftOvers() {
        int containers = 0;
        int volumes = 0;
        int networks = 0;
        Map<String, List<Container>> runs = runs();
        for (var run : runs.entrySet()) {
            if (!leftOver(run.getValue())) {
                continue;
            }
            Set<String> runVolumes = new LinkedHashSet<>();
            for (Container container : run.getValue()) {
                inspect(container.getId()).ifPresent(inspected -> runVolumes.addAll(namedVolumes(inspected)));
                if (quietly(() -> docker.removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec())) {
                    containers++;
                }
            }
            labelledVolumes(run.getKey(), Duration.ZERO).forEach(v -> runVolumes.add(v.getName()));
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
        // A run killed after creating its volumes and before its first container: nothing above finds them.
        for (InspectVolumeResponse volume : labelledVolumes(null, volumeGrace)) {
            if (!runs.containsKey(volume.getLabels().get(VOLUME_SESSION_LABEL))
                    && quietly(() -> docker.removeVolumeCmd(volume.getName()).exec())) {
                volumes++;
            }
        }
        return new Swept(containers, volumes, networks);
    }

    /** The lab's containers by Testcontainers session, this JVM's own and docker-compose's (no session) left out. */
    Map<String, List<Container>> runs() {
        String current = DockerClientFactory.SESSION_ID;
        Map<String, List<Container>> bySession = new TreeMap<>();
        for (Container container : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(LabContainer.SERVICE_LABEL)).exec()) {
            String session = container.getLabels() == null ? null : container.getLabels().get(SESSION_LABEL);
            if (session != null && !session.equals(current)) {
                bySession.computeIfAbsent(session, s -> new ArrayList<>()).add(container);
            }
        }
        return bySession;
    }

    /**
     * Every container's JVM has ended on this machine (a `kill -9`: its containers may still run, with
     * nobody to stop them), or every container has been ended, or created and never started, for longer
     * than the grace period (an engine that died under the run, or a run of another machine).
     */
    boolean leftOver(List<Container> run) {
        if (run.stream().allMatch(c -> c.getLabels() != null && RunOwner.isGone(c.getLabels().get(RunOwner.LABEL)))) {
            return true;
        }
        // A run of one-offs only (a `./lab check`: promtool, amtool, each created, run and removed in turn) has
        // nothing running between them: judged by its JVM alone, never by the states of its containers.
        if (run.stream().allMatch(c -> c.getLabels() != null
                && c.getLabels().getOrDefault(LabContainer.SERVICE_LABEL, "").startsWith(DockerRun.SERVICE_PREFIX))) {
            return false;
        }
        Instant before = Instant.now().minus(grace);
        for (Container container : run) {
            if ("created".equals(container.getState())) {
                if (Instant.ofEpochSecond(container.getCreated()).isAfter(before)) {
                    return false;
                }
            } else if (ENDED.contains(container.getState())) {
                Optional<InspectContainerResponse> inspected = inspect(container.getId());
                String finished = inspected.map(i -> i.getState().getFinishedAt()).orElse(null);
                if (inspected.isPresent() && (finished == null || Instant.parse(finished).isAfter(before))) {
                    return false;
                }
            } else {
                return false; // running, paused, restarting, removing
            }
        }
        return true;
    }

    /** The lab's volumes labelled with the session (any session when null) and created longer ago than {@code age}. */
    private List<InspectVolumeResponse> labelledVolumes(String session, Duration age) {
        String filter = session == null ? VOLUME_SESSION_LABEL : VOLUME_SESSION_LABEL + "=" + session;
        var listed = docker.listVolumesCmd().withFilter("label", List.of(filter)).exec().getVolumes();
        if (listed == null) {
            return List.of();
        }
        long before = Instant.now().minus(age).toEpochMilli();
        String current = DockerClientFactory.SESSION_ID;
        List<InspectVolumeResponse> old = new ArrayList<>();
        for (InspectVolumeResponse volume : listed) {
            Map<String, String> labels = volume.getLabels() == null ? Map.of() : volume.getLabels();
            if (current.equals(labels.get(VOLUME_SESSION_LABEL))) {
                continue;
            }
            long created = parseLong(labels.get(VOLUME_CREATED_LABEL));
            if (created < before) {
                old.add(volume);
            }
        }
        return old;
    }

    private Optional<InspectContainerResponse> inspect(String id) {
        try {
            return Optional.of(docker.inspectContainerCmd(id).exec());
        } catch (com.github.dockerjava.api.exception.NotFoundException gone) {
            return Optional.empty(); // removed meanwhile, by its own run or another sweep
        }
    }

    private static List<String> namedVolumes(InspectContainerResponse inspected) {
        if (inspected.getMounts() == null) {
            return List.of();
        }
        return inspected.getMounts().stream()
                .map(InspectContainerResponse.Mount::getName)
                .filter(Objects::nonNull)
                .filter(name -> name.startsWith(LabVolumes.PREFIX))
                .toList();
    }

    private static long parseLong(String text) {
        try {
            return text == null ? Long.MAX_VALUE : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // not ours to judge: never old enough
        }
    }

    // One that cannot be removed (in use, already gone) is left: this is tidying.
    private static boolean quietly(Runnable removal) {
        try {
            removal.run();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
