package io.sparklab.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The JMX agent's configs (config/*-jmx-exporter.yaml), checked by the agent itself: a JVM started
 * with the lab's agent jar and the config, which only prints its version. The agent reads the config
 * and compiles its rules before the JVM's main; a YAML or regex error makes it refuse, and the JVM
 * exit 1 with the agent's reason, which is what a driver or executor would do at spark-submit.
 */
public final class JmxAgentConfigs {
    /** Where Maven stages the agent (pom.xml), as the Spark and Kafka images get it. */
    public static final String AGENT = "jars/jmx_prometheus_javaagent.jar";

    private JmxAgentConfigs() {
    }

    public static List<ConfigChecker.Check> check(LabProject project) {
        List<Path> configs;
        try (Stream<Path> files = Files.list(project.root().resolve("config"))) {
            configs = files.filter(f -> f.getFileName().toString().endsWith("-jmx-exporter.yaml")).sorted().toList();
        } catch (IOException e) {
            throw new LabException("Cannot list config/: " + e.getMessage(), e);
        }
        List<ConfigChecker.Check> checks = new ArrayList<>();
        for (Path config : configs) {
            checks.add(check(project.root().resolve(AGENT), config));
        }
        return checks;
    }

    /** The agent's verdict on one config: exit 0, or its exit code with what it printed. */
    static ConfigChecker.Check check(Path agent, Path config) {
        String command = "java -javaagent:" + AGENT + "=0:<config> -version";
        String file = "config/" + config.getFileName();
        Verdict verdict = run(agent, config);
        return new ConfigChecker.Check(command, file, verdict.exitCode(), verdict.output());
    }

    private record Verdict(int exitCode, String output) {
    }

    private static Verdict run(Path agent, Path config) {
        if (!Files.isRegularFile(agent)) {
            return new Verdict(2, agent + " is not there: mvn package stages it (./lab does)");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            Path log = Files.createTempFile("jmx-agent-check", ".log");
            try {
                // Port 0: the agent's HTTP server on any free port, for the moment the JVM lives.
                Process jvm = new ProcessBuilder(java, "-javaagent:" + agent + "=0:" + config, "-version").redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
                if (!jvm.waitFor(60, TimeUnit.SECONDS)) {
                    jvm.destroyForcibly();
                    return new Verdict(124, "the JVM with the agent did not end within 60 s");
                }
                String output = Files.readString(log, StandardCharsets.UTF_8);
                // The agent's reason, not the 40 lines of stack under it.
                String reason = String.join("\n", output.lines().filter(l -> !l.startsWith("\tat ") && !l.startsWith("openjdk")
                        && !l.startsWith("OpenJDK")).limit(12).toList());
                return new Verdict(jvm.exitValue(), reason);
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            return new Verdict(2, "cannot start " + java + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Verdict(2, "interrupted");
        }
    }
}
