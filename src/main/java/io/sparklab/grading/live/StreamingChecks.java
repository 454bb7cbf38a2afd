package io.sparklab.grading.live;

import static io.sparklab.grading.live.LiveQueries.WINDOW;
import static io.sparklab.grading.live.LiveQueries.describe;
import static io.sparklab.grading.live.LiveQueries.lastValues;
import static io.sparklab.grading.live.LiveQueries.ruleState;

import io.sparklab.client.PrometheusClient.Sample;
import io.sparklab.stack.LabService;
import java.util.List;

/**
 * The exercises of the streaming add-on (`./lab up --with streaming`): its alert and its metrics in
 * the live Prometheus.
 */
final class StreamingChecks {
    private StreamingChecks() {
    }

    /** 15: StreamOffsetCommitsFailing is loaded and evaluates. */
    static void offsetCommitsFailing(LiveLab lab, Observations seen) {
        ruleState(lab, seen, "StreamOffsetCommitsFailing", "a healthy stream: inactive; while commits fail: pending, then firing");
        seen.look(lab.url(LabService.PROMETHEUS) + "/alerts and " + lab.url(LabService.PROMETHEUS)
                + "/graph: spark_streaming_offset_commits_total");
    }

    /** 20: the streaming job's quarantined records, a counter per reason, in the live Prometheus. */
    static void quarantinedByReason(LiveLab lab, Observations seen) {
        List<Sample> result = lastValues(lab, "spark_streaming_quarantined_records_total");
        seen.expect(!result.isEmpty(), "spark_streaming_quarantined_records_total: " + describe(result),
                "spark_streaming_quarantined_records_total is not in Prometheus (last " + WINDOW + "). ./lab up --with streaming builds"
                        + " the Spark image with your code when it starts; then start the streaming job and the generator with the"
                        + " commands it prints, and wait for a few batches");
        if (!result.isEmpty()) {
            seen.expect(result.stream().allMatch(s -> s.labels().containsKey("reason") && s.labels().containsKey("query")),
                    "every series has its query and reason labels", "series without a query or reason label: " + describe(result));
            List<Sample> rates = lab.prometheus().query("sum by (reason) (rate(spark_streaming_quarantined_records_total[1m]))");
            // Right after the first batches a counter has one sample in the minute, and rate() needs two.
            seen.info("by reason, per second over the last minute: " + (rates.isEmpty()
                    ? "none yet (a rate needs two samples of a series within the minute; Prometheus scrapes every 5 s)" : describe(rates)));
        }
        seen.look(lab.url(LabService.PROMETHEUS) + "/graph: sum by (reason) (rate(spark_streaming_quarantined_records_total[1m]))");
    }
}
