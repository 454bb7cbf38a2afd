package io.sparklab.grading.live;

import static io.sparklab.grading.live.LiveQueries.SUBMIT;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparklab.client.ZipkinClient;
import io.sparklab.jobs.EtlJob;
import io.sparklab.tracing.TracingService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The exercises of the traces add-on (`./lab up --with traces`): the ETL job's spans in its Zipkin.
 */
final class TraceChecks {
    /**
     * The ETL job's Zipkin service: its application name, which Zipkin lowercases (it is already). A
     * constant, so reading it loads no Spark class here.
     */
    private static final String ETL_SERVICE = EtlJob.APP;
    private static final String STAGE_ID = "spark.stage.id";
    /** A second in Zipkin's unit of duration, microseconds. */
    private static final long SECOND_US = 1_000_000;

    private TraceChecks() {
    }

    /** 16: the stage spans of the newest ETL trace in the traces add-on's Zipkin carry the executors' run time. */
    static void stageSpanRunTime(LiveLab lab, Observations seen) {
        Optional<ZipkinClient> zipkin = zipkin(lab, seen);
        if (zipkin.isEmpty()) {
            return;
        }
        JsonNode traces = zipkin.get().traces(ETL_SERVICE, Map.of(STAGE_ID, ""), Duration.ofHours(1).toMillis(), 1);
        if (!seen.expect(traces.size() > 0, "a trace of " + ETL_SERVICE + " with stage spans in the last hour",
                "no trace of " + ETL_SERVICE + " with stage spans in Zipkin in the last hour: run the ETL job (" + SUBMIT + ")")) {
            return;
        }
        List<JsonNode> stages = new ArrayList<>();
        traces.get(0).forEach(span -> {
            if (span.path("tags").has(STAGE_ID)) {
                stages.add(span);
            }
        });
        String key = "spark.stage.executor_run_time_ms";
        long tagged = stages.stream().filter(span -> span.path("tags").has(key)).count();
        seen.expect(tagged == stages.size(), "all " + stages.size() + " stage spans of the newest trace have " + key,
                tagged + " of " + stages.size() + " stage spans of the newest trace have " + key + ". "
                        + LiveQueries.jarNote("./lab up --with traces"));
        stages.stream().filter(span -> span.path("tags").has(key)).limit(5).forEach(span -> seen.info(String.format(Locale.ROOT,
                "stage %s (%s): span %.0f ms, executors' run time %s ms", span.path("tags").path(STAGE_ID).asText(),
                span.path("name").asText(), span.path("duration").asLong() / 1000.0, span.path("tags").path(key).asText())));
        seen.look(lab.url(TracingService.ZIPKIN) + "/zipkin/ (service " + ETL_SERVICE + ", the newest trace)");
    }

    /**
     * 17: slowStages, asked of the traces add-on's Zipkin: stage spans only, at least a second each,
     * slowest first, and the first one the slowest stage span of the last hour.
     */
    static void slowStages(LiveLab lab, Observations seen) {
        Optional<ZipkinClient> zipkin = zipkin(lab, seen);
        if (zipkin.isEmpty()) {
            return;
        }
        // The truth, without the student's code, read before and after it runs: a job may end a slower
        // stage, or the hour slide past one, while it does; its answer is right against either.
        List<JsonNode> all = stageSpansOfTheLastHour(zipkin.get());
        if (!seen.expect(!all.isEmpty(), all.size() + " stage span(s) of " + ETL_SERVICE + " of at least 1 s in the last hour",
                "no stage span of " + ETL_SERVICE + " lasted 1 s in the last hour: run the ETL job (" + SUBMIT + ")")) {
            return;
        }
        List<JsonNode> found;
        try {
            found = zipkin.get().slowStages(ETL_SERVICE, Duration.ofSeconds(1), Duration.ofHours(1));
        } catch (UnsupportedOperationException e) {
            seen.expect(false, "", "slowStages is not written yet: " + e.getMessage());
            return;
        }
        seen.expect(!found.isEmpty() && found.stream().allMatch(span -> span.path("tags").has(STAGE_ID)
                        && span.path("duration").asLong() >= SECOND_US),
                "slowStages(\"" + ETL_SERVICE + "\", 1 s, 1 h) returns " + found.size() + " stage span(s), each at least 1 s",
                "slowStages(\"" + ETL_SERVICE + "\", 1 s, 1 h) returns " + found.size() + " span(s); wanted stage spans (tag "
                        + STAGE_ID + ") of at least 1 s: " + found.stream().map(TraceChecks::span).toList());
        boolean sorted = true;
        for (int i = 1; i < found.size(); i++) {
            sorted &= found.get(i - 1).path("duration").asLong() >= found.get(i).path("duration").asLong();
        }
        seen.expect(sorted, "slowest first", "not slowest first: " + found.stream().map(TraceChecks::span).toList());
        if (!found.isEmpty()) {
            List<JsonNode> after = stageSpansOfTheLastHour(zipkin.get());
            JsonNode slowest = after.isEmpty() ? all.get(0) : after.get(0);
            seen.expect(isSlowest(found.get(0), all) || isSlowest(found.get(0), after), "the first is the slowest stage of the last hour: "
                    + span(found.get(0)), "the first is " + span(found.get(0)) + ", the slowest of the last hour is " + span(slowest));
        }
        found.stream().limit(3).forEach(span -> seen.info(span(span)));
        seen.look(lab.url(TracingService.ZIPKIN) + "/zipkin/ (service " + ETL_SERVICE
                + ", tag " + STAGE_ID + ", a minimum duration of 1s)");
    }

    /** Every stage span of at least a second in the last hour's traces of the ETL, slowest first. */
    private static List<JsonNode> stageSpansOfTheLastHour(ZipkinClient zipkin) {
        List<JsonNode> all = new ArrayList<>();
        zipkin.traces(ETL_SERVICE, Map.of(STAGE_ID, ""), Duration.ofHours(1).toMillis(), 1000)
                .forEach(trace -> trace.forEach(span -> {
                    if (span.path("tags").has(STAGE_ID) && span.path("duration").asLong() >= SECOND_US) {
                        all.add(span);
                    }
                }));
        all.sort(Comparator.comparingLong((JsonNode span) -> span.path("duration").asLong()).reversed());
        return all;
    }

    /** The span is the slowest, or as slow as it (two stages of the same duration: either is a right first). */
    private static boolean isSlowest(JsonNode span, List<JsonNode> slowestFirst) {
        return !slowestFirst.isEmpty() && slowestFirst.stream().anyMatch(s -> s.path("id").asText().equals(span.path("id").asText()))
                && span.path("duration").asLong() == slowestFirst.get(0).path("duration").asLong();
    }

    private static String span(JsonNode span) {
        return String.format(Locale.ROOT, "stage %s (%s) %.2f s, trace %s", span.path("tags").path(STAGE_ID).asText(),
                span.path("name").asText(), span.path("duration").asLong() / 1e6, span.path("traceId").asText());
    }

    private static Optional<ZipkinClient> zipkin(LiveLab lab, Observations seen) {
        String url = lab.url(TracingService.ZIPKIN);
        ZipkinClient zipkin = new ZipkinClient(url);
        try {
            zipkin.services();
            return Optional.of(zipkin);
        } catch (RuntimeException e) {
            seen.expect(false, "", "Zipkin does not answer on " + url + ": start the lab with ./lab up --with traces (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }
}
