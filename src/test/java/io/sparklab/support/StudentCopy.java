package io.sparklab.support;

import io.sparklab.stack.LabProject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/**
 * A copy of the files a student edits (config/, grafana/, exercises/), as they are or with exercises'
 * reference solutions (exercises/NN-name/solution.patch) applied as a student would: for checks that
 * read those files, without touching the project itself. The copy is made under a folder the caller
 * owns (a JUnit {@code @TempDir}, which JUnit deletes after the test).
 */
public final class StudentCopy {
    private static final List<String> STUDENT_FOLDERS = List.of("config", "grafana", "exercises");
    /** What the exercises that change the job's code edit besides: its sources and the metrics reference. */
    private static final List<String> SOURCE_FOLDERS = List.of("src/main/java", "docs");

    private StudentCopy() {
    }

    /** A copy of {@code project}'s student folders with exercise {@code exerciseId}'s solution applied. */
    public static LabProject solved(LabProject project, String exerciseId, Path under) {
        LabProject copy = of(project, under);
        solve(copy, exerciseId);
        return copy;
    }

    /** A copy of {@code project}'s student folders as they are: the starter, for a test that then solves it in place. */
    public static LabProject of(LabProject project, Path under) {
        return copy(project, under, STUDENT_FOLDERS);
    }

    /**
     * A copy of {@code project}'s student folders and the job's sources (src/main/java, docs/), as they
     * are: for the exercises whose solutions change the job's code (see {@link SolvedJobJar}).
     */
    public static LabProject withSources(LabProject project, Path under) {
        return copy(project, under, java.util.stream.Stream.concat(STUDENT_FOLDERS.stream(), SOURCE_FOLDERS.stream()).toList());
    }

    private static LabProject copy(LabProject project, Path under, List<String> folders) {
        try {
            Path copy = Files.createTempDirectory(under, "student-");
            // A container that mounts the copy's config/ reads it as its own user (Alertmanager runs as
            // prometheus); temp folders are made owner-only.
            for (Path folder : List.of(under, copy)) {
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            for (String folder : folders) {
                copyTree(project.root().resolve(folder), copy.resolve(folder));
            }
            return new LabProject(copy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Does what a student does to finish exercise {@code exerciseId}: applies its solution.patch to {@code copy}'s files. */
    public static void solve(LabProject copy, String exerciseId) {
        apply(copy, exerciseId, false);
    }

    /** Takes exercise {@code exerciseId}'s solution.patch back out of {@code copy}'s files (the next test finds the starter). */
    public static void unsolve(LabProject copy, String exerciseId) {
        apply(copy, exerciseId, true);
    }

    private static void apply(LabProject copy, String exerciseId, boolean reverse) {
        try {
            Path patch = solutionPatch(copy, exerciseId);
            // git apply works outside a repository: paths in the patch are relative to the working directory.
            List<String> command = reverse ? List.of("git", "apply", "-R", patch.toString()) : List.of("git", "apply", patch.toString());
            Process git = new ProcessBuilder(command).directory(copy.root().toFile()).redirectErrorStream(true).start();
            String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (git.waitFor() != 0) {
                throw new IllegalStateException(copy.root().relativize(patch) + (reverse ? " cannot be taken back out of" : " does not apply to")
                        + " a copy of " + STUDENT_FOLDERS + " (and, with withSources, " + SOURCE_FOLDERS + "): " + output.strip());
            }
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
