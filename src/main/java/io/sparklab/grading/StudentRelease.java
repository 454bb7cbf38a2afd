package io.sparklab.grading;

import io.sparklab.stack.LabException;
import io.sparklab.stack.LabProject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * `./lab release --student DIR`: the repository a class receives. Every file git tracks in the
 * instructor's repository, as committed in the working tree, except the answers (each exercise's
 * `solution.patch`, and its `solution.with-earlier.patch` where there is one) and the instructor's CI
 * that needs them; in their place a CI that grades, a GitHub workflow that does the same, and the
 * release manifest ({@link ReleaseManifest}). The result is a new git repository with one commit,
 * ready to push as the classroom template.
 */
public final class StudentRelease {
    /** Instructor-only files: the answers, and the scripts that prove them. */
    static boolean instructorOnly(String path) {
        return path.matches("exercises/[^/]+/solution(\\.with-earlier)?\\.patch") || path.equals(".ci/prove-exercises")
                || path.equals(".ci/prove-course") || path.equals(".ci/prove-release") || path.equals(".ci/run");
    }

    static final String STUDENT_CI = """
            #!/usr/bin/env bash
            # CI of a student repository of the Spark Observability Lab: the grade. `./lab grade` sets the
            # machine up where needed, runs every exercise's test, checks the test files against
            # exercises/release-manifest.json and writes target/grade/grade.json and grade.md.
            # Exit 0 only when every exercise passes.
            set -euo pipefail
            cd "$(dirname "$0")/.."
            ./lab grade "$@"
            """;

    static final String WORKFLOW = """
            # Grades every push (GitHub Classroom style): points in target/grade/grade.json, the table in the
            # run's summary. A test changed since the release scores its exercise 0 (see grade.md).
            name: grade
            on: [push, workflow_dispatch]
            jobs:
              grade:
                runs-on: ubuntu-latest          # has Docker; the checks run promtool/amtool in the lab's images
                timeout-minutes: 30
                steps:
                  - uses: actions/checkout@v4
                  - uses: actions/setup-java@v4
                    with: {distribution: temurin, java-version: '17', cache: maven}
                  - name: Grade the exercises
                    run: bash .ci/run
                  - name: Keep the grade
                    if: always()
                    uses: actions/upload-artifact@v4
                    with: {name: grade, path: target/grade/}
            """;

    private final LabProject project;

    public StudentRelease(LabProject project) {
        this.project = project;
    }

    /** What a release wrote, for the command's summary. */
    public record Written(Path dir, int files, List<String> leftOut, String manifestSha256, String fromCommit, int exercises) {
    }

    public Written write(Path dir) {
        Path root = project.root();
        Path target = dir.toAbsolutePath().normalize();
        if (target.startsWith(root) && !target.startsWith(project.target())) {
            throw new LabException("The release must go outside the lab's repository (or under target/), not " + target);
        }
        if (Files.exists(target)) {
            try (Stream<Path> s = Files.list(target)) {
                if (s.findAny().isPresent()) {
                    throw new LabException(target + " is not empty: a release is written into a new or empty folder, so nothing there is lost");
                }
            } catch (IOException e) {
                throw new LabException(target + " exists and is not a folder that can be listed: " + e.getMessage(), e);
            }
        }
        String commit = git(root, "rev-parse", "HEAD").strip();
        String dirty = git(root, "status", "--porcelain", "--untracked-files=no").strip();
        if (!dirty.isEmpty()) {
            System.out.println("[lab] note: tracked files have uncommitted changes; the release takes them as they are in the working tree:");
            dirty.lines().limit(10).forEach(l -> System.out.println("         " + l));
        }
        ExerciseIndex index = ExerciseIndex.of(project);
        index.requireFiles(root);
        List<String> tracked = Arrays.stream(git(root, "ls-files", "-z").split("\0")).filter(p -> !p.isEmpty()).toList();
        // The release copies what git tracks: an exercise's README, test or promtool tests on disk but never
        // `git add`ed would be missing from it (or stop it half-written at the manifest). Named before anything is written.
        java.util.Set<String> trackedSet = new java.util.HashSet<>(tracked);
        for (ExerciseIndex.Entry e : index.entries()) {
            List<String> needed = new ArrayList<>(e.testFiles(root));
            needed.add("exercises/" + e.folder() + "/README.md");
            for (String file : needed) {
                if (!trackedSet.contains(file)) {
                    throw new LabException(index.file() + ", exercise " + e.id() + ": " + file + " is not in git (git add it and commit):"
                            + " the release copies the tracked files only");
                }
            }
        }
        List<String> leftOut = new ArrayList<>();
        // Every Markdown file's instructor blocks checked before anything is written: an unclosed block
        // (file:line) would otherwise leave a half-written release that the next try refuses as not empty.
        for (String path : tracked) {
            Path from = root.resolve(path);
            if (path.endsWith(".md") && !instructorOnly(path) && Files.isRegularFile(from)) {
                try {
                    withoutInstructorBlocks(Files.readString(from), path);
                } catch (IOException e) {
                    throw new LabException("Cannot read " + path + ": " + e.getMessage(), e);
                }
            }
        }
        try {
            return writeInto(target, tracked, index, commit, leftOut);
        } catch (RuntimeException e) {
            // Half a release would be taken for one, and the next try refuses a folder that is not empty:
            // what this try wrote goes (the folder was new or empty, checked above).
            deleteContents(target);
            throw e;
        }
    }

    private Written writeInto(Path target, List<String> tracked, ExerciseIndex index, String commit, List<String> leftOut) {
        Path root = project.root();
        int copied = 0;
        try {
            Files.createDirectories(target);
            for (String path : tracked) {
                Path from = root.resolve(path);
                if (instructorOnly(path)) {
                    if (!path.equals(".ci/run")) { // replaced below by a CI that grades, not left out
                        leftOut.add(path);
                    }
                    continue;
                }
                if (!Files.isRegularFile(from)) {
                    continue; // deleted in the working tree, not yet committed
                }
                Path to = target.resolve(path);
                Files.createDirectories(to.getParent());
                Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
                if (path.endsWith(".md")) {
                    Files.writeString(to, withoutInstructorBlocks(Files.readString(from), path));
                }
                copied++;
            }
            Path ci = target.resolve(".ci/run");
            Files.createDirectories(ci.getParent());
            Files.writeString(ci, STUDENT_CI);
            ci.toFile().setExecutable(true);
            Path workflow = target.resolve(".github/workflows/grade.yml");
            Files.createDirectories(workflow.getParent());
            Files.writeString(workflow, WORKFLOW);
        } catch (IOException e) {
            throw new LabException("Cannot write the release to " + target + ": " + e.getMessage(), e);
        }
        ReleaseManifest.of(target, index, commit).write(target.resolve(ReleaseManifest.FILE));
        String fingerprint = ReleaseManifest.fingerprint(target.resolve(ReleaseManifest.FILE));
        git(target, "init", "-q", "-b", "main");
        git(target, "add", "-A");
        git(target, "-c", "user.name=Spark Observability Lab", "-c", "user.email=lab-release@localhost", "commit", "-q",
                "-m", "Student release of the Spark Observability Lab (from " + commit.substring(0, 12) + ")\n\n"
                        + "Release manifest SHA-256: " + fingerprint);
        return new Written(target, copied + 2, leftOut, fingerprint, commit, index.entries().size());
    }

    static final String INSTRUCTOR_ONLY = "<!-- instructor-only";
    static final String INSTRUCTOR_ONLY_END = "<!-- /instructor-only -->";

    /** Markdown without its `<!-- instructor-only ... -->` ... `<!-- /instructor-only -->` blocks (the solutions' mentions). */
    static String withoutInstructorBlocks(String markdown, String file) {
        StringBuilder out = new StringBuilder();
        int line = 0;
        int openedAt = 0;
        for (String l : markdown.split("\n", -1)) {
            line++;
            if (l.strip().startsWith(INSTRUCTOR_ONLY)) {
                if (openedAt > 0) {
                    throw new LabException(file + ":" + line + ": instructor-only block inside the one opened at line " + openedAt);
                }
                openedAt = line;
            } else if (l.strip().equals(INSTRUCTOR_ONLY_END)) {
                if (openedAt == 0) {
                    throw new LabException(file + ":" + line + ": " + INSTRUCTOR_ONLY_END + " without an opening marker");
                }
                openedAt = 0;
            } else if (openedAt == 0) {
                out.append(l).append('\n');
            }
        }
        if (openedAt > 0) {
            throw new LabException(file + ":" + openedAt + ": instructor-only block never closed (" + INSTRUCTOR_ONLY_END + ")");
        }
        return out.substring(0, out.length() - 1);
    }

    private static String git(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new LabException("git " + String.join(" ", args) + " failed in " + dir
                        + " (a release is made from the lab's git repository): " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new LabException("Cannot run git (needed to make a release): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted"));
        }
    }

    private static void deleteContents(Path target) {
        if (!Files.isDirectory(target)) {
            return;
        }
        try (Stream<Path> all = Files.walk(target)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!p.equals(target)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            System.err.println("[lab] could not remove the half-written release in " + target + ": " + e.getMessage());
        }
    }
}
