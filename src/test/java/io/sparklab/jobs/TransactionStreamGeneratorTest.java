package io.sparklab.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparklab.jobs.TransactionEvents.Kind;
import io.sparklab.jobs.TransactionEvents.Mix;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The generator's events and counts are a function of its options; no Kafka needed. */
class TransactionStreamGeneratorTest {
    private static final Mix MIX = new Mix(50, 100, 300);

    /** Keeps what is sent; acknowledges everything at once. */
    static final class ListSink implements TransactionStreamGenerator.EventSink {
        final List<String[]> sent = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void send(String key, String value, Runnable acked, Consumer<Exception> failed) {
            sent.add(new String[] {key, value});
            acked.run();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void same_seed_same_events_other_seed_other_events() {
        assertThat(TransactionEvents.event(42, 7, 1_000L, MIX)).isEqualTo(TransactionEvents.event(42, 7, 1_000L, MIX));
        assertThat(TransactionEvents.event(42, 7, 1_000L, MIX)).isNotEqualTo(TransactionEvents.event(43, 7, 1_000L, MIX));
    }

    @Test
    void the_mix_follows_the_shares_and_covers_every_malformed_kind() {
        Map<Kind, Long> kinds = new EnumMap<>(Kind.class);
        LongStream.range(0, 100_000).forEach(i -> kinds.merge(TransactionEvents.kind(5, i, MIX), 1L, Long::sum));
        long malformed = kinds.entrySet().stream().filter(e -> e.getKey().isMalformed()).mapToLong(Map.Entry::getValue).sum();
        assertThat(malformed).isBetween(4_500L, 5_500L); // 50 per mille
        assertThat(kinds.get(Kind.LATE)).isBetween(9_300L, 10_700L); // 100 per mille
        assertThat(kinds).containsKeys(Kind.MALFORMED_JSON, Kind.MISSING_FIELD, Kind.NEGATIVE_AMOUNT, Kind.BAD_EVENT_TIME);
    }

    @Test
    void each_kind_looks_as_it_says() {
        long sendTime = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
        for (long i = 0; i < 2_000; i++) {
            TransactionEvents.Event e = TransactionEvents.event(9, i, sendTime, MIX);
            assertThat(e.key()).matches("card-\\d{5}");
            switch (e.kind()) {
                case ON_TIME -> assertThat(e.value()).contains("\"event_time\":\"2026-01-01T00:00:00Z\"").endsWith("}");
                case LATE -> assertThat(e.value()).contains("\"event_time\":\"2025-12-31T23:55:00Z\"");
                case MALFORMED_JSON -> assertThat(e.value()).doesNotEndWith("}");
                case MISSING_FIELD -> assertThat(e.value()).doesNotContain("card_id");
                case NEGATIVE_AMOUNT -> assertThat(e.value()).contains("\"amount\":-");
                case BAD_EVENT_TIME -> assertThat(e.value()).contains("\"event_time\":\"yesterday\"");
            }
        }
    }

    @Test
    void a_run_reports_exactly_what_it_sent() {
        var options = TransactionStreamGenerator.Options.parse("--events", "3000", "--rate", "1000000", "--seed", "3",
                "--malformed-per-mille", "50", "--late-per-mille", "100");
        ListSink sink = new ListSink();
        var report = TransactionStreamGenerator.run(options, sink, System.currentTimeMillis());

        assertThat(sink.sent).hasSize(3000);
        assertThat(report.produced()).isEqualTo(3000);
        assertThat(report.failed()).isZero();
        long malformedSent = LongStream.range(0, 3000).filter(i -> TransactionEvents.kind(3, i, options.mix()).isMalformed()).count();
        assertThat(report.malformed()).isEqualTo(malformedSent);
        assertThat(report.valid() + report.malformed()).isEqualTo(3000);
        assertThat(report.summary()).contains("[generator] counts produced=3000 valid=" + report.valid());

        var again = TransactionStreamGenerator.run(options, new ListSink(), System.currentTimeMillis());
        assertThat(again.acknowledged()).isEqualTo(report.acknowledged());
    }

    @Test
    void a_stop_file_ends_the_run_early_and_what_was_sent_is_counted(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path stop = dir.resolve("stop");
        var options = TransactionStreamGenerator.Options.parse("--seconds", "30", "--rate", "100", "--seed", "3",
                "--stop-file", stop.toString());
        ListSink sink = new ListSink();
        java.util.concurrent.CompletableFuture<TransactionStreamGenerator.Report> run = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> TransactionStreamGenerator.run(options, sink, System.currentTimeMillis()));
        // stop once it has sent its first second's events, however late the task started
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> sink.sent.size() >= 100);
        java.nio.file.Files.createFile(stop);
        var report = run.get(10, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(report.produced()).as("events of the first seconds, not of 30").isBetween(100L, 300L).isEqualTo(sink.sent.size());
        assertThat(report.seconds()).as("seconds the run took").isLessThan(5);
    }

    @Test
    void bursts_multiply_the_rate_at_the_end_of_each_period() {
        TransactionSchedule schedule = new TransactionSchedule(100, 10, 2, 5);
        assertThat(schedule.eventsInSecond(0)).isEqualTo(100);
        assertThat(schedule.eventsInSecond(7)).isEqualTo(100);
        assertThat(schedule.eventsInSecond(8)).isEqualTo(500);
        assertThat(schedule.eventsInSecond(9)).isEqualTo(500);
        assertThat(schedule.eventsInSecond(10)).isEqualTo(100);
        assertThat(schedule.eventsIn(20)).isEqualTo(2 * (8 * 100 + 2 * 500));
        assertThat(TransactionStreamGenerator.Options.parse("--seconds", "20", "--rate", "100", "--burst-every", "10",
                "--burst-seconds", "2", "--burst-factor", "5").events()).isEqualTo(3_600);
    }

    @Test
    void the_events_follow_the_schedule_in_time() {
        var options = TransactionStreamGenerator.Options.parse("--events", "60", "--rate", "100", "--burst-every", "0");
        long start = System.currentTimeMillis();
        var report = TransactionStreamGenerator.run(options, new ListSink(), start);
        assertThat(report.seconds()).isBetween(0.5, 2.0); // 60 events at 100/s: the last one planned at 0.59 s
    }

    @Test
    void wrong_options_say_what_is_wrong() {
        assertThatThrownBy(() -> TransactionStreamGenerator.Options.parse("--rate", "10"))
                .hasMessageContaining("exactly one of --seconds and --events");
        assertThatThrownBy(() -> TransactionStreamGenerator.Options.parse("--events", "1", "--speed", "3"))
                .hasMessageContaining("unknown options [speed]");
        assertThatThrownBy(() -> new TransactionSchedule(10, 5, 5, 2)).hasMessageContaining("shorter than its period");
        assertThatThrownBy(() -> new Mix(600, 500, 1)).hasMessageContaining("at most 1000");
        // A value that is not a number, or is below what the option can take, is named with the option.
        assertThatThrownBy(() -> TransactionStreamGenerator.Options.parse("--seconds", "10", "--rate", "2OO"))
                .hasMessageStartingWith("--rate must be a whole number of at least 1, got '2OO'");
        assertThatThrownBy(() -> TransactionStreamGenerator.Options.parse("--events", "-5"))
                .hasMessageStartingWith("--events must be a whole number of at least 1, got '-5'");
        assertThatThrownBy(() -> TransactionStreamGenerator.Options.parse("--events", "5", "--late-seconds", "3000000000"))
                .hasMessageStartingWith("--late-seconds must be at most 2147483647, got '3000000000'");
        assertThat(TransactionStreamGenerator.Options.parse("--events", "1_000", "--seed", "-7").events()).isEqualTo(1000);
        // Combinations are named with their options, before anything is sent.
        assertThatThrownBy(() -> TransactionStreamGenerator.Options.parse("--events", "5", "--burst-every", "5"))
                .hasMessageStartingWith("--burst-seconds (5) must be shorter than --burst-every (5)").hasMessageContaining("usage:");
        assertThatThrownBy(() -> TransactionStreamGenerator.Options.parse("--events", "5", "--malformed-per-mille", "600",
                "--late-per-mille", "500")).hasMessageStartingWith("--malformed-per-mille and --late-per-mille must add up to at most 1000");
        assertThatThrownBy(() -> TransactionStreamGenerator.Options.parse("--seconds", "5", "--rate", "500000000", "--burst-every", "10",
                "--burst-factor", "5")).hasMessageStartingWith("--rate times --burst-factor must be at most 2147483647 events/s");
        assertThat(TransactionStreamGenerator.Options.parse("--seconds", "5", "--rate", "500000000").events())
                .as("no bursts: the factor multiplies nothing").isEqualTo(2_500_000_000L);
        assertThatThrownBy(() -> TransactionStreamGenerator.Options.parse("--seconds", "1000000000000"))
                .hasMessageStartingWith("--seconds must be at most 31622400");
        assertThatThrownBy(() -> TransactionStreamGenerator.Options.parse("--events", "5", "--topic", ""))
                .hasMessageStartingWith("--topic must not be empty");
    }
}
