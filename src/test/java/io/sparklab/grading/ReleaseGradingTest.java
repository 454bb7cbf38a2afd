package io.sparklab.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparklab.stack.LabException;
import io.sparklab.stack.LabProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The grader against a release manifest, on a small project of two exercises whose tests both pass:
 * a changed test scores its exercise 0 (and only it), changed grading code scores every exercise 0,
 * an edited manifest is caught by the instructor's copy, and grade.json / grade.md say why.
 */
class ReleaseGradingTest {
    private static final String TEST_01 = "src/test/java/io/sparklab/exercises/Exercise01Test.java";
    private static final String TEST_02 = "src/test/java/io/sparklab/jobs/Exercise02Test.java";

    @TempDir
    Path root;
    private LabProject project;

    @BeforeEach
    void aReleasedProjectWhereEveryExerciseTestPasses() throws IOException {
        write("pom.xml", "<project/>");
        Files.createDirectories(root.resolve("config"));
        Files.createDirectories(root.resolve("docker"));
        write("lab", "#!/usr/bin/env bash\n");
        write(ExerciseIndex.FILE, """
                - id: "01"
                  folder: 01-one
                  title: The first
                  part: 3
                  points: 10
                  test: io.sparklab.exercises.Exercise01Test
                  hint: do one
                - id: "02"
                  folder: 02-two
                  title: The second
                  part: 4
                  points: 15
                  test: io.sparklab.jobs.Exercise02Test
                  hint: do two
                """);
        write(TEST_01, "class Exercise01Test { /* asserts the panel */ }\n");
        write(TEST_02, "class Exercise02Test { /* asserts the metric */ }\n");
        write("exercises/02-two/check.test.yml", "tests: []\n");
        write("src/test/java/io/sparklab/lab/Part1Test.java", "class Part1Test {}\n");
        for (String test : List.of("io.sparklab.exercises.Exercise01Test", "io.sparklab.jobs.Exercise02Test")) {
            write("target/exercise-reports/TEST-" + test + ".xml",
                    "<testsuite name=\"" + test + "\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\"><testcase name=\"t\"/></testsuite>");
        }
        project = new LabProject(root);
        ReleaseManifest.of(root, ExerciseIndex.of(project), "0123456789abcdef").write(root.resolve(ReleaseManifest.FILE));
    }

    @Test
    void an_untouched_release_earns_every_point_and_says_the_files_are_as_released() throws IOException {
        Grader grader = new Grader(project);
        List<Grader.Result> results = grader.grade(null);

        assertThat(results).extracting(Grader.Result::earned).containsExactly(10, 15);
        assertThat(grader.report(results)).isZero();
        JsonNode json = gradeJson();
        assertThat(json.at("/release/intact").asBoolean()).isTrue();
        assertThat(json.at("/release/summary").asText()).contains("every test and grading file as released");
        assertThat(json.at("/release/manifestSha256").asText()).isEqualTo(ReleaseManifest.fingerprint(root.resolve(ReleaseManifest.FILE)));
    }

    /** No report: "not run"; no report because the index names a test with no source (a typo): the field and the class named. */
    @Test
    void a_test_the_index_names_wrongly_is_said_not_run_with_the_name() throws IOException {
        Files.delete(root.resolve("target/exercise-reports/TEST-io.sparklab.jobs.Exercise02Test.xml"));
        assertThat(new Grader(project).grade("02")).singleElement().satisfies(r -> assertThat(r.failure()).isEqualTo("not run"));

        Files.writeString(root.resolve(ExerciseIndex.FILE), Files.readString(root.resolve(ExerciseIndex.FILE))
                .replace("io.sparklab.jobs.Exercise02Test", "io.sparklab.jobs.Exercise02Tset"));
        assertThat(new Grader(project).grade("02")).singleElement().satisfies(r -> assertThat(r.failure())
                .isEqualTo("not run: exercises/exercises.yml names test io.sparklab.jobs.Exercise02Tset for exercise 02, which has no"
                        + " source src/test/java/io/sparklab/jobs/Exercise02Tset.java"));
    }

    /** `./lab exercise 02` after `./lab grade`: its own files; the course's grade stays whole. */
    @Test
    void one_exercise_run_alone_leaves_the_courses_grade_as_it_was() throws IOException {
        Grader grader = new Grader(project);
        grader.report(grader.grade(null));
        String course = Files.readString(root.resolve("target/grade/grade.json"));

        grader.report(grader.grade("02"), true);

        assertThat(Files.readString(root.resolve("target/grade/grade.json"))).as("the course's grade.json").isEqualTo(course);
        JsonNode single = new ObjectMapper().readTree(root.resolve("target/grade/grade-02.json").toFile());
        assertThat(single.path("exercises")).extracting(e -> e.path("id").asText()).containsExactly("02");
        assertThat(root.resolve("target/grade/grade-02.md")).exists();
    }

    @Test
    void a_changed_exercise_test_scores_that_exercise_zero_with_the_reason_and_the_others_keep_their_points() throws IOException {
        write(TEST_01, "class Exercise01Test { /* assertTrue(true) */ }\n");
        Grader grader = new Grader(project);
        List<Grader.Result> results = grader.grade(null);

        assertThat(results.get(0).passed()).as("its (changed) test passed").isTrue();
        assertThat(results.get(0).earned()).isZero();
        assertThat(results.get(0).scoredZeroBecause()).isEqualTo("its test was changed since the release: " + TEST_01 + " (changed)");
        assertThat(results.get(1).earned()).isEqualTo(15);
        assertThat(grader.report(results)).isEqualTo(1);

        JsonNode json = gradeJson();
        assertThat(json.path("points").asInt()).isEqualTo(15);
        assertThat(json.at("/exercises/0/passed").asBoolean()).isFalse();
        assertThat(json.at("/exercises/0/testPassed").asBoolean()).isTrue();
        assertThat(json.at("/exercises/0/scoredZeroBecause").asText()).contains(TEST_01);
        assertThat(json.at("/release/exerciseChanges/01/" + TEST_01.replace("/", "~1")).asText()).isEqualTo("changed");
        String md = Files.readString(root.resolve("target/grade/grade.md"));
        assertThat(md).contains("| 01 The first | 0: its test was changed since the release").contains("tests changed for exercise 01, scored 0");
    }

    @Test
    void a_deleted_promtool_check_counts_as_a_changed_test() throws IOException {
        Files.delete(root.resolve("exercises/02-two/check.test.yml"));
        List<Grader.Result> results = new Grader(project).grade(null);

        assertThat(results.get(1).scoredZeroBecause()).contains("exercises/02-two/check.test.yml (deleted)");
        assertThat(results.get(0).earned()).isEqualTo(10);
    }

    @Test
    void changed_or_added_grading_code_scores_every_exercise_zero() throws IOException {
        write("pom.xml", "<project><!-- testFailureIgnore --></project>");
        write("src/test/resources/junit-platform.properties", "junit.jupiter.conditions.deactivate=*\n");
        List<Grader.Result> results = new Grader(project).grade(null);

        assertThat(results).allSatisfy(r -> {
            assertThat(r.earned()).isZero();
            assertThat(r.scoredZeroBecause()).startsWith("the grading code was changed since the release: ")
                    .contains("pom.xml (changed)").contains("src/test/resources/junit-platform.properties (added)");
        });
    }

    @Test
    void a_file_an_exercise_asks_the_student_to_change_is_not_grading_code() throws IOException {
        write("src/main/java/io/sparklab/client/ZipkinClient.java", "class ZipkinClient { /* slowStages, exercise 17 */ }\n");
        Grader grader = new Grader(project);

        assertThat(grader.grade(null)).extracting(Grader.Result::earned).containsExactly(10, 15);
        assertThat(grader.release().intact()).isTrue();
    }

    /** In this project: a reference solution that changed grading code would score every exercise 0 in a release. */
    @Test
    void no_solution_changes_grading_code_but_the_files_meant_for_the_student() throws IOException {
        List<Path> patches;
        try (Stream<Path> dirs = Files.list(Path.of("exercises"))) {
            patches = dirs.flatMap(d -> Stream.of(d.resolve("solution.patch"), d.resolve("solution.with-earlier.patch")))
                    .filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(patches).as("solution patches under exercises/").isNotEmpty();
        for (Path patch : patches) {
            List<String> changed = Files.readAllLines(patch).stream().filter(l -> l.startsWith("+++ b/"))
                    .map(l -> l.substring("+++ b/".length())).toList();
            assertThat(changed).as("files %s changes", patch).noneMatch(f -> !ReleaseManifest.STUDENT_FILES.contains(f)
                    && ReleaseManifest.GRADING_PATHS.stream().anyMatch(g -> f.equals(g) || f.startsWith(g + "/")));
        }
    }

    @Test
    void a_changed_lab_part_test_is_reported_but_not_scored() throws IOException {
        write("src/test/java/io/sparklab/lab/Part1Test.java", "class Part1Test { /* skipped */ }\n");
        Grader grader = new Grader(project);
        List<Grader.Result> results = grader.grade(null);

        assertThat(results).extracting(Grader.Result::earned).containsExactly(10, 15);
        assertThat(grader.release().summary()).contains("lab-part tests changed (not scored): src/test/java/io/sparklab/lab/Part1Test.java (changed)");
    }

    @Test
    void a_manifest_edited_to_hide_a_changed_test_is_caught_by_the_instructors_copy() throws IOException {
        Path instructorCopy = Files.copy(root.resolve(ReleaseManifest.FILE), Files.createDirectories(root.resolve("target")).resolve("instructor-manifest.json"));
        write(TEST_01, "class Exercise01Test { /* assertTrue(true) */ }\n");
        ReleaseManifest.of(root, ExerciseIndex.of(project), "0123456789abcdef").write(root.resolve(ReleaseManifest.FILE));
        assertThat(new Grader(project).grade(null)).as("against the repository's own (edited) manifest")
                .extracting(Grader.Result::earned).containsExactly(10, 15);

        List<Grader.Result> results = new Grader(project, instructorCopy).grade(null);

        assertThat(results).allSatisfy(r -> assertThat(r.scoredZeroBecause())
                .contains(ReleaseManifest.FILE + " (changed (differs from the instructor's copy))"));
    }

    @Test
    void outside_a_release_nothing_is_checked_and_the_grade_says_so() throws IOException {
        Files.delete(root.resolve(ReleaseManifest.FILE));
        write(TEST_01, "class Exercise01Test { /* edited by the instructor */ }\n");
        Grader grader = new Grader(project);

        assertThat(grader.grade(null)).extracting(Grader.Result::earned).containsExactly(10, 15);
        assertThat(grader.release().summary()).startsWith("not a student release");
    }

    @Test
    void a_bad_exercise_index_names_the_file_the_exercise_and_the_field() throws IOException {
        write(ExerciseIndex.FILE, """
                - id: "01"
                  folder: 01-one
                  title: The first
                  part: 3
                  points: ten
                  test: io.sparklab.exercises.Exercise01Test
                  hint: do one
                """);
        assertThatThrownBy(() -> ExerciseIndex.of(project)).isInstanceOf(LabException.class)
                .hasMessageContaining("exercises.yml, exercise 1 (id 01): field 'points' must be a whole number");
    }

    /** What YAML reads without a word: 7.5 points as 7, an unquoted 07 as the number 7; and an id given twice. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "7.5 points        | '\"01\"' | 7.5 |            | exercise 1 (id 01): field 'points' must be a whole number >= 0, got 7.5",
            "an unquoted 07    | 07       | 10  |            | exercise 1 (id 7): field 'id' must be two digits in quotes (id: \"07\"), got 7",
            "the same id twice | '\"01\"' | 10  | '\"01\"'   | exercise 2 (id 01): id 01 is exercise 1's already"})
    void an_index_yaml_would_misread_names_the_exercise_and_the_field(String what, String id, String points, String secondId,
            String message) throws IOException {
        String entry = """
                - id: %s
                  folder: 01-one
                  title: The first
                  part: 3
                  points: %s
                  test: io.sparklab.exercises.Exercise01Test
                  hint: do one
                """;
        write(ExerciseIndex.FILE, entry.formatted(id, points) + (secondId == null ? "" : entry.formatted(secondId, "10")));
        assertThatThrownBy(() -> ExerciseIndex.of(project)).isInstanceOf(LabException.class).hasMessageContaining("exercises.yml, " + message);
    }

    @Test
    void a_manifest_with_a_bad_hash_names_the_entry() throws IOException {
        write(ReleaseManifest.FILE, "{\"grading\": {\"pom.xml\": \"abc\"}, \"labParts\": {}, \"exercises\": {}}");
        assertThatThrownBy(() -> new Grader(project).grade(null)).isInstanceOf(LabException.class)
                .hasMessageContaining("grading.pom.xml must be a SHA-256 in hex");
    }

    private JsonNode gradeJson() throws IOException {
        return new ObjectMapper().readTree(root.resolve("target/grade/grade.json").toFile());
    }

    private void write(String path, String content) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }
}
