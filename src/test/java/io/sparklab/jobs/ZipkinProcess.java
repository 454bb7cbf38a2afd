package io.sparklab.jobs;

import io.sparklab.client.HttpJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real Zipkin server as a local process, no Docker: {@code java -jar zipkin-server-VERSION-exec.jar}
 * from the local Maven repository (the jar the Zipkin image is built from), in-memory storage, on a free
 * port. {@link #start()} returns once {@code GET /health} answers UP (10-30 s); {@link #close()} stops the
 * process, forcibly if it does not stop by itself. Use it in try-with-resources so the server never
 * outlives the test. The repository and version come from surefire's system properties
 * {@code lab.maven.repository} and {@code lab.zipkin.version} (pom.xml).
 */
final class ZipkinProcess implements AutoCloseable {
    private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(90);

    private final Process process;
    private final int port;
    private final Path log;

    private ZipkinProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts Zipkin and waits until it is healthy; on failure nothing is left running. */
    static ZipkinProcess start() {
        Path jar = serverJar();
        int port = freePort();
        Path log;
        Process process;
        try {
            log = Files.createTempFile("zipkin-", ".log");
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-jar", jar.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("STORAGE_TYPE", "mem");
            builder.environment().put("QUERY_PORT", Integer.toString(port));
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Zipkin (" + jar + "): " + e.getMessage(), e);
        }
        ZipkinProcess zipkin = new ZipkinProcess(process, port, log);
        long started = System.nanoTime();
        try {
            Awaitility.await("Zipkin's /health answers UP").atMost(HEALTHY_WITHIN).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("Zipkin exited with " + process.exitValue() + ":\n" + zipkin.logTail());
                        }
                        return zipkin.healthy();
                    });
        } catch (RuntimeException e) {
            String tail = zipkin.logTail();
            zipkin.close();
            if (e instanceof ConditionTimeoutException) {
                throw new IllegalStateException("Zipkin (" + jar + ") not healthy within " + HEALTHY_WITHIN.toSeconds()
                        + " s on port " + port + "; its log ends with:\n" + tail, e);
            }
            throw e;
        }
        System.out.printf(Locale.ROOT, "[zipkin] %s healthy after %.1f s (%s)%n", zipkin.url(),
                (System.nanoTime() - started) / 1e9, jar.getFileName());
        return zipkin;
    }

    /** Zipkin's base URL, e.g. http://localhost:41234 (what ZipkinClient takes). */
    String url() {
        return "http://localhost:" + port;
    }

    /** Where the exporters send spans (what ZipkinSpanExporter's endpoint is). */
    String spansEndpoint() {
        return url() + "/api/v2/spans";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temporary file
        }
    }

    private boolean healthy() {
        try {
            return "UP".equals(HttpJson.get(url() + "/health").path("status").asText());
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The server's exec jar in the local Maven repository (the build resolves it: the exercises profile, mvn package). */
    private static Path serverJar() {
        String repository = System.getProperty("lab.maven.repository");
        String version = System.getProperty("lab.zipkin.version");
        if (repository == null || version == null) {
            throw new IllegalStateException("system properties lab.maven.repository and lab.zipkin.version are not set: "
                    + "run the test through Maven (pom.xml sets them for surefire)");
        }
        Path jar = Path.of(repository, "io", "zipkin", "zipkin-server", version, "zipkin-server-" + version + "-exec.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Zipkin's server jar is not in the local Maven repository: " + jar
                    + " (mvn -Pexercises test, ./lab exercise 17 or mvn package fetches it)");
        }
        return jar;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for Zipkin: " + e.getMessage(), e);
        }
    }
}
