package io.sparklab.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The target lists an add-on writes into the stack's add-on folder (file_sd in config/prometheus.yml,
 * mounted at /etc/prometheus/addons): Prometheus scrapes an add-on's services only while it runs, so
 * its "down" alerts are quiet without it and keep one label set while one of its services is dead.
 */
public final class AddOnTargets {
    private AddOnTargets() {
    }

    /**
     * Writes each list: the service's alias and main port while {@code running}, else empty. A null
     * folder (an add-on on a network of its own, no Prometheus) writes nothing.
     */
    public static void write(Path folder, Map<String, ? extends Service> lists, boolean running) {
        if (folder == null) {
            return;
        }
        lists.forEach((file, service) -> {
            String targets = running ? "[{\"targets\": [\"" + service.alias() + ":" + service.port() + "\"]}]\n" : "[]\n";
            try {
                Files.writeString(folder.resolve(file), targets);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write Prometheus' target list " + folder.resolve(file), e);
            }
        });
    }
}
