package io.sparklab.stack;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's folders, found from the working directory (Maven and ./lab run from the root).
 * Config is always read from here and mounted into the containers, never copied into code.
 */
public record LabProject(Path root) {

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
