package io.sparklab.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparklab.stack.LabProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsReferenceTest {
    private static final String TABLE = """
            Pushed by the job:

            | name | type | job | labels | what | example query |
            |------|------|-----|--------|------|---------------|
            | `etl_job_rows_rejected` | gauge | etl_job | instance | rows it put in quarantine | `etl_job_rows_rejected` |
            %s
            | `etl_job_duration_seconds` | gauge | etl_job | instance | duration of the last run | `etl_job_duration_seconds` |
            """;

    @Test
    void the_projects_reference_reads_as_tables_of_six_cells() {
        var rows = MetricsReference.rows(LabProject.current().root());
        assertThat(rows).hasSizeGreaterThan(50).allSatisfy(r -> assertThat(r.cells()).hasSize(6));
        assertThat(MetricsReference.rowsOf(LabProject.current().root(), "jvm_heap_memory_used")).singleElement()
                .satisfies(r -> assertThat(r.type()).isEqualTo("gauge"));
    }

    @Test
    void a_row_pasted_into_another_is_named_by_line(@TempDir Path root) throws IOException {
        // What exercise 07's reference solution once wrote: the new row's cells appended to the next row's.
        write(root, "| `etl_job_summary_rows` | gauge | etl_job | instance | rows of the country summary | `etl_job_rows_rejected_by_reason`"
                + " | gauge | etl_job | instance, reason | rows put in quarantine, per reason | `topk(1, etl_job_rows_rejected_by_reason)` |");
        assertThatThrownBy(() -> MetricsReference.rows(root)).hasMessageStartingWith("docs/metrics.md:6: a row of 11 cells in a table of 6");
    }

    @Test
    void an_escaped_pipe_stays_in_its_cell(@TempDir Path root) throws IOException {
        write(root, "| `jvm_classes_loaded` | gauge | spark-driver | instance | classes | `{__name__=~\"jvm_(classes\\|buffer_pool).*\"}` |");
        assertThat(MetricsReference.rowsOf(root, "jvm_classes_loaded")).singleElement()
                .satisfies(r -> assertThat(r.cells().get(5)).contains("classes\\|buffer_pool"));
        assertThat(MetricsReference.rows(root)).extracting(MetricsReference.Row::line).containsExactly(5, 6, 7);
    }

    @Test
    void a_row_cut_off_from_its_table_by_a_blank_line_is_named_by_line(@TempDir Path root) throws IOException {
        // A blank line, then rows: the first would be read as a header, the rest of its table.
        write(root, "\n| `etl_job_rows_read` | gauge | etl_job | instance | rows read | `etl_job_rows_read` |");
        assertThatThrownBy(() -> MetricsReference.rows(root))
                .hasMessageStartingWith("docs/metrics.md:7: a table line with no |---| line under it");
        // The last line of the file, alone.
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/metrics.md"), TABLE.formatted("| `a` | gauge | b | c | d | `a` |") + "\n| `b` | gauge | b | c | d | `b` |\n");
        assertThatThrownBy(() -> MetricsReference.rows(root)).hasMessageStartingWith("docs/metrics.md:9: a table line with no |---| line");
    }

    @Test
    void a_row_without_its_leading_pipe_is_named_by_line(@TempDir Path root) throws IOException {
        write(root, "`etl_job_rows_read` | gauge | etl_job | instance | rows read | `etl_job_rows_read` |");
        assertThatThrownBy(() -> MetricsReference.rows(root)).hasMessageStartingWith("docs/metrics.md:6: a table row without its leading |");
    }

    /** A table of another kind on the page (a legend of three columns) holds no metric rows, and breaks no marker search. */
    @Test
    void a_table_that_is_not_of_metrics_is_no_metric_rows(@TempDir Path root) throws IOException {
        write(root, "| `etl_job_rows_total` | gauge | etl_job | instance | rows read | `etl_job_rows_total` |");
        Path file = root.resolve(MetricsReference.FILE);
        Files.writeString(file, Files.readString(file) + """

                | mark | means | example |
                |---|---|---|
                | *logs part* | exists while Part 8 runs | `rsyslog_queue_size` |
                """);

        assertThat(MetricsReference.rows(root)).extracting(MetricsReference.Row::name)
                .containsExactly("etl_job_rows_rejected", "etl_job_rows_total", "etl_job_duration_seconds");
        assertThat(MetricsReference.rowsMarked(root, "*logs part*")).isEmpty();
    }

    private static void write(Path root, String row) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/metrics.md"), TABLE.formatted(row));
    }
}
