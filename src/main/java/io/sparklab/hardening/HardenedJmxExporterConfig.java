package io.sparklab.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A JMX Prometheus agent's config for the hardened profile: the project's file (its rules as they
 * are, comments included), then an {@code httpServer} section that makes the agent serve TLS with
 * the lab's key store and ask for the lab user's password, kept as a PBKDF2 hash.
 *
 * <p>Facts of the agent (1.0.1, the project's) this relies on, measured: the PBKDF2 key length is
 * given in bytes, not bits; its SHA-* hashes drop a leading zero and then never match (so PBKDF2,
 * not SHA-256); the certificate alias is compared exactly (the key store's is lower-case); it caches
 * a checked password, so the 600 000 iterations cost once per JVM, not per scrape; and a config
 * error makes it call System.exit(1), taking the driver or executor with it, which is why the
 * result is parsed back here before any JVM reads it. 1.0.1 has no password file: the key store's
 * password is in the file, which only the Spark containers mount.
 */
public final class HardenedJmxExporterConfig {
    /** OWASP's figure for PBKDF2-HMAC-SHA256, and the agent's default for it. */
    static final int ITERATIONS = 600_000;
    /** In bytes, as the agent takes it: a 256-bit key. */
    static final int KEY_LENGTH_BYTES = 32;
    static final String ALGORITHM = io.sparklab.jobs.BasicAuthCheck.ALGORITHM;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private HardenedJmxExporterConfig() {
    }

    /** Writes the hardened copy of {@code source} into the secrets folder, under the same file name. */
    public static Path write(Path source, LabSecrets secrets) {
        String project;
        try {
            project = Files.readString(source);
            JsonNode read = YAML.readTree(project);
            if (read == null || !read.isObject()) {
                throw new IllegalArgumentException(source + " is not a YAML mapping (a JMX agent config)");
            }
            if (read.has("httpServer")) {
                throw new IllegalArgumentException(source + " already has an httpServer section: the hardened profile writes its"
                        + " own (TLS and basic auth); remove it from the project's file");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + source, e);
        }
        String salt = salt();
        String hardened = project + (project.endsWith("\n") ? "" : "\n") + """

                # --- Added by the hardened profile (io.sparklab.hardening.HardenedJmxExporterConfig), for this run only:
                # the agent serves TLS with the lab's server certificate and asks for the lab user's password,
                # kept here as a PBKDF2 hash (key length in bytes, as the agent reads it).
                httpServer:
                  ssl:
                    keyStore:
                      filename: %s
                      password: '%s'
                    certificate:
                      alias: %s
                  authentication:
                    basic:
                      username: %s
                      algorithm: %s
                      passwordHash: '%s'
                      salt: '%s'
                      iterations: %d
                      keyLength: %d
                """.formatted(LabSecrets.inContainer(LabSecrets.KEY_STORE), secrets.keyStorePassword(), LabSecrets.KEY_STORE_ALIAS,
                LabSecrets.USER, ALGORITHM, hash(secrets.password(), salt), salt, ITERATIONS, KEY_LENGTH_BYTES);
        Path target = secrets.file(source.getFileName().toString());
        try {
            // Parsed back: a broken agent config would stop the JVM it is given to.
            JsonNode written = YAML.readTree(hardened);
            if (!written.path("httpServer").path("authentication").path("basic").path("passwordHash").isTextual()) {
                throw new IllegalStateException("The hardened copy of " + source
                        + " does not read back with httpServer.authentication.basic.passwordHash as text");
            }
            if (!written.path("rules").equals(YAML.readTree(project).path("rules"))) {
                throw new IllegalStateException("The hardened copy of " + source + " reads back with other rules than "
                        + source.getFileName() + "'s (the appended httpServer section changed how the file parses)");
            }
            Files.writeString(target, hardened, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target + " from " + source, e);
        }
        return target;
    }

    /** The hash the agent computes from a password and compares with passwordHash: lower-case hex. */
    static String hash(String password, String salt) {
        return io.sparklab.jobs.BasicAuthCheck.hash(password, salt, ITERATIONS, KEY_LENGTH_BYTES);
    }

    /** 16 random bytes as URL-safe base64: the agent takes the salt as a string and hashes its UTF-8 bytes. */
    static String salt() {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(salt);
    }
}
