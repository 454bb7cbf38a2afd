package io.sparklab.grading.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparklab.stack.LabProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What the exercises' READMEs tell a student to run live is there. */
class LiveCheckTest {
    private static final Pattern LIVE = Pattern.compile("\\./lab exercise (\\d{2}) --live");

    @Test
    void every_exercise_whose_readme_says_lab_exercise_nn_live_has_a_live_check() throws IOException {
        Set<String> promised = new TreeSet<>();
        Set<String> exercises = new TreeSet<>();
        List<Path> readmes;
        try (Stream<Path> dirs = Files.list(LabProject.current().root().resolve("exercises"))) {
            readmes = dirs.map(d -> d.resolve("README.md")).filter(Files::isRegularFile).toList();
        }
        readmes.forEach(readme -> exercises.add(readme.getParent().getFileName().toString().substring(0, 2)));
        for (Path readme : readmes) {
            Matcher m = LIVE.matcher(Files.readString(readme));
            while (m.find()) {
                // its own exercise's check, or another's (14 sends a student to 10's): one that exists
                assertThat(exercises).as("%s names ./lab exercise %s --live", readme, m.group(1)).contains(m.group(1));
                promised.add(m.group(1));
            }
        }
        assertThat(promised).as("exercises whose README promises a live check").hasSizeGreaterThan(15);
        assertThat(LiveCheck.exercises()).as("exercises with a live check").containsAll(promised);
    }
}
