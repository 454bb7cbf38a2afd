package io.sparklab.grading.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparklab.stack.LabProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        try (Stream<Path> dirs = Files.list(LabProject.current().root().resolve("exercises"))) {
            for (Path readme : dirs.map(d -> d.resolve("README.md")).filter(Files::isRegularFile).toList()) {
                String folder = readme.getParent().getFileName().toString();
                Matcher m = LIVE.matcher(Files.readString(readme));
                while (m.find()) {
                    // a README names its own exercise's check
                    assertThat(folder).as("%s names ./lab exercise %s --live", readme, m.group(1)).startsWith(m.group(1) + "-");
                    promised.add(m.group(1));
                }
            }
        }
        assertThat(promised).as("exercises whose README promises a live check").hasSizeGreaterThan(15);
        assertThat(LiveCheck.exercises()).as("exercises with a live check").containsAll(promised);
    }
}
