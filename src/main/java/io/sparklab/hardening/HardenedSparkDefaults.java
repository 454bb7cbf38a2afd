package io.sparklab.hardening;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The hardened profile's spark-defaults.conf: the project's config/spark-defaults.conf, then RPC
 * authentication and encryption with the run's shared secret. Master, workers, the history server
 * and every driver read it (it replaces the project's file in their containers); executors get the
 * secret from their worker. Spark 3.5's standalone mode takes the secret only as a setting
 * ({@code spark.authenticate.secret.file} is for Kubernetes), so it is in this file, which only the
 * Spark containers mount; never in the environment, where `docker inspect` shows it. Spark's UI
 * redacts it (spark.redaction.regex matches "secret").
 */
public final class HardenedSparkDefaults {
    /** The file name in the secrets folder. */
    public static final String FILE = "spark-defaults.conf";

    private HardenedSparkDefaults() {
    }

    public static Path write(Path source, LabSecrets secrets) {
        Path target = secrets.file(FILE);
        try {
            String project = Files.readString(source);
            String hardened = project + (project.endsWith("\n") ? "" : "\n") + """

                    # --- Added by the hardened profile (io.sparklab.hardening.HardenedSparkDefaults), for this run only:
                    # every RPC between drivers, the master, workers and executors is authenticated with a shared
                    # secret and encrypted (AES, keys negotiated per connection).
                    spark.authenticate                    true
                    spark.authenticate.secret             %s
                    spark.network.crypto.enabled          true
                    """.formatted(secrets.sparkSecret());
            Files.writeString(target, hardened);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot derive " + target + " from " + source, e);
        }
        return target;
    }
}
