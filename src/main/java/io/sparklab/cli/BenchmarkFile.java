package io.sparklab.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparklab.client.HttpJson;
import io.sparklab.stack.LabProject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the benchmarks leave their figures: target/benchmarks/NAME.json, indented. */
final class BenchmarkFile {
    private BenchmarkFile() {
    }

    static Path write(LabProject project, String name, Object figures) {
        Path out = project.target().resolve("benchmarks").resolve(name + ".json");
        try {
            Files.createDirectories(out.getParent());
            HttpJson.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), figures);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("  written to " + project.relative(out));
        return out;
    }
}
