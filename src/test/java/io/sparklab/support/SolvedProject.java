package io.sparklab.support;

import io.sparklab.stack.LabProject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A copy of the files a student edits (config/, grafana/, exercises/) with one exercise's reference
 * solution (exercises/NN-name/solution.patch) applied: what the student's project looks like once the
 * exercise is done, for checks that read those files, without touching the project itself.
 */
public final class SolvedProject {
    private static final List<String> STUDENT_FOLDERS = List.of("config", "grafana", "exercises");

    private SolvedProject() {
    }

    public static LabProject of(LabProject project, String exerciseId) {
        try {
            Path copy = Files.createTempDirectory("lab-solved-" + exerciseId + "-");
            for (String folder : STUDENT_FOLDERS) {
                copyTree(project.root().resolve(folder), copy.resolve(folder));
            }
            Path patch = solutionPatch(project, exerciseId);
            // git apply works outside a repository: paths in the patch are relative to the working directory.
            Process git = new ProcessBuilder("git", "apply", patch.toString()).directory(copy.toFile()).redirectErrorStream(true).start();
            String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (git.waitFor() != 0) {
                throw new IllegalStateException(project.root().relativize(patch) + " does not apply to a copy of " + STUDENT_FOLDERS
                        + ": " + output.strip());
            }
            return new LabProject(copy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path solutionPatch(LabProject project, String exerciseId) throws IOException {
        try (Stream<Path> dirs = Files.list(project.root().resolve("exercises"))) {
            return dirs.filter(d -> d.getFileName().toString().startsWith(exerciseId + "-")).map(d -> d.resolve("solution.patch"))
                    .filter(Files::isRegularFile).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no exercises/" + exerciseId + "-*/solution.patch in " + project.root()));
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
