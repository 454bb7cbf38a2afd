package io.sparklab.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The logs benchmark's writer: its options named when wrong, and the lines it writes counted. */
class LogLineWriterTest {
    @Test
    void wrong_options_are_named() {
        assertThatThrownBy(() -> LogLineWriter.Options.parse("--file", "f", "--lines", "10", "--rate", "fast"))
                .hasMessageStartingWith("--rate must be a whole number of at least 0, got 'fast'").hasMessageContaining("usage:");
        assertThatThrownBy(() -> LogLineWriter.Options.parse("--file", "f", "--lines", "1e6"))
                .hasMessageStartingWith("--lines must be a whole number of at least 1, got '1e6'");
        assertThatThrownBy(() -> LogLineWriter.Options.parse("--file", "f", "--lines", "-1"))
                .hasMessageStartingWith("--lines must be a whole number of at least 1");
        assertThatThrownBy(() -> LogLineWriter.Options.parse("--lines", "10")).hasMessageStartingWith("LogLineWriter needs --file and --lines");
        assertThatThrownBy(() -> LogLineWriter.Options.parse("--file", "f", "--lines", "10", "--speed", "3"))
                .hasMessageContaining("unknown options [speed]");
    }

    @Test
    void writes_the_lines_asked_for_every_tenth_with_a_stack_trace(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("driver.log");
        LogLineWriter.main(new String[] {"--file", file.toString(), "--lines", "20", "--rate", "1000"});
        var written = Files.readAllLines(file);
        assertThat(written.stream().filter(l -> l.contains(" io.sparklab.bench.LogLineWriter [writer] bench - line "))).hasSize(20);
        assertThat(written.stream().filter(l -> l.startsWith("java.lang.IllegalStateException: benchmark line "))).hasSize(2);
        assertThat(written).hasSize(20 + 2 * 2);
    }
}
