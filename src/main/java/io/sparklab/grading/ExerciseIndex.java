package io.sparklab.grading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparklab.stack.LabException;
import io.sparklab.stack.LabProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * exercises/exercises.yml, read once: the exercises in order with their points, test class and hint.
 * A missing or mistyped field is named with the entry it belongs to, so an instructor who adds an
 * exercise learns what is wrong before a class does.
 */
public record ExerciseIndex(Path file, List<Entry> entries) {
    public static final String FILE = "exercises/exercises.yml";

    /** One exercise of the index. */
    public record Entry(String id, String folder, String title, int part, int points, String testClass, String hint) {
        /** The test's source file, from its class name (the tests live under src/test/java). */
        public String testSource() {
            return "src/test/java/" + testClass.replace('.', '/') + ".java";
        }

        /**
         * The files that decide whether this exercise passes: its test class and the promtool test
         * files in its folder (`*.test.yml`). The student's own work (config, dashboards, job code,
         * answer files) is not among them.
         */
        public List<String> testFiles(Path root) {
            List<String> files = new ArrayList<>(List.of(testSource()));
            Path dir = root.resolve("exercises").resolve(folder);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".test.yml")).sorted()
                            .forEach(n -> files.add("exercises/" + folder + "/" + n));
                } catch (IOException e) {
                    throw new LabException("Cannot list " + dir + ": " + e.getMessage(), e);
                }
            }
            return files;
        }
    }

    public static ExerciseIndex of(LabProject project) {
        return read(project.root().resolve(FILE));
    }

    public static ExerciseIndex read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new LabException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new LabException(file + ": expected a list of exercises (- id: ...)");
        }
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        int n = 0;
        for (JsonNode e : root) {
            n++;
            String where = file + ", exercise " + n + (e.hasNonNull("id") ? " (id " + e.get("id").asText() + ")" : "");
            String id = id(e, where);
            Integer earlier = seen.putIfAbsent(id, n);
            if (earlier != null) {
                throw new LabException(where + ": id " + id + " is exercise " + earlier + "'s already (each exercise is graded once)");
            }
            entries.add(new Entry(id, text(e, "folder", where), text(e, "title", where),
                    number(e, "part", where), number(e, "points", where), text(e, "test", where), text(e, "hint", where)));
        }
        return new ExerciseIndex(file, List.copyOf(entries));
    }

    /**
     * Every exercise's folder (with its README) and test class exist under {@code root}: a release must
     * not be made from an index that names a folder that is not there, whose check files the manifest
     * would then not hold.
     */
    public void requireFiles(Path root) {
        int n = 0;
        for (Entry e : entries) {
            n++;
            String where = file + ", exercise " + n + " (id " + e.id() + ")";
            if (!Files.isRegularFile(root.resolve("exercises").resolve(e.folder()).resolve("README.md"))) {
                throw new LabException(where + ": folder '" + e.folder() + "' has no exercises/" + e.folder() + "/README.md");
            }
            if (!Files.isRegularFile(root.resolve(e.testSource()))) {
                throw new LabException(where + ": test '" + e.testClass() + "' has no source " + e.testSource());
            }
        }
    }

    public Optional<Entry> find(String id) {
        return entries.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    private static String text(JsonNode e, String field, String where) {
        JsonNode v = e.get(field);
        if (v == null || !v.isValueNode() || v.asText().isBlank()) {
            throw new LabException(where + ": field '" + field + "' is missing or empty");
        }
        return v.asText();
    }

    /** Two digits, quoted: unquoted, YAML reads 07 as the number 7 and 010 as 8 (octal), and the lab script finds "NN". */
    private static String id(JsonNode e, String where) {
        JsonNode v = e.get("id");
        if (v == null || !v.isTextual() || !v.asText().matches("\\d\\d")) {
            throw new LabException(where + ": field 'id' must be two digits in quotes (id: \"07\"), got " + (v == null ? "nothing" : v));
        }
        return v.asText();
    }

    private static int number(JsonNode e, String field, String where) {
        JsonNode v = e.get(field);
        // isIntegralNumber: canConvertToInt alone takes 7.5 as 7.
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
            throw new LabException(where + ": field '" + field + "' must be a whole number >= 0, got " + (v == null ? "nothing" : v));
        }
        return v.asInt();
    }
}
