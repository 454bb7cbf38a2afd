package io.sparklab.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * exercises/exercises.yml is what `./lab grade` and `--live` print; exercises/README.md's table and
 * each folder's README heading are what a student reads. One exercise, one title, part and points.
 */
class ExerciseSheetsTest {
    private static final Pattern ROW = Pattern.compile("^\\| (\\d+) \\| \\[(.+)]\\(([^)]+)\\) \\| (\\d+) \\| (\\d+) \\|$");

    @Test
    void the_table_and_every_sheets_heading_say_what_the_index_says() throws IOException {
        ExerciseIndex index = ExerciseIndex.read(Path.of(ExerciseIndex.FILE));
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("exercises/README.md"))) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                rows.add(String.join(" | ", m.group(1), plain(m.group(2)), m.group(3), m.group(4), m.group(5)));
            }
        }
        List<String> expected = new ArrayList<>();
        for (ExerciseIndex.Entry e : index.entries()) {
            expected.add(String.join(" | ", e.id(), e.title(), e.folder() + "/README.md", Integer.toString(e.part()),
                    Integer.toString(e.points())));
            String heading = Files.readAllLines(Path.of("exercises", e.folder(), "README.md")).get(0);
            assertThat(plain(heading)).as("the first line of exercises/%s/README.md", e.folder()).isEqualTo("# " + e.id() + ": " + e.title());
        }
        assertThat(rows).as("exercises/README.md's table (id | title | sheet | part | points), against %s", ExerciseIndex.FILE)
                .containsExactlyElementsOf(expected);
    }

    /** Markdown's code marks go: the index prints to a terminal (`for` is for there). */
    private static String plain(String markdown) {
        return markdown.replace("`", "");
    }
}
