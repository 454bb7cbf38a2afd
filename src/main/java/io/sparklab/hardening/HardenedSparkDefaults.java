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
 * redacts it (spark.redaction.regex matches "secret"), as it does the key store's password and the
 * password's hash ("password").
 *
 * <p>It also turns on TLS for every Spark web UI ({@code spark.ssl.*}, the HTTPS port being the HTTP
 * port + 400) and basic auth on them ({@link io.sparklab.jobs.UiBasicAuthFilter}).
 */
public final class HardenedSparkDefaults {
    /** The file name in the secrets folder. */
    public static final String FILE = "spark-defaults.conf";
    /**
     * The UI filter's class, by name: it implements javax.servlet.Filter, which the lab command's own
     * classpath does not have (Spark is "provided"), so naming its class here would fail there.
     */
    static final String UI_FILTER = "io.sparklab.jobs.UiBasicAuthFilter";

    private HardenedSparkDefaults() {
    }

    public static Path write(Path source, LabSecrets secrets) {
        Path target = secrets.file(FILE);
        try {
            String project = Files.readString(source);
            refuseWhatTheProfileSets(source, project);
            String salt = HardenedJmxExporterConfig.salt();
            String filter = uiFilters(project);
            String param = "spark." + UI_FILTER + ".param.";
            String hardened = project + (project.endsWith("\n") ? "" : "\n") + """

                    # --- Added by the hardened profile (io.sparklab.hardening.HardenedSparkDefaults), for this run only:
                    # every RPC between drivers, the master, workers and executors is authenticated with a shared
                    # secret and encrypted (AES, keys negotiated per connection).
                    spark.authenticate                    true
                    spark.authenticate.secret             %s
                    spark.network.crypto.enabled          true
                    # Every web UI (master, workers, history server, drivers) and the metrics on it serve TLS with
                    # the lab's key store on its HTTP port + 400 (8480, 8481, 18480, 4440); the HTTP port only
                    # redirects there. The lab listener's metrics (7073) follow the same settings.
                    spark.ssl.enabled                     true
                    spark.ssl.keyStore                    %s
                    spark.ssl.keyStoreType                PKCS12
                    spark.ssl.keyStorePassword            %s
                    spark.ssl.keyPassword                 %s
                    # ... and ask for the lab user's password (a PBKDF2 hash of it): Spark has no auth of its own
                    # for its UIs, it runs the filters named here, in order (the class is in the job jar, on the classpath
                    # of the master, workers and history server through SPARK_DAEMON_CLASSPATH); the project's own
                    # filters, if it names any, come after it.
                    spark.ui.filters                      %s
                    %suser %s
                    %spasswordHash %s
                    %ssalt %s
                    %siterations %d
                    %skeyLength %d
                    """.formatted(secrets.sparkSecret(), LabSecrets.inContainer(LabSecrets.KEY_STORE), secrets.keyStorePassword(),
                    secrets.keyStorePassword(), filter, param, LabSecrets.USER,
                    param, HardenedJmxExporterConfig.hash(secrets.password(), salt), param, salt,
                    param, HardenedJmxExporterConfig.ITERATIONS, param, HardenedJmxExporterConfig.KEY_LENGTH_BYTES);
            Files.writeString(target, hardened);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot derive " + target + " from " + source, e);
        }
        return target;
    }

    /**
     * spark.ui.filters for the hardened run: the lab's basic auth first (a request reaches no other
     * filter without the password), then the project's own filters, if its file names any, in their
     * order. Spark keeps the last spark.ui.filters line, so writing only the lab's would drop them.
     */
    static String uiFilters(String project) {
        java.util.Properties own = new java.util.Properties();
        try {
            // As Spark reads the file (a Java properties file).
            own.load(new java.io.StringReader(project));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        java.util.List<String> filters = new java.util.ArrayList<>(java.util.List.of(UI_FILTER));
        for (String name : own.getProperty("spark.ui.filters", "").split(",")) {
            if (!name.isBlank() && !filters.contains(name.strip())) {
                filters.add(name.strip());
            }
        }
        return String.join(",", filters);
    }

    /**
     * A setting of the project's file that the block below would set again, refused naming its line:
     * Spark keeps the last, so the project's value would be overridden with no word (their TLS settings
     * replaced). As the JMX agent's hardened config refuses an httpServer section of its own. The one
     * list among them, spark.ui.filters, is merged instead (uiFilters).
     */
    static void refuseWhatTheProfileSets(Path source, String project) {
        String param = java.util.regex.Pattern.quote("spark." + UI_FILTER + ".param.");
        // Exactly the keys the block writes: spark.ssl.protocol or a trust store of the user's own combine with it.
        java.util.regex.Pattern ours = java.util.regex.Pattern.compile("spark\\.authenticate(\\.secret)?|spark\\.network\\.crypto\\.enabled"
                + "|spark\\.ssl\\.(enabled|keyStore|keyStoreType|keyStorePassword|keyPassword)|" + param
                + "(user|passwordHash|salt|iterations|keyLength)");
        String[] lines = project.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
                continue;
            }
            String key = line.split("[\\s=:]", 2)[0];
            if (ours.matcher(key).matches()) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": " + key + " is set by the hardened profile (RPC"
                        + " authentication, TLS and basic auth on the UIs), which would override it: remove it to run ./lab up --hardened");
            }
        }
    }
}
