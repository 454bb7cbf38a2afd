package io.sparklab.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The list of Spark workers Prometheus must scrape (file_sd, config/prometheus.yml): one target per
 * worker alias, so a stopped worker stays a target with up = 0 instead of vanishing. docker-compose
 * mounts config/spark-workers.json (its one worker); a stack writes its own list under target/ and
 * rewrites it when it adds or removes a worker. Rewritten in place (same file, the one bind-mounted
 * into Prometheus), which picks the change up at its next file_sd refresh.
 */
public final class WorkerInventory {
    private static final String ADDONS = "addons";
    private final Path file;
    private final boolean owned;

    private WorkerInventory(Path file, boolean owned) {
        this.file = file;
        this.owned = owned;
    }

    /** A new list, in its own folder under target/lab-stack so two stacks never share one. */
    static WorkerInventory create(LabProject project) {
        try {
            Path dir = Files.createDirectories(project.target().resolve("lab-stack").resolve(UUID.randomUUID().toString().substring(0, 8)));
            Files.createDirectories(dir.resolve(ADDONS));
            WorkerInventory inventory = new WorkerInventory(dir.resolve("spark-workers.json"), true);
            inventory.write(List.of()); // exists before Prometheus' container mounts it
            return inventory;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the worker list under " + project.target(), e);
        }
    }

    /**
     * The committed list of docker-compose's one worker (what the compose parity test compares), and
     * of a Prometheus a test runs over a student's copy of config/.
     */
    public static WorkerInventory committed(LabProject project) {
        return new WorkerInventory(project.config("spark-workers.json"), false);
    }

    public Path file() {
        return file;
    }

    /**
     * The folder beside the list where add-ons (streaming) write their own target lists while they run:
     * empty until then. The committed one (config/addon-targets) stays empty: compose runs no add-on.
     */
    public Path addonTargets() {
        return owned ? file.getParent().resolve(ADDONS) : file.getParent().resolve("addon-targets");
    }

    /** Writes the targets of these workers, spark-worker-N:8081 each. */
    void write(List<SparkWorkerContainer> workers) {
        if (!owned) {
            throw new IllegalStateException("the committed " + file + " is never rewritten");
        }
        String targets = workers.stream().map(w -> "\"" + w.alias() + ":" + LabService.SPARK_WORKER.port() + "\"")
                .collect(Collectors.joining(", "));
        try {
            Files.writeString(file, "[{\"targets\": [" + targets + "]}]\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /** Removes the stack's own list (never the committed one). */
    void remove() {
        try {
            if (owned) {
                if (Files.isDirectory(addonTargets())) {
                    try (var lists = Files.list(addonTargets())) {
                        for (Path list : lists.toList()) {
                            Files.deleteIfExists(list);
                        }
                    }
                    Files.deleteIfExists(addonTargets());
                }
                Files.deleteIfExists(file);
                Files.deleteIfExists(file.getParent());
            }
        } catch (IOException e) {
            Progress.say("could not remove %s: %s", file, e.getMessage());
        }
    }
}
