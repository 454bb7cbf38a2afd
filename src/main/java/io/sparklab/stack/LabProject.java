package io.sparklab.stack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's folders, found from the working directory (Maven and ./lab run from the root).
 * Config is always read from here and mounted into the containers, never copied into code.
 */
public record LabProject(Path root) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The project containing the working directory, or the folder named by -Dlab.project.dir. */
    public static LabProject current() {
        String configured = System.getProperty("lab.project.dir");
        Path start = Path.of(configured != null ? configured : "").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("config"))
                    && Files.isDirectory(dir.resolve("docker"))) {
                return new LabProject(dir);
            }
        }
        throw new LabException("Cannot find the lab project (a folder with pom.xml, config/ and docker/) at or above "
                + start + "; run from the project folder or set -Dlab.project.dir");
    }

    public Path config(String file) {
        return root.resolve("config").resolve(file);
    }

    /**
     * config/{@code name} (alert-rules.yml, alertmanager.yml, ...) read as YAML. A file that is not is
     * an error naming it with the parser's line and column: what a person who broke the indentation
     * needs, not a parser's stack trace about a 'reader'.
     */
    public JsonNode configYaml(String name) {
        String shown = "config/" + name;
        try {
            return YAML.readTree(config(name).toFile());
        } catch (JsonProcessingException e) {
            // The YAML parser's own message has the line and column (of the file, once 'reader' is named);
            // Jackson's location is where its tokens stood, a line or so off: only when there is no other.
            String problem = java.util.Objects.toString(e.getOriginalMessage(), e.getMessage()).replace("'reader'", shown);
            boolean located = problem.contains(", line ") || e.getLocation() == null;
            throw new LabException(shown + " is not valid YAML: " + problem
                    + (located ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"), e);
        } catch (IOException e) {
            throw new LabException("Cannot read " + shown + ": " + e.getMessage(), e);
        }
    }

    public Path grafana() {
        return root.resolve("grafana");
    }

    public Path docker() {
        return root.resolve("docker");
    }

    public Path target() {
        return root.resolve("target");
    }

    /** A path as a person would type it from the project root, for messages. */
    public String relative(Path path) {
        return root.relativize(path.toAbsolutePath()).toString();
    }
}
