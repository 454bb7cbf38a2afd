package io.sparklab.stack;

import com.github.dockerjava.api.DockerClient;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;

/**
 * The lab's named Docker volumes: job output (/data, written by executors and the driver, read back
 * by the tests), Spark event logs (/events, written by drivers, read by the history server),
 * Spark's logs (/var/log/spark: each driver's log file and the workers' folders with each executor's
 * log, read by the logs add-on's shipper),
 * Prometheus' TSDB and the Pushgateway's store (so a restarted or re-created container keeps its
 * history and the last outcome of every batch job).
 * Named volumes rather than host folders: the containers write as their own users, and a host folder
 * would leave files a student cannot delete with `mvn clean`.
 */
public final class LabVolumes {
    public static final String DATA_PATH = "/data";
    public static final String EVENTS_PATH = "/events";
    public static final String LOGS_PATH = "/var/log/spark";
    /** Every volume's name begins with it (docker-compose's are named by compose). */
    static final String PREFIX = "sparklab-";

    private final String data;
    private final String events;
    private final String logs;
    private final String prometheus;
    private final String pushgateway;

    private LabVolumes(String data, String events, String logs, String prometheus, String pushgateway) {
        this.data = data;
        this.events = events;
        this.logs = logs;
        this.prometheus = prometheus;
        this.pushgateway = pushgateway;
    }

    /** Names only, no Docker volumes: for describing the stack without starting it. */
    static LabVolumes named(String data, String events, String logs, String prometheus, String pushgateway) {
        return new LabVolumes(data, events, logs, prometheus, pushgateway);
    }

    /** Creates a fresh set, with a per-stack suffix so two stacks never share output. */
    public static LabVolumes create() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        LabVolumes volumes = new LabVolumes(PREFIX + "data-" + suffix, PREFIX + "events-" + suffix, PREFIX + "logs-" + suffix,
                PREFIX + "prometheus-" + suffix, PREFIX + "pushgateway-" + suffix);
        DockerClient docker = Docker.client();
        try {
            for (String name : volumes.all()) {
                // Which run created it, and when: what lets a later run remove it if this one is killed (Leftovers).
                docker.createVolumeCmd().withName(name).withLabels(Map.of("io.sparklab.volume", "true",
                        Leftovers.VOLUME_SESSION_LABEL, DockerClientFactory.SESSION_ID,
                        Leftovers.VOLUME_CREATED_LABEL, Long.toString(System.currentTimeMillis()))).exec();
            }
        } catch (RuntimeException e) {
            // Cut short (an engine error, a stop interrupting the start): the set is nobody's yet, so remove
            // what was made here, with the interrupt put aside (the client gives up calls on an interrupted thread).
            Docker.uninterrupted(volumes::removeQuietly);
            throw e;
        }
        return volumes;
    }

    public String data() {
        return data;
    }

    public String events() {
        return events;
    }

    /** Spark's log files (drivers' and executors'), mounted at {@link #LOGS_PATH}. */
    public String logs() {
        return logs;
    }

    public String prometheus() {
        return prometheus;
    }

    public String pushgateway() {
        return pushgateway;
    }

    private List<String> all() {
        return List.of(data, events, logs, prometheus, pushgateway);
    }

    /** Removes every volume; call after the containers using them are gone. */
    public void remove() {
        removeAll(true);
    }

    /** A set whose creation was cut short: those never made are not there, which is no news. */
    private void removeQuietly() {
        removeAll(false);
    }

    private void removeAll(boolean sayFailures) {
        DockerClient docker = Docker.client();
        for (String name : all()) {
            try {
                docker.removeVolumeCmd(name).exec();
            } catch (RuntimeException e) {
                if (sayFailures) {
                    Progress.say("could not remove volume %s: %s", name, e.getMessage());
                }
            }
        }
    }
}
