package io.sparklab.grading.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparklab.alerts.AlertRules;
import io.sparklab.client.ApiException;
import io.sparklab.client.HttpJson;
import io.sparklab.client.PrometheusClient.Sample;
import io.sparklab.client.PrometheusDuration;
import io.sparklab.dashboards.Dashboard;
import io.sparklab.stack.LabException;
import io.sparklab.stack.LabService;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * What the live checks share: rules as Prometheus runs them, panels of the lab's dashboards, and the
 * last values of a query. Job metrics exist only while or after a job runs, so the PromQL checks ask
 * for the last value of the last 15 minutes (a subquery), not only now: a student runs the job, then
 * the check, without a race.
 */
final class LiveQueries {
    static final String WINDOW = "15m";
    static final String SUBMIT = "docker exec spark-master spark-submit --class io.sparklab.jobs.EtlJob /opt/spark/jobs/etl-job.jar";
    static final String JAR_NOTE = jarNote("./lab up");

    /** What to do when the job's new code is not running yet, for a lab started with {@code up} (an add-on's check names its own). */
    static String jarNote(String up) {
        return "The running lab has the job jar from when " + up + " started: stop it and start " + up + " again "
                + "(it rebuilds the image with your code), then run the job.";
    }

    private LiveQueries() {
    }

    /** A dashboard of grafana/dashboards/ as the project has it now (the student's edits included). */
    static Dashboard dashboard(LiveLab lab, String file) {
        return Dashboard.load(lab.project().grafana().resolve("dashboards/" + file));
    }

    /** The dashboard's panel of this title (case aside); its absence is a failed expectation naming the file. */
    static Optional<Dashboard.Panel> panel(Dashboard dashboard, String file, String title, Observations seen) {
        Optional<Dashboard.Panel> panel = dashboard.panels().stream().filter(p -> p.title().equalsIgnoreCase(title)).findFirst();
        seen.expect(panel.isPresent(), "panel \"" + title + "\" in grafana/dashboards/" + file,
                "no panel titled \"" + title + "\" in grafana/dashboards/" + file);
        return panel;
    }

    /** An alert rule loaded and evaluating, with its state (and what the state means here) and its query. */
    static void ruleState(LiveLab lab, Observations seen, String alert, String meaning) {
        ruleLoaded(lab, seen, "alert", alert).ifPresent(rule -> {
            seen.info("state: " + rule.path("state").asText() + " (" + meaning + ")");
            seen.info("query: " + rule.path("query").asText());
        });
    }

    /** A rule as Prometheus runs it, found by kind ("alert" or "record") and name, with its group's name. */
    record LoadedRule(String group, JsonNode rule) {
        String health() {
            return rule.path("health").asText();
        }
    }

    /** The rule loaded and evaluating (health ok); anything else is a failed expectation saying what Prometheus reports. */
    static Optional<JsonNode> ruleLoaded(LiveLab lab, Observations seen, String kind, String name) {
        // A rule new since the reload has health "unknown" until its group's first evaluation (5 s).
        Optional<LoadedRule> found = Objects.requireNonNullElseGet(pollUntil(Duration.ofSeconds(20), () -> findRule(lab, kind, name),
                rule -> rule.isEmpty() || !rule.get().health().equals("unknown")), () -> findRule(lab, kind, name));
        if (found.isEmpty()) {
            seen.expect(false, "", "Prometheus has no " + kind + " " + name + " after the reload (config/alert-rules.yml)");
            return Optional.empty();
        }
        LoadedRule loaded = found.get();
        boolean healthy = loaded.health().equals("ok");
        seen.expect(healthy, kind + " " + name + " is loaded (group " + loaded.group() + ") and evaluates: health ok, last evaluation "
                        + loaded.rule().path("lastEvaluation").asText(),
                kind + " " + name + " is loaded but fails: health " + loaded.health() + ", " + loaded.rule().path("lastError").asText());
        return healthy ? Optional.of(loaded.rule()) : Optional.empty();
    }

    private static Optional<LoadedRule> findRule(LiveLab lab, String kind, String name) {
        for (JsonNode group : lab.prometheus().rules()) {
            for (JsonNode rule : group.path("rules")) {
                if (name.equals(rule.path("name").asText()) && (kind.equals("alert") == rule.path("type").asText().equals("alerting"))) {
                    return Optional.of(new LoadedRule(group.path("name").asText(), rule));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Asks {@code probe} once a second until its answer is {@code done} or {@code limit} has passed, and
     * returns the last answer either way: the check then says what it saw, rather than only "timed out".
     * Null if the first answer did not come within the limit.
     */
    static <T> T pollUntil(Duration limit, Callable<T> probe, Predicate<T> done) {
        AtomicReference<T> last = new AtomicReference<>();
        try {
            return Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1)).atMost(limit).until(() -> {
                T answer = probe.call();
                last.set(answer);
                return answer;
            }, done);
        } catch (ConditionTimeoutException e) {
            return last.get();
        }
    }

    /**
     * The first call of {@code function} in a PromQL expression, from its name to its closing
     * parenthesis ({@code predict_linear(x{a=~"(b)"}[6h], 86400)}): parentheses inside strings do not
     * count. Empty if the expression has no such call, or it is not closed.
     */
    static Optional<String> callOf(String expr, String function) {
        Matcher name = Pattern.compile("\\b" + Pattern.quote(function) + "\\s*\\(").matcher(expr);
        if (!name.find()) {
            return Optional.empty();
        }
        int depth = 0;
        for (int i = name.end() - 1; i < expr.length(); i++) {
            char c = expr.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return Optional.of(expr.substring(name.start(), i + 1));
            }
            i = io.sparklab.grading.PromqlFile.endOfString(expr, i); // a string's parentheses do not count
        }
        return Optional.empty();
    }

    /** The last value of each series in the last {@link #WINDOW}: a subquery, so a finished job still shows. */
    static List<Sample> lastValues(LiveLab lab, String expr) {
        // `x == x` drops NaN points (0/0 once a job's counters stop), so the last real value is shown.
        // A subquery's steps fall on multiples of its resolution, so a series first scraped since the
        // last 15-s step is not in it yet, nor one first written since the last whole second (measured:
        // a recording rule's first sample, seen by an instant query, was missing from [1m:1s] for up to
        // a second). So the freshest first: the value now, then the last minute at 1 s, then the window.
        String real = "((" + expr + ") == (" + expr + "))";
        try {
            return lab.prometheus().query(real + " or last_over_time(" + real + "[1m:1s]) or last_over_time(" + real + "[" + WINDOW + ":15s])");
        } catch (ApiException wrapped) {
            // Said about the student's own query, alone, so Prometheus' positions are in it, not in the wrapping.
            try {
                lab.prometheus().query(expr);
            } catch (ApiException own) {
                if (QueryRefused.isRefusal(own)) {
                    throw new QueryRefused("Prometheus", expr, prometheusError(own.getMessage()), own);
                }
            }
            throw wrapped;
        }
    }

    /** Prometheus or Elasticsearch refused a query of the student's files (a parse error): the live check says so instead of a stack trace. */
    static final class QueryRefused extends ApiException {
        QueryRefused(String service, String query, String error, Throwable cause) {
            super(service + " refused the query " + query + ": " + error, cause);
        }

        /** A 400: the query itself was refused; a service that is down or failing (no answer, 5xx) is not the query's fault. */
        static boolean isRefusal(ApiException e) {
            return e.status() == 400;
        }
    }

    /** Prometheus' own words in a refusal ("error":"1:5: parse error: ..."), or the whole message. */
    static String prometheusError(String message) {
        Matcher error = Pattern.compile("\"error\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(message);
        return error.find() ? error.group(1).replace("\\\"", "\"") : message;
    }

    static String describe(List<Sample> samples) {
        if (samples.isEmpty()) {
            return "no series";
        }
        String values = samples.stream().limit(6).map(s -> {
            Map<String, String> labels = new TreeMap<>(s.labels());
            labels.keySet().removeIf(k -> !List.of("executor_id", "reason", "app", "instance", "device", "level").contains(k));
            return (labels.isEmpty() ? "" : labels + " ") + String.format(Locale.ROOT, "%.4g", s.value());
        }).collect(Collectors.joining(", "));
        return samples.size() + " series: " + values + (samples.size() > 6 ? ", ..." : "");
    }

    static String commandOf(LiveLab lab, String appId) {
        try {
            JsonNode env = HttpJson.get(lab.url(LabService.SPARK_HISTORY) + "/api/v1/applications/" + appId + "/environment");
            for (JsonNode pair : env.path("systemProperties")) {
                if (pair.path(0).asText().equals("sun.java.command")) {
                    return pair.path(1).asText();
                }
            }
        } catch (RuntimeException e) {
            // an application still being written by the history server: not the one we look for
        }
        return "";
    }

    static String ruleField(LiveLab lab, String alert, String field) {
        try {
            return AlertRules.of(lab.project()).alert(alert)
                    .map(rule -> rule.node().path(field).isMissingNode() ? "0s" : rule.node().path(field).asText()).orElse(null);
        } catch (LabException e) {
            return null; // not YAML now: the check says so, and ./lab check names the line
        }
    }

    /**
     * A duration of the rules in seconds (30s, 1m30s, 2h, 1d: PrometheusDuration); -1 for text that is
     * not one, which Prometheus refuses at the reload, and the check says so first.
     */
    static long parseSeconds(String duration) {
        try {
            return PrometheusDuration.parse(duration).toSeconds();
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }
}
