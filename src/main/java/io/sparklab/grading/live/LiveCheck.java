package io.sparklab.grading.live;

import io.sparklab.grading.ExerciseIndex;
import io.sparklab.stack.ConfigChecker;
import io.sparklab.stack.ImageBuilder;
import io.sparklab.stack.LabImage;
import io.sparklab.stack.LabProject;
import io.sparklab.stack.LabService;
import io.sparklab.stack.Service;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * `./lab exercise NN --live`: the student's work against the lab `./lab up` is running, where the
 * exercise has something to see there. It reloads Prometheus and Alertmanager so they read config/
 * as it is now, then looks with the same APIs a person would use and prints what it saw and where
 * to look. The offline test decides the points; this shows that the work does what it should on a
 * real stack.
 */
public final class LiveCheck {
    private static final Map<String, ExerciseLive> CHECKS = Map.ofEntries(
            Map.entry("01", DashboardChecks::rejectedSharePanel),
            Map.entry("02", AlertChecks::stageFailureRateAlert),
            Map.entry("03", AlertChecks::dataTeamRoute),
            Map.entry("04", MetricChecks::gcSharePromql),
            Map.entry("05", MetricChecks::recordingRule),
            Map.entry("06", AlertChecks::flappingAlert),
            Map.entry("07", MetricChecks::rejectsByReason),
            Map.entry("08", MetricChecks::repartition),
            Map.entry("09", AlertChecks::diskFillingUp),
            Map.entry("10", DashboardChecks::appVariable),
            Map.entry("11", MetricChecks::dropUnusedSeries),
            Map.entry("12", MetricChecks::threadCount),
            Map.entry("13", AlertChecks::inhibitDiskAlerts),
            Map.entry("14", DashboardChecks::stageDurationP95),
            Map.entry("15", StreamingChecks::offsetCommitsFailing),
            Map.entry("16", TraceChecks::stageSpanRunTime),
            Map.entry("17", TraceChecks::slowStages),
            Map.entry("18", LogChecks::errorLogRate),
            Map.entry("19", LogChecks::lostTasksPanel),
            Map.entry("20", StreamingChecks::quarantinedByReason));

    private final LiveLab lab;
    /**
     * promtool in the lab's image, asked only when Prometheus refuses a reload: its answer names no file
     * or line (they go to its log), promtool's do.
     */
    private final Supplier<ConfigChecker> checker;

    /** The exercises with something to observe on a running stack: `./lab exercise NN --live` checks these. */
    public static Set<String> exercises() {
        return new TreeSet<>(CHECKS.keySet());
    }

    /** The student's project against the lab `./lab up` runs on this machine (the plan's ports). */
    public LiveCheck(LabProject project) {
        this.lab = LiveLab.onThisMachine(project);
        this.checker = () -> {
            ImageBuilder images = new ImageBuilder(project);
            return new ConfigChecker(project, images.resolve(LabImage.PROMETHEUS), images.resolve(LabImage.ALERTMANAGER));
        };
    }

    /**
     * The student's project against a lab whose services answer at {@code urls} (a test's stack, its ports
     * mapped), built from {@code images}.
     */
    public LiveCheck(LabProject project, Function<Service, String> urls, Map<LabImage, String> images) {
        this.lab = new LiveLab(project, urls);
        this.checker = () -> new ConfigChecker(project, images.get(LabImage.PROMETHEUS), images.get(LabImage.ALERTMANAGER));
    }

    /** Prints what it saw to standard output; 0: everything seen as expected; 1: something is not there yet; 2: no lab is running. */
    public int run(String id) {
        return run(id, System.out);
    }

    /** As {@link #run(String)}, printing to {@code out}. */
    public int run(String id, PrintStream out) {
        ExerciseIndex.Entry exercise = ExerciseIndex.of(lab.project()).find(id).orElseThrow();
        out.println();
        ExerciseLive check = CHECKS.get(id);
        if (check == null) {
            out.println("  live: exercise " + id + " has nothing to observe on a running stack; its test above is the check.");
            return 0;
        }
        if (!lab.isRunning()) {
            out.println("  live: no lab is running here (Prometheus does not answer on " + lab.url(LabService.PROMETHEUS) + ").");
            out.println("        Start it in another terminal with ./lab up, then run ./lab exercise " + id + " --live again.");
            return 2;
        }
        out.printf(Locale.ROOT, "  live: exercise %s, %s, against the running lab%n", id, exercise.title());
        Observations seen = new Observations();
        // Prometheus and Alertmanager read config/ (mounted whole) again, as the student left it.
        for (LabService service : new LabService[] {LabService.PROMETHEUS, LabService.ALERTMANAGER}) {
            String error = lab.reload(service);
            // promtool runs only for a refusal (a container start): not on every check's reload.
            seen.expect(error == null, service.title() + " reloaded config/", error == null ? "" : service.title()
                    + " refused config/ as it is now (it keeps the last good one): " + error + whyRefused(service));
        }
        if (seen.allOk()) {
            try {
                check.observe(lab, seen);
            } catch (LiveQueries.QueryRefused | io.sparklab.dashboards.PanelQuery.UndefinedVariable
                    | io.sparklab.dashboards.LogsPanelQuery.Unsupported e) {
                // A typo in the student's query (an answer file, a panel): said as what it is, with the query.
                seen.expect(false, "", e.getMessage());
            }
        }
        seen.print(out);
        return seen.allOk() ? 0 : 1;
    }

    /**
     * Why Prometheus refused the files, as promtool says it (file, line, group and rule); empty for
     * Alertmanager, whose own answer already names what is wrong.
     */
    private String whyRefused(LabService service) {
        if (service != LabService.PROMETHEUS) {
            return "";
        }
        try {
            ConfigChecker files = checker.get();
            LabProject project = lab.project();
            // The rules alone first: promtool's check of prometheus.yml reads them too, amid warnings of its own.
            ConfigChecker.Check check = files.checkRules(project.config("alert-rules.yml"));
            if (check.passed()) {
                check = files.checkPrometheusConfig(project.config("prometheus.yml"), project.config("alert-rules.yml"));
            }
            return check.passed() ? "" : "\n" + check.describe();
        } catch (RuntimeException e) {
            return "\n(the files could not be checked: " + e.getMessage() + "; ./lab check says what is wrong)";
        }
    }
}
