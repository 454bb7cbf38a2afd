package io.sparklab.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files a Structured Streaming file sink committed, read from its log ({@code _spark_metadata}) in
 * a copy of its folder. Spark reads a sink folder through that log, which names only the files of
 * committed batches: a batch interrupted by a crash may leave files the log does not name, and they
 * are not part of the output. The log's paths are the container's, so the copy's files are found by
 * name.
 */
public final class FileSinkLog {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FileSinkLog() {
    }

    /** The committed files of the sink whose folder was copied to {@code copy}, as paths in the copy. */
    public static List<String> committedFiles(Path copy) {
        Path log = copy.resolve("_spark_metadata");
        Set<String> names = new LinkedHashSet<>();
        try (Stream<Path> entries = Files.list(log)) {
            // Batch files are named by batch id, "N.compact" holds every earlier batch: read in batch order.
            List<Path> batches = entries.filter(p -> p.getFileName().toString().matches("\\d+(\\.compact)?"))
                    .sorted(java.util.Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().replace(".compact", ""))))
                    .toList();
            for (Path batch : batches) {
                for (String line : Files.readAllLines(batch)) {
                    if (!line.startsWith("{")) {
                        continue; // the version line, "v1"
                    }
                    JsonNode entry = JSON.readTree(line);
                    String name = Path.of(java.net.URI.create(entry.path("path").asText()).getPath()).getFileName().toString();
                    if (entry.path("action").asText().equals("delete")) {
                        names.remove(name);
                    } else {
                        names.add(name);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the file sink's log in " + log, e);
        }
        List<String> files = new ArrayList<>();
        for (String name : names) {
            Path file = copy.resolve(name);
            if (!Files.exists(file)) {
                throw new IllegalStateException("The sink's log names " + name + ", which is not in " + copy);
            }
            files.add(file.toString());
        }
        return files;
    }
}
