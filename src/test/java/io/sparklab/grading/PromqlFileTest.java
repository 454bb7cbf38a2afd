package io.sparklab.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromqlFileTest {
    @Test
    void comments_and_blank_lines_go_and_the_lines_join_into_one_query(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("answer.promql"), """
                # Exercise 04: the share
                sum by (app) (rate(a_total[1m]))   # the numerator

                  / sum by (app) (rate(b_total[1m]))
                """);
        assertThat(PromqlFile.query(file)).isEqualTo("sum by (app) (rate(a_total[1m])) / sum by (app) (rate(b_total[1m]))");
    }

    @Test
    void a_hash_inside_a_string_is_part_of_it() {
        assertThat(PromqlFile.withoutComment("up{path=\"/a#b\"} # c")).isEqualTo("up{path=\"/a#b\"} ");
        assertThat(PromqlFile.withoutComment("up{path='#'} == 1")).isEqualTo("up{path='#'} == 1");
        assertThat(PromqlFile.withoutComment("up{path=~`x\\`} # raw: the backslash escapes nothing")).isEqualTo("up{path=~`x\\`} ");
        assertThat(PromqlFile.withoutComment("up{path=\"a\\\"#\"} #")).isEqualTo("up{path=\"a\\\"#\"} ");
        assertThat(PromqlFile.withoutComment("#up")).isEmpty();
    }

    @Test
    void a_missing_file_is_an_error_naming_it(@TempDir Path dir) {
        Path missing = dir.resolve("answer.promql");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PromqlFile.query(missing)).isInstanceOf(IOException.class)
                .hasMessageContaining("answer.promql");
    }
}
