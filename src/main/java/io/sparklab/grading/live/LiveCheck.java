package io.sparklab.grading.live;

import io.sparklab.grading.ExerciseIndex;
import io.sparklab.stack.LabProject;
import io.sparklab.stack.LabService;
import java.util.Locale;
import java.util.Map;

/**
 * `./lab exercise NN --live`: the student's work against the lab `./lab up` is running, where the
 * exercise has something to see there. It reloads Prometheus and Alertmanager so they read config/
 * as it is now, then looks with the same APIs a person would use and prints what it saw and where
 * to look. The offline test decides the points; this shows that the work does what it should on a
 * real stack.
 */
public final class LiveCheck {
    private static final Map<String, ExerciseLive> CHECKS = Map.ofEntries(
            Map.entry("01", ExerciseLive::rejectedSharePanel),
            Map.entry("02", ExerciseLive::stageFailureRateAlert),
            Map.entry("03", ExerciseLive::dataTeamRoute),
            Map.entry("04", ExerciseLive::gcSharePromql),
            Map.entry("05", ExerciseLive::recordingRule),
            Map.entry("06", ExerciseLive::flappingAlert),
            Map.entry("07", ExerciseLive::rejectsByReason),
            Map.entry("08", ExerciseLive::repartition),
            Map.entry("09", ExerciseLive::diskFillingUp),
            Map.entry("10", ExerciseLive::appVariable),
            Map.entry("11", ExerciseLive::dropUnusedSeries),
            Map.entry("12", ExerciseLive::threadCount),
            Map.entry("13", ExerciseLive::inhibitDiskAlerts),
            Map.entry("14", ExerciseLive::stageDurationP95),
            Map.entry("15", ExerciseLive::offsetCommitsFailing),
            Map.entry("16", ExerciseLive::stageSpanRunTime),
            Map.entry("17", ExerciseLive::slowStages),
            Map.entry("18", ExerciseLive::errorLogRate),
            Map.entry("19", ExerciseLive::lostTasksPanel),
            Map.entry("20", ExerciseLive::quarantinedByReason));

    private final LabProject project;

    /** The exercises with something to observe on a running stack: `./lab exercise NN --live` checks these. */
    public static java.util.Set<String> exercises() {
        return new java.util.TreeSet<>(CHECKS.keySet());
    }

    public LiveCheck(LabProject project) {
        this.project = project;
    }

    /** 0: everything seen as expected; 1: something is not there yet; 2: no lab is running. */
    public int run(String id) {
        ExerciseIndex.Entry exercise = ExerciseIndex.of(project).find(id).orElseThrow();
        System.out.println();
        ExerciseLive check = CHECKS.get(id);
        if (check == null) {
            System.out.println("  live: exercise " + id + " has nothing to observe on a running stack; its test above is the check.");
            return 0;
        }
        LiveLab lab = LiveLab.onThisMachine(project);
        if (!lab.isRunning()) {
            System.out.println("  live: no lab is running here (Prometheus does not answer on " + lab.url(LabService.PROMETHEUS) + ").");
            System.out.println("        Start it in another terminal with ./lab up, then run ./lab exercise " + id + " --live again.");
            return 2;
        }
        System.out.printf(Locale.ROOT, "  live: exercise %s, %s, against the running lab%n", id, exercise.title());
        Observations seen = new Observations();
        // Prometheus and Alertmanager read config/ (mounted whole) again, as the student left it.
        for (LabService service : new LabService[] {LabService.PROMETHEUS, LabService.ALERTMANAGER}) {
            String error = lab.reload(service);
            seen.expect(error == null, service.title() + " reloaded config/", service.title()
                    + " refused config/ as it is now (it keeps the last good one): " + error);
        }
        if (seen.allOk()) {
            check.observe(lab, seen);
        }
        seen.print();
        return seen.allOk() ? 0 : 1;
    }
}
