package io.sparklab.grading.live;

/**
 * What one exercise looks like on a running lab: it looks with the APIs a person would use, and says
 * what it expected, what it saw and where to look. The checks live by what they look at:
 * {@link DashboardChecks}, {@link AlertChecks}, {@link MetricChecks}, and the add-ons'
 * {@link TraceChecks}, {@link LogChecks}, {@link StreamingChecks}; {@link LiveCheck} maps each
 * exercise to its check.
 */
@FunctionalInterface
interface ExerciseLive {
    void observe(LiveLab lab, Observations seen);
}
