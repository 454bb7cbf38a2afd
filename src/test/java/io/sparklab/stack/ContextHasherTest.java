package io.sparklab.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image tag changes exactly when a build input does. */
class ContextHasherTest {
    @TempDir
    Path root;

    private void write(String file, String content) throws IOException {
        Path path = root.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
    }

    @Test
    void same_inputs_same_hash_and_a_changed_byte_changes_it() throws IOException {
        write("docker/x/Dockerfile", "FROM debian:bookworm-slim\n");
        write("target/app-1-job.jar", "jar");
        List<String> inputs = List.of("docker/x", "target/*-job.jar");
        String first = ContextHasher.hash(root, inputs);

        assertThat(ContextHasher.hash(root, inputs)).isEqualTo(first).hasSize(12);

        write("target/app-1-job.jar", "jar2");
        assertThat(ContextHasher.hash(root, inputs)).isNotEqualTo(first);
    }

    @Test
    void a_renamed_file_changes_the_hash() throws IOException {
        write("docker/x/a", "same");
        String before = ContextHasher.hash(root, List.of("docker/x"));
        Files.move(root.resolve("docker/x/a"), root.resolve("docker/x/b"));

        assertThat(ContextHasher.hash(root, List.of("docker/x"))).isNotEqualTo(before);
    }

    @Test
    void a_missing_input_is_named() {
        assertThatThrownBy(() -> ContextHasher.hash(root, List.of("target/spark-jars")))
                .isInstanceOf(LabException.class)
                .hasMessageContaining("target/spark-jars")
                .hasMessageContaining("mvn package");
    }
}
