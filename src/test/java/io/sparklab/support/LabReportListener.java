package io.sparklab.support;

import io.sparklab.dashboards.Dashboard;
import io.sparklab.report.LabReport;
import io.sparklab.stack.LabStack;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Writes the run report (target/lab-report/index.html) when the lab parts have run: the result of
 * each part, the alerts that fired, and charts of every dashboard panel over the run. Registered
 * through META-INF/services; does nothing in a run that started no lab stack (the unit tests).
 */
public class LabReportListener implements TestExecutionListener {
    private final Map<String, int[]> counts = new LinkedHashMap<>(); // tests, failed, skipped
    private final Map<String, List<String>> notes = new LinkedHashMap<>();
    private TestPlan plan;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        this.plan = testPlan;
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        String part = partOf(test);
        if (part != null) {
            counts.computeIfAbsent(part, k -> new int[3])[2]++;
            note(part, "skipped: " + reason);
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        String part = partOf(test);
        if (part == null) {
            return;
        }
        int[] c = counts.computeIfAbsent(part, k -> new int[3]);
        if (test.isTest()) {
            c[0]++;
            switch (result.getStatus()) {
                case FAILED -> {
                    c[1]++;
                    note(part, test.getDisplayName() + ": " + result.getThrowable().map(Throwable::getMessage).orElse("failed"));
                }
                case ABORTED -> {
                    c[2]++;
                    note(part, "skipped: " + result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
                }
                default -> { }
            }
        } else if (result.getStatus() == TestExecutionResult.Status.FAILED && test.getSource().orElse(null) instanceof ClassSource) {
            c[1]++;
            note(part, "set-up failed: " + result.getThrowable().map(Throwable::getMessage).orElse("?"));
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        LabStack stack = SharedLabStack.peek();
        if (stack == null) {
            return;
        }
        List<LabReport.PartResult> parts = new ArrayList<>();
        counts.forEach((part, c) -> parts.add(new LabReport.PartResult(part,
                c[1] > 0 ? "failed" : c[0] == c[2] ? "skipped" : "passed", c[0], c[1], c[2], notes.getOrDefault(part, List.of()))));
        try {
            new LabReport(stack.prometheus().client(), Dashboard.loadEach(stack.project().grafana().resolve("dashboards"),
                    e -> System.err.println("[lab] the run report leaves out a dashboard: " + e.getMessage())),
                    SharedLabStack.startedAt(), Instant.now(), InjectedFaults.all())
                    .write(stack.project().target().resolve("lab-report"), parts);
        } catch (RuntimeException e) {
            System.err.println("[lab] could not write the run report: " + e);
        }
    }

    private void note(String part, String note) {
        List<String> list = notes.computeIfAbsent(part, k -> new ArrayList<>());
        String shortNote = note.length() > 300 ? note.substring(0, 300) + "..." : note;
        if (!list.contains(shortNote) && list.size() < 5) {
            list.add(shortNote);
        }
    }

    /** The display name of the lab part (test class tagged lab) a test belongs to, or null. */
    private String partOf(TestIdentifier test) {
        for (TestIdentifier t = test; t != null; t = plan.getParent(t).orElse(null)) {
            if (t.getSource().orElse(null) instanceof ClassSource source
                    && source.getJavaClass().isAnnotationPresent(LabPart.class)) {
                return t.getDisplayName();
            }
        }
        return null;
    }
}
