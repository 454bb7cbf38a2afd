package io.sparklab.grading;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    /**
     * One exercise of exercises/exercises.yml and how it went. {@code scoredZeroBecause}: why it
     * earns nothing whatever its test says (its test or the grading code changed since the release).
     */
    public record Result(String id, String folder, String title, int points, boolean ran, boolean passed, String failure,
                         String hint, String scoredZeroBecause) {
        public int earned() {
            return passed && scoredZeroBecause == null ? points : 0;
        }

        public boolean done() {
            return earned() == points;
        }
    }

    private final LabProject project;
    private final Path instructorManifest;
    private ReleaseCheck release;

    public Grader(LabProject project) {
        this(project, null);
    }

    /** {@code instructorManifest}: the instructor's copy of the release manifest, or null for the repository's own. */
    public Grader(LabProject project, Path instructorManifest) {
        this.project = project;
        this.instructorManifest = instructorManifest;
    }

    /** Reads the index and the reports; {@code only}: an exercise id to grade alone, or null for all. */
    public List<Result> grade(String only) {
        ExerciseIndex index = ExerciseIndex.of(project);
        release = ReleaseCheck.of(project.root(), instructorManifest);
        List<Result> results = new ArrayList<>();
        for (ExerciseIndex.Entry e : index.entries()) {
            if (only != null && !only.equals(e.id())) {
                continue;
            }
            Path report = project.target().resolve("exercise-reports/TEST-" + e.testClass() + ".xml");
            boolean ran = Files.isRegularFile(report);
            // No report because the index names a test that is not there (a typo in test:): said, naming the field.
            String failure = ran ? failureIn(report) : Files.isRegularFile(project.root().resolve(e.testSource())) ? "not run"
                    : "not run: " + project.relative(index.file()) + " names test " + e.testClass() + " for exercise " + e.id()
                            + ", which has no source " + e.testSource();
            results.add(new Result(e.id(), e.folder(), e.title(), e.points(), ran, ran && failure == null, failure, e.hint(),
                    release.reasonToScoreZero(e.id()).orElse(null)));
        }
        if (only != null && results.isEmpty()) {
            throw new LabException("No exercise " + only + " in " + project.relative(index.file()));
        }
        return results;
    }

    /** The release check of the last {@link #grade}. */
    public ReleaseCheck release() {
        return release;
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
        ReleaseCheck check = release != null ? release : ReleaseCheck.of(project.root(), instructorManifest);
        ObjectNode rel = json.putObject("release");
        rel.put("checked", check.isRelease());
        rel.put("intact", check.intact());
        rel.put("summary", check.summary());
        if (check.isRelease()) {
            rel.put("manifestSha256", check.fingerprint());
            rel.set("gradingChanges", new ObjectMapper().valueToTree(check.gradingChanges()));
            rel.set("labPartChanges", new ObjectMapper().valueToTree(check.labPartChanges()));
            rel.set("exerciseChanges", new ObjectMapper().valueToTree(check.exerciseChanges()));
        }
        ArrayNode list = json.putArray("exercises");
        StringBuilder md = new StringBuilder("## Spark Observability Lab: exercises\n\n| exercise | result | points |\n|---|---|---|\n");
        for (Result r : results) {
            ObjectNode node = list.addObject();
            node.put("id", r.id());
            node.put("title", r.title());
            node.put("passed", r.passed());
            node.put("testPassed", r.passed());
            if (r.scoredZeroBecause() != null) {
                node.put("passed", false);
                node.put("scoredZeroBecause", r.scoredZeroBecause());
            }
            node.put("points", r.earned());
            node.put("maxPoints", r.points());
            if (r.failure() != null) {
                node.put("failure", r.failure());
            }
            node.put("hint", r.hint());
            md.append("| ").append(r.id()).append(" ").append(r.title()).append(" | ").append(r.scoredZeroBecause() != null ? "0: " + r.scoredZeroBecause() : r.passed() ? "passed" : "not yet")
                    .append(" | ").append(r.earned()).append("/").append(r.points()).append(" |\n");
        }
        md.append("\n**Total: ").append(total).append("/").append(max).append("**\n");
        md.append("\nTest files: ").append(check.summary()).append("\n");
        Path dir = project.target().resolve("grade");
        // One exercise run alone (./lab exercise NN) has files of its own: it must not replace the whole
        // course's grade that ./lab grade wrote.
        String name = single ? "grade-" + results.get(0).id() : "grade";
        try {
            Files.createDirectories(dir);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve(name + ".json").toFile(), json);
            Files.writeString(dir.resolve(name + ".md"), md);
        } catch (IOException e) {
            throw new LabException("Cannot write " + dir + ": " + e.getMessage(), e);
        }
        // GitHub's job summary is a copy for the Actions page: one that cannot be written is said, and the grade stands.
        String summary = System.getenv("GITHUB_STEP_SUMMARY");
        if (summary != null && !summary.isBlank()) {
            try {
                Files.writeString(Path.of(summary), md, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException | java.nio.file.InvalidPathException e) {
                System.err.println("[grade] could not append the grade to $GITHUB_STEP_SUMMARY (" + summary + "): " + e.getMessage()
                        + "; the grade is in " + dir.resolve(name + ".md"));
            }
        }
        if (single) {
            printSingle(results.get(0));
        } else {
            printStatus(results, total, max);
        }
        return total == max ? 0 : 1;
    }

    private static void printZero(Result r) {
        if (r.scoredZeroBecause() != null) {
            System.out.println("  Scored 0: " + r.scoredZeroBecause()
                    + (r.passed() ? " (its test passes, but a changed test proves nothing)" : ""));
            System.out.println("  Put the released files back (git checkout $(git rev-list --max-parents=0 HEAD) -- <file>) and run it again.");
        }
    }

    private void printSingle(Result r) {
        System.out.println();
        System.out.printf(Locale.ROOT, "  exercise %s, %s: %s, %d/%d points%n", r.id(), r.title(),
                r.done() ? "passes" : r.scoredZeroBecause() != null ? "scored 0" : "not yet", r.earned(), r.points());
        printZero(r);
        if (!r.passed()) {
            System.out.println("  Hint: " + r.hint());
            if (r.failure() != null && (r.ran() || r.failure().startsWith("not run:"))) {
                System.out.println("  Test says: " + r.failure().lines().limit(6).reduce((a, b) -> a + "\n        " + b).orElse(""));
            }
        }
        System.out.println("  Every exercise and what is next: ./lab grade");
    }

    private void printStatus(List<Result> results, int total, int max) {
        Result next = results.stream().filter(r -> !r.done()).findFirst().orElse(null);
        System.out.println();
        for (Result r : results) {
            String mark = r.scoredZeroBecause() != null ? "zero" : r.done() ? "done" : r == next ? "next" : "todo";
            System.out.printf(Locale.ROOT, "  %-4s %s %-62s %2d/%d%n", mark, r.id(), r.title(), r.earned(), r.points());
        }
        System.out.printf(Locale.ROOT, "%n  %d/%d points (target/grade/grade.json, grade.md)%n", total, max);
        if (release != null && release.isRelease()) {
            System.out.println("  Test files: " + release.summary());
        }
        if (next != null) {
            System.out.println("\n  Next: exercises/" + next.folder() + "/README.md");
            printZero(next);
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
