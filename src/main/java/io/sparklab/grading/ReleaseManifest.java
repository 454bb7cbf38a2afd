package io.sparklab.grading;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparklab.stack.LabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a student release promised: the SHA-256 of every file that decides a grade, written by
 * `./lab release --student` to {@value #FILE} and checked by `./lab grade`. Three kinds of file:
 * <ul>
 *   <li>each exercise's tests (its test class, its folder's `*.test.yml`): changed, and that
 *       exercise scores 0;</li>
 *   <li>the grading code (the grader, the exercises' shared test code, the build, the `lab` script,
 *       the exercise index, the code the checks run through): changed, and every exercise scores 0,
 *       because none of the results can be trusted;</li>
 *   <li>the lab parts' tests: reported, not scored.</li>
 * </ul>
 * A student could edit the manifest too; its fingerprint (the SHA-256 of the file) is printed at
 * release and in every grade, and `./lab grade --manifest COPY` grades against the instructor's copy.
 */
public record ReleaseManifest(String fromCommit, Map<String, String> grading, Map<String, String> labParts,
                              Map<String, Map<String, String>> exercises) {
    public static final String FILE = "exercises/release-manifest.json";

    /** Grading code: changing any of these changes what every exercise's result means. */
    static final List<String> GRADING_PATHS = List.of("pom.xml", "lab", ExerciseIndex.FILE, "src/test/resources",
            "src/test/java/io/sparklab/exercises/Exercise.java", "src/test/java/io/sparklab/exercises/ExerciseTools.java",
            "src/test/java/io/sparklab/jobs/TracedSpark.java", // exercises 16 and 17's harness: it builds the SDK the spans go through
            "src/test/java/io/sparklab/jobs/ZipkinProcess.java", // exercise 17's harness: the Zipkin server the spans go to
            "src/main/java/io/sparklab/grading", "src/main/java/io/sparklab/stack", "src/main/java/io/sparklab/client",
            // how a dashboard's queries are read and sent (exercises 01, 10, 14, 19), and exercise 19's Elasticsearch
            "src/main/java/io/sparklab/dashboards", "src/main/java/io/sparklab/logs", "config/logs/spark-logs-template.json",
            "docker/elasticsearch", "docker/testcontainers-env.sh");
    /**
     * Files under the grading paths that an exercise asks the student to change, left out of the
     * manifest: exercise 17 implements ZipkinClient.slowStages (its test is the check of that code).
     */
    static final List<String> STUDENT_FILES = List.of("src/main/java/io/sparklab/client/ZipkinClient.java");
    /** The lab parts' tests and their support code. */
    static final List<String> LAB_PART_PATHS = List.of("src/test/java/io/sparklab/lab", "src/test/java/io/sparklab/support");

    /** The manifest of the project at {@code root} as it is now. */
    public static ReleaseManifest of(Path root, ExerciseIndex index, String fromCommit) {
        Map<String, Map<String, String>> exercises = new LinkedHashMap<>();
        for (ExerciseIndex.Entry e : index.entries()) {
            Map<String, String> files = new TreeMap<>();
            for (String f : e.testFiles(root)) {
                Path p = root.resolve(f);
                if (!Files.isRegularFile(p)) {
                    throw new LabException(index.file() + ", exercise " + e.id() + ": its test file " + f + " does not exist");
                }
                files.put(f, sha256(p));
            }
            exercises.put(e.id(), files);
        }
        return new ReleaseManifest(fromCommit, hashAll(root, GRADING_PATHS), hashAll(root, LAB_PART_PATHS), exercises);
    }

    /** Files that differ from the manifest (changed or missing), in a sorted map path -> what happened. */
    public static Map<String, String> differences(Path root, Map<String, String> expected) {
        Map<String, String> diff = new TreeMap<>();
        expected.forEach((path, hash) -> {
            Path p = root.resolve(path);
            if (!Files.isRegularFile(p)) {
                diff.put(path, "deleted");
            } else if (!sha256(p).equals(hash)) {
                diff.put(path, "changed");
            }
        });
        return diff;
    }

    /** Files under the manifest's folders that it does not know (added since the release). */
    public static Map<String, String> additions(Path root, List<String> folders, Map<String, String> expected) {
        Map<String, String> added = new TreeMap<>();
        hashAll(root, folders).keySet().stream().filter(p -> !expected.containsKey(p)).forEach(p -> added.put(p, "added"));
        return added;
    }

    public void write(Path file) {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("about", "Written by ./lab release --student; ./lab grade checks these files. "
                + "A changed exercise test scores that exercise 0; changed grading code scores every exercise 0.");
        root.put("fromCommit", fromCommit);
        root.set("grading", json.valueToTree(grading));
        root.set("labParts", json.valueToTree(labParts));
        root.set("exercises", json.valueToTree(exercises));
        try {
            Files.createDirectories(file.getParent());
            json.writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new LabException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static ReleaseManifest read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new LabException("Cannot read the release manifest " + file + ": " + e.getMessage(), e);
        }
        for (String field : List.of("grading", "labParts", "exercises")) {
            if (!root.path(field).isObject()) {
                throw new LabException(file + ": field '" + field + "' is missing or not an object");
            }
        }
        Map<String, Map<String, String>> exercises = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("exercises").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            exercises.put(e.getKey(), hashes(e.getValue(), file + ": exercises." + e.getKey()));
        }
        return new ReleaseManifest(root.path("fromCommit").asText(""), hashes(root.get("grading"), file + ": grading"),
                hashes(root.get("labParts"), file + ": labParts"), exercises);
    }

    /** The manifest file's own SHA-256: what the instructor compares with the one printed at release. */
    public static String fingerprint(Path file) {
        return sha256(file);
    }

    private static Map<String, String> hashes(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new LabException(where + " must be an object of path: sha256");
        }
        Map<String, String> map = new TreeMap<>();
        node.fields().forEachRemaining(f -> {
            if (!f.getValue().isTextual() || !f.getValue().asText().matches("[0-9a-f]{64}")) {
                throw new LabException(where + "." + f.getKey() + " must be a SHA-256 in hex, got " + f.getValue());
            }
            map.put(f.getKey(), f.getValue().asText());
        });
        return map;
    }

    /**
     * path -> sha256 of every regular file at or under the given project paths (missing ones skipped),
     * except the {@link #STUDENT_FILES}.
     */
    static Map<String, String> hashAll(Path root, List<String> paths) {
        Map<String, String> map = new TreeMap<>();
        for (String path : paths) {
            Path p = root.resolve(path);
            if (Files.isRegularFile(p)) {
                if (!STUDENT_FILES.contains(path)) {
                    map.put(path, sha256(p));
                }
            } else if (Files.isDirectory(p)) {
                try (Stream<Path> files = Files.walk(p)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        String relative = root.relativize(f).toString().replace('\\', '/');
                        if (!STUDENT_FILES.contains(relative)) {
                            map.put(relative, sha256(f));
                        }
                    }
                } catch (IOException e) {
                    throw new LabException("Cannot read " + p + ": " + e.getMessage(), e);
                }
            }
        }
        return map;
    }

    /** SHA-256 of the file with CRLF read as LF, so a checkout on Windows (autocrlf) is not "changed". */
    static String sha256(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            java.io.ByteArrayOutputStream lf = new java.io.ByteArrayOutputStream(bytes.length);
            for (int i = 0; i < bytes.length; i++) {
                if (!(bytes[i] == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n')) {
                    lf.write(bytes[i]);
                }
            }
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(lf.toByteArray()));
        } catch (IOException e) {
            throw new LabException("Cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
