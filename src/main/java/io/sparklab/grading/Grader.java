package io.sparklab.grading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparklab.stack.LabException;
import io.sparklab.stack.LabProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Grades the exercises from their test reports (target/exercise-reports, written by
 * `mvn -Pexercises test`): target/grade/grade.json (per exercise: passed, points, failure message,
 * hint), target/grade/grade.md (a Markdown summary for a CI job summary; appended to
 * $GITHUB_STEP_SUMMARY when set), and the student's status list with the next exercise's hint.
 */
public final class Grader {
    /** One exercise of exercises/exercises.yml and how it went. */
    public record Result(String id, String folder, String title, int points, boolean ran, boolean passed, String failure,
                         String hint) {
        public int earned() {
            return passed ? points : 0;
        }
    }

    private final LabProject project;

    public Grader(LabProject project) {
        this.project = project;
    }

    /** Reads the index and the reports; {@code only}: an exercise id to grade alone, or null for all. */
    public List<Result> grade(String only) {
        JsonNode index;
        Path indexFile = project.root().resolve("exercises/exercises.yml");
        try {
            index = new ObjectMapper(new YAMLFactory()).readTree(indexFile.toFile());
        } catch (IOException e) {
            throw new LabException("Cannot read " + project.relative(indexFile) + ": " + e.getMessage(), e);
        }
        List<Result> results = new ArrayList<>();
        for (JsonNode e : index) {
            String id = e.path("id").asText();
            if (only != null && !only.equals(id)) {
                continue;
            }
            Path report = project.target().resolve("exercise-reports/TEST-" + e.path("test").asText() + ".xml");
            boolean ran = Files.isRegularFile(report);
            String failure = ran ? failureIn(report) : "not run";
            results.add(new Result(id, e.path("folder").asText(), e.path("title").asText(), e.path("points").asInt(), ran,
                    ran && failure == null, failure, e.path("hint").asText()));
        }
        if (only != null && results.isEmpty()) {
            throw new LabException("No exercise " + only + " in " + project.relative(indexFile));
        }
        return results;
    }

    /** The first failure message of a JUnit XML report, or null if every test passed. */
    static String failureIn(Path report) {
        try {
            Element suite = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile()).getDocumentElement();
            if (Integer.parseInt(suite.getAttribute("tests")) == 0) {
                return "no test ran";
            }
            for (String tag : new String[] {"failure", "error", "skipped"}) {
                NodeList nodes = suite.getElementsByTagName(tag);
                if (nodes.getLength() > 0) {
                    Element node = (Element) nodes.item(0);
                    String message = node.getAttribute("message");
                    String text = message.isBlank() ? node.getTextContent() : message;
                    text = text.strip();
                    return (tag.equals("skipped") ? "skipped: " : "") + (text.length() > 600 ? text.substring(0, 600) + "..." : text);
                }
            }
            return null;
        } catch (Exception e) {
            return "unreadable report " + report + ": " + e.getMessage();
        }
    }

    /** Writes grade.json and grade.md, prints the status list; returns the exit code (0: all passed). */
    public int report(List<Result> results) {
        return report(results, false);
    }

    /** As {@link #report(List)}; {@code single}: one exercise was run alone, so speak of it only. */
    public int report(List<Result> results, boolean single) {
        int total = results.stream().mapToInt(Result::earned).sum();
        int max = results.stream().mapToInt(Result::points).sum();
        ObjectNode json = new ObjectMapper().createObjectNode();
        json.put("points", total);
        json.put("maxPoints", max);
        ArrayNode list = json.putArray("exercises");
        StringBuilder md = new StringBuilder("## Spark Observability Lab: exercises\n\n| exercise | result | points |\n|---|---|---|\n");
        for (Result r : results) {
            ObjectNode node = list.addObject();
            node.put("id", r.id());
            node.put("title", r.title());
            node.put("passed", r.passed());
            node.put("points", r.earned());
            node.put("maxPoints", r.points());
            if (r.failure() != null) {
                node.put("failure", r.failure());
            }
            node.put("hint", r.hint());
            md.append("| ").append(r.id()).append(" ").append(r.title()).append(" | ").append(r.passed() ? "passed" : "not yet")
                    .append(" | ").append(r.earned()).append("/").append(r.points()).append(" |\n");
        }
        md.append("\n**Total: ").append(total).append("/").append(max).append("**\n");
        Path dir = project.target().resolve("grade");
        try {
            Files.createDirectories(dir);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("grade.json").toFile(), json);
            Files.writeString(dir.resolve("grade.md"), md);
            String summary = System.getenv("GITHUB_STEP_SUMMARY");
            if (summary != null && !summary.isBlank()) {
                Files.writeString(Path.of(summary), md, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new LabException("Cannot write " + dir + ": " + e.getMessage(), e);
        }
        if (single) {
            printSingle(results.get(0));
        } else {
            printStatus(results, total, max);
        }
        return total == max ? 0 : 1;
    }

    private void printSingle(Result r) {
        System.out.println();
        System.out.printf(Locale.ROOT, "  exercise %s, %s: %s, %d/%d points%n", r.id(), r.title(),
                r.passed() ? "passes" : "not yet", r.earned(), r.points());
        if (!r.passed()) {
            System.out.println("  Hint: " + r.hint());
            if (r.failure() != null && r.ran()) {
                System.out.println("  Test says: " + r.failure().lines().limit(6).reduce((a, b) -> a + "\n        " + b).orElse(""));
            }
        }
        System.out.println("  Every exercise and what is next: ./lab grade");
    }

    private void printStatus(List<Result> results, int total, int max) {
        Result next = results.stream().filter(r -> !r.passed()).findFirst().orElse(null);
        System.out.println();
        for (Result r : results) {
            String mark = r.passed() ? "done" : r == next ? "next" : "todo";
            System.out.printf(Locale.ROOT, "  %-4s %s %-62s %2d/%d%n", mark, r.id(), r.title(), r.earned(), r.points());
        }
        System.out.printf(Locale.ROOT, "%n  %d/%d points (target/grade/grade.json, grade.md)%n", total, max);
        if (next != null) {
            System.out.println("\n  Next: exercises/" + next.folder() + "/README.md");
            System.out.println("  Hint: " + next.hint());
            if (next.failure() != null && next.ran()) {
                String failure = next.failure().lines().limit(6).reduce((a, b) -> a + "\n        " + b).orElse("");
                System.out.println("  Test says: " + failure);
            }
            System.out.println("  Check it alone: ./lab exercise " + next.id());
        } else {
            System.out.println("\n  Every exercise passes. Well done.");
        }
    }
}
