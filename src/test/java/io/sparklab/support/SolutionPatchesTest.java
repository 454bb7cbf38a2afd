package io.sparklab.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparklab.stack.LabProject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every reference solution still applies to the starter as it is now, and the whole course in order
 * (as .ci/prove-course solves it): a change to a file a solution patches (a comment in its context
 * lines) is caught here in seconds, not by a lab part or the course proof at the end of CI.
 */
@NeedsSolutions
class SolutionPatchesTest {
    static Stream<String> exercisesWithSolutions() throws IOException {
        try (Stream<Path> dirs = Files.list(LabProject.current().root().resolve("exercises"))) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("solution.patch"))).map(d -> d.getFileName().toString()).sorted()
                    .toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exercisesWithSolutions")
    void the_solution_applies_to_the_starter_and_comes_back_out(String exercise, @TempDir Path dir) throws IOException {
        LabProject copy = StudentCopy.withSources(LabProject.current(), dir);
        String id = exercise.substring(0, exercise.indexOf('-'));
        Path config = copy.config("alert-rules.yml");
        String starter = Files.readString(config);

        StudentCopy.solve(copy, id);
        StudentCopy.unsolve(copy, id);

        assertThat(Files.readString(config)).as("config/alert-rules.yml after solving and unsolving %s", exercise).isEqualTo(starter);
    }

    @Test
    void the_whole_course_applies_in_order_with_the_with_earlier_patches(@TempDir Path dir) throws Exception {
        LabProject copy = StudentCopy.withSources(LabProject.current(), dir);
        List<String> exercises = exercisesWithSolutions().toList();
        for (String exercise : exercises) {
            Path folder = copy.root().resolve("exercises").resolve(exercise);
            Path patch = Files.isRegularFile(folder.resolve("solution.with-earlier.patch"))
                    ? folder.resolve("solution.with-earlier.patch") : folder.resolve("solution.patch");
            Process git = new ProcessBuilder("git", "apply", patch.toString()).directory(copy.root().toFile())
                    .redirectErrorStream(true).start();
            String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(git.waitFor()).as("git apply %s on top of the earlier solutions: %s", copy.root().relativize(patch), output)
                    .isZero();
        }
        assertThat(exercises).as("exercises with a solution").hasSizeGreaterThanOrEqualTo(20);
    }
}
