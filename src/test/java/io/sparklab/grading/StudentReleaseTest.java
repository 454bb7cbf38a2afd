package io.sparklab.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparklab.stack.LabException;
import io.sparklab.stack.LabProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `./lab release` on a small committed project of one exercise: what a class receives has no answers
 * and no instructor blocks, and a Markdown file whose blocks do not close stops it before anything is
 * written (a half-written folder would be refused as "not empty" by the next try).
 */
class StudentReleaseTest {
    @TempDir
    Path root;
    @TempDir
    Path out;

    @BeforeEach
    void aCommittedProjectWithOneExercise() throws IOException, InterruptedException {
        write("pom.xml", "<project/>");
        write("config/prometheus.yml", "global: {}\n");
        write("docker/README.md", "images\n");
        write(ExerciseIndex.FILE, """
                - id: "01"
                  folder: 01-one
                  title: The first
                  part: 3
                  points: 10
                  test: io.sparklab.exercises.Exercise01Test
                  hint: do one
                """);
        write("exercises/01-one/README.md", "# 01 The first\n");
        write("exercises/01-one/solution.patch", "--- the answer\n");
        write("src/test/java/io/sparklab/exercises/Exercise01Test.java", "class Exercise01Test {}\n");
        write("README.md", """
                # Lab
                Do the exercises.
                <!-- instructor-only: the answers -->
                Exercise 01's answer is in its solution.patch.
                <!-- /instructor-only -->
                Good luck.
                """);
        git("init", "-q", "-b", "main");
        git("add", "-A");
        git("-c", "user.name=t", "-c", "user.email=t@localhost", "commit", "-q", "-m", "lab");
    }

    @Test
    void a_release_has_no_answers_and_no_instructor_blocks() throws IOException {
        Path release = out.resolve("class");

        var written = new StudentRelease(new LabProject(root)).write(release);

        assertThat(written.leftOut()).containsExactly("exercises/01-one/solution.patch");
        assertThat(release.resolve("exercises/01-one/solution.patch")).doesNotExist();
        assertThat(Files.readString(release.resolve("README.md"))).isEqualTo("# Lab\nDo the exercises.\nGood luck.\n");
        assertThat(release.resolve(ReleaseManifest.FILE)).isRegularFile();
    }

    @Test
    void an_unclosed_instructor_block_names_file_and_line_and_writes_nothing() throws IOException, InterruptedException {
        write("docs/teaching.md", "# Teaching\n\n<!-- instructor-only: marking -->\nfull marks for a panel\n");
        git("add", "-A");
        git("-c", "user.name=t", "-c", "user.email=t@localhost", "commit", "-q", "-m", "notes");
        Path release = out.resolve("class");

        assertThatThrownBy(() -> new StudentRelease(new LabProject(root)).write(release)).isInstanceOf(LabException.class)
                .hasMessage("docs/teaching.md:3: instructor-only block never closed (<!-- /instructor-only -->)");
        assertThat(release).doesNotExist();
    }

    /** A new exercise whose test is on disk but never `git add`ed: named before anything is written (the release copies tracked files). */
    @Test
    void an_exercise_file_not_in_git_is_named_and_nothing_is_written() throws IOException {
        Files.writeString(root.resolve(ExerciseIndex.FILE), Files.readString(root.resolve(ExerciseIndex.FILE)) + """
                - id: "02"
                  folder: 02-two
                  title: The second
                  part: 4
                  points: 5
                  test: io.sparklab.exercises.Exercise02Test
                  hint: do two
                """);
        write("exercises/02-two/README.md", "# 02 The second\n");
        write("src/test/java/io/sparklab/exercises/Exercise02Test.java", "class Exercise02Test {}\n");
        Path release = out.resolve("class");

        assertThatThrownBy(() -> new StudentRelease(new LabProject(root)).write(release)).isInstanceOf(LabException.class)
                .hasMessageEndingWith("exercise 02: src/test/java/io/sparklab/exercises/Exercise02Test.java is not in git (git add it and"
                        + " commit): the release copies the tracked files only");
        assertThat(release).doesNotExist();
    }

    private void write(String path, String content) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private void git(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 3];
        command[0] = "git";
        command[1] = "-C";
        command[2] = root.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
        String said = new String(git.getInputStream().readAllBytes());
        if (git.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + ": " + said);
        }
    }
}
