package io.sparklab.stack;

import com.github.dockerjava.api.DockerClient;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The lab's named Docker volumes: job output (/data, written by executors and the driver, read back
 * by the tests) and Spark event logs (/events, written by drivers, read by the history server).
 * Named volumes rather than host folders: the containers write as their own users, and a host folder
 * would leave files a student cannot delete with `mvn clean`.
 */
public final class LabVolumes {
    public static final String DATA_PATH = "/data";
    public static final String EVENTS_PATH = "/events";

    private final String data;
    private final String events;

    private LabVolumes(String data, String events) {
        this.data = data;
        this.events = events;
    }

    /** Names only, no Docker volumes: for describing the stack without starting it. */
    static LabVolumes named(String data, String events) {
        return new LabVolumes(data, events);
    }

    /** Creates a fresh pair, with a per-stack suffix so two stacks never share output. */
    public static LabVolumes create() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        DockerClient docker = Docker.client();
        String data = "sparklab-data-" + suffix;
        String events = "sparklab-events-" + suffix;
        for (String name : List.of(data, events)) {
            docker.createVolumeCmd().withName(name).withLabels(Map.of("io.sparklab.volume", "true")).exec();
        }
        return new LabVolumes(data, events);
    }

    public String data() {
        return data;
    }

    public String events() {
        return events;
    }

    /** Removes both volumes; call after the containers using them are gone. */
    public void remove() {
        DockerClient docker = Docker.client();
        for (String name : List.of(data, events)) {
            try {
                docker.removeVolumeCmd(name).exec();
            } catch (RuntimeException e) {
                Progress.say("could not remove volume %s: %s", name, e.getMessage());
            }
        }
    }
}
