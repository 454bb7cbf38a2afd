package io.sparklab.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparklab.client.ZipkinClient;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * One application's trace as Zipkin returns it (io.sparklab.jobs.TracingListener's shape): the
 * application's root span, job spans tagged spark.job.id, stage spans tagged spark.stage.id.
 */
public record Trace(String id, List<JsonNode> spans) {
    private static final Pattern TRACE_LINE = Pattern.compile("\\[tracing] application (\\S+) trace ([0-9a-f]{32})");
    /** Spark's REST API dates, e.g. 2026-12-02T05:10:11.123GMT. */
    private static final DateTimeFormatter REST_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'GMT'");

    /** The trace id the listener printed for this application, or an assertion error saying it printed none. */
    public static String idPrinted(String output, String appId) {
        Matcher m = TRACE_LINE.matcher(output);
        while (m.find()) {
            if (m.group(1).equals(appId)) {
                return m.group(2);
            }
        }
        throw new AssertionError("no '[tracing] application " + appId + " trace <id>' line in the driver's output:\n" + output);
    }

    /** The application id of the first traced application in this output. */
    public static String appIdPrinted(String output) {
        Matcher m = TRACE_LINE.matcher(output);
        if (!m.find()) {
            throw new AssertionError("no '[tracing] application <id> trace <id>' line in the driver's output:\n" + output);
        }
        return m.group(1);
    }

    /** The trace once Zipkin has its root span (sent last, at the application's end). */
    public static Trace await(ZipkinClient zipkin, String id, Duration timeout) {
        List<JsonNode> spans = new ArrayList<>();
        Awaitility.await("trace " + id + " with its root span in Zipkin").atMost(timeout).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions().until(() -> {
                    spans.clear();
                    zipkin.trace(id).forEach(spans::add);
                    return spans.stream().anyMatch(s -> !s.has("parentId"));
                });
        return new Trace(id, List.copyOf(spans));
    }

    public JsonNode root() {
        return spans.stream().filter(s -> !s.has("parentId")).findFirst().orElseThrow();
    }

    public JsonNode byId(String spanId) {
        return spans.stream().filter(s -> s.path("id").asText().equals(spanId)).findFirst().orElse(null);
    }

    /** Job spans by Spark's job id. */
    public Map<Long, JsonNode> jobSpans() {
        return byTag("spark.job.id");
    }

    /** Stage spans by Spark's stage id (the last attempt's when a stage ran twice). */
    public Map<Long, JsonNode> stageSpans() {
        return byTag("spark.stage.id");
    }

    private Map<Long, JsonNode> byTag(String tag) {
        Map<Long, JsonNode> byId = new TreeMap<>();
        spans.stream().filter(s -> s.path("tags").has(tag))
                .sorted(java.util.Comparator.comparingLong(s -> s.path("tags").path("spark.stage.attempt").asLong()))
                .forEach(s -> byId.put(s.path("tags").path(tag).asLong(), s));
        return byId;
    }

    /** The span's start and end (Zipkin: microseconds) are the REST object's submission and completion times. */
    public static void assertSameTimes(JsonNode span, JsonNode rest, String what, long toleranceMs) {
        assertThat(span).as("span of %s", what).isNotNull();
        long submitted = restMillis(rest.path("submissionTime").asText());
        long completed = restMillis(rest.path("completionTime").asText());
        long startMs = span.path("timestamp").asLong() / 1000;
        long endMs = (span.path("timestamp").asLong() + span.path("duration").asLong()) / 1000;
        assertThat(startMs).as("%s: span start vs submissionTime %s", what, rest.path("submissionTime").asText())
                .isCloseTo(submitted, within(toleranceMs));
        assertThat(endMs).as("%s: span end vs completionTime %s", what, rest.path("completionTime").asText())
                .isCloseTo(completed, within(toleranceMs));
    }

    static long restMillis(String text) {
        return LocalDateTime.parse(text, REST_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
    }
}
