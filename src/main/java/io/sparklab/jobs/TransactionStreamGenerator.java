package io.sparklab.jobs;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces card-transaction events (TransactionEvents) to a Kafka topic on a schedule
 * (TransactionSchedule): a steady rate with bursts, a share of late and of malformed events. Seeded:
 * the same options produce the same events in the same numbers, and the end report says how many of
 * each kind were produced (and acknowledged by the broker), which the lab compares with what Spark
 * read and wrote.
 *
 * <pre>
 * java -cp '/opt/spark/jars/*:/opt/spark/jobs/etl-job.jar' io.sparklab.jobs.TransactionStreamGenerator \
 *     --bootstrap kafka:9092 --topic transactions --rate 200 --seconds 60 --seed 42
 * </pre>
 */
public final class TransactionStreamGenerator {
    public static final String USAGE = """
            usage: TransactionStreamGenerator [--bootstrap kafka:9092] [--topic transactions] [--seed 42]
                     [--rate 200] (--seconds 60 | --events N) [--burst-every 0 --burst-seconds 5 --burst-factor 5]
                     [--malformed-per-mille 20] [--late-per-mille 20] [--late-seconds 300]
                     [--stop-file PATH (stop early, counts printed, once it exists)]""";

    /** Where the events go; Kafka in the lab, a list in the unit tests. */
    public interface EventSink extends AutoCloseable {
        /** Sends one event; {@code acked} runs once the destination has it (null: failed). */
        void send(String key, String value, Runnable acked, java.util.function.Consumer<Exception> failed);

        /** Waits until every event sent so far is acknowledged or failed. */
        void flush();

        @Override
        void close();
    }

    /** The options, with the defaults of USAGE. */
    public record Options(String bootstrap, String topic, long seed, TransactionSchedule schedule, long events,
                          TransactionEvents.Mix mix, String stopFile) {
        public static Options parse(String... args) {
            NameValueArgs values = NameValueArgs.byName(USAGE, args);
            int rate = values.takeInt("rate", 200, 1);
            int burstEvery = values.takeInt("burst-every", 0, 0);
            int burstSeconds = values.takeInt("burst-seconds", 5, 0);
            int burstFactor = values.takeInt("burst-factor", 5, 1);
            // The schedule's own checks, said with the options' names.
            if (burstEvery > 0 && burstSeconds >= burstEvery) {
                throw values.refusal("--burst-seconds (" + burstSeconds + ") must be shorter than --burst-every (" + burstEvery
                        + "); --burst-every 0 turns bursts off");
            }
            if (burstEvery > 0 && burstSeconds > 0 && (long) rate * burstFactor > Integer.MAX_VALUE) {
                throw values.refusal("--rate times --burst-factor must be at most " + Integer.MAX_VALUE + " events/s, were " + rate
                        + " and " + burstFactor);
            }
            TransactionSchedule schedule = new TransactionSchedule(rate, burstEvery, burstSeconds, burstFactor);
            // A year at most: the count is summed second by second.
            long seconds = values.takeLong("seconds", -1, 1, 366L * 24 * 3600);
            long events = values.takeLong("events", -1, 1);
            if ((seconds == -1) == (events == -1)) {
                throw new IllegalArgumentException("give exactly one of --seconds and --events\n" + USAGE);
            }
            long count = events != -1 ? events : schedule.eventsIn(seconds);
            int malformed = values.takeInt("malformed-per-mille", 20, 0);
            int late = values.takeInt("late-per-mille", 20, 0);
            if (malformed + (long) late > 1000) {
                throw values.refusal("--malformed-per-mille and --late-per-mille must add up to at most 1000, were " + malformed
                        + " and " + late);
            }
            Options options = new Options(values.takeNonBlank("bootstrap", "kafka:9092"), values.takeNonBlank("topic", "transactions"),
                    values.takeLong("seed", 42, Long.MIN_VALUE), schedule, count,
                    new TransactionEvents.Mix(malformed, late, values.takeInt("late-seconds", 300, 0)),
                    values.take("stop-file", ""));
            values.refuseUnknown();
            return options;
        }
    }

    /** What a run produced: events acknowledged, by kind, and sends that failed. */
    public record Report(Map<TransactionEvents.Kind, Long> acknowledged, long failed, double seconds) {
        public long produced() {
            return acknowledged.values().stream().mapToLong(Long::longValue).sum();
        }

        public long count(TransactionEvents.Kind kind) {
            return acknowledged.getOrDefault(kind, 0L);
        }

        public long malformed() {
            return acknowledged.entrySet().stream().filter(e -> e.getKey().isMalformed()).mapToLong(Map.Entry::getValue).sum();
        }

        /** Valid events: on time plus late. */
        public long valid() {
            return produced() - malformed();
        }

        /** One line for people, one of key=value pairs for programs (the lab reads the second). */
        public String summary() {
            StringBuilder kinds = new StringBuilder();
            acknowledged.forEach((k, v) -> kinds.append(' ').append(k.name().toLowerCase(Locale.ROOT)).append('=').append(v));
            return String.format(Locale.ROOT, "[generator] produced %d events in %.1f s (%.0f events/s): %d valid (%d late), %d malformed, %d failed%n"
                            + "[generator] counts produced=%d valid=%d late=%d malformed=%d failed=%d%s",
                    produced(), seconds, produced() / Math.max(seconds, 1e-9), valid(), count(TransactionEvents.Kind.LATE), malformed(), failed,
                    produced(), valid(), count(TransactionEvents.Kind.LATE), malformed(), failed, kinds);
        }
    }

    private TransactionStreamGenerator() {
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(64);
            return;
        }
        System.out.printf(Locale.ROOT, "[generator] %d events to %s on %s, seed %d, %s, %s%n", options.events(), options.topic(),
                options.bootstrap(), options.seed(), options.schedule(), options.mix());
        try (EventSink sink = kafka(options)) {
            Report report = run(options, sink, System.currentTimeMillis());
            System.out.println(report.summary());
            System.exit(report.failed() == 0 ? 0 : 1);
        }
    }

    /**
     * Sends every event at its planned time (start + its place in the schedule), or at once when
     * behind, then waits for the last acknowledgements.
     */
    public static Report run(Options options, EventSink sink, long startMillis) {
        Map<TransactionEvents.Kind, AtomicLong> acked = new EnumMap<>(TransactionEvents.Kind.class);
        for (TransactionEvents.Kind kind : TransactionEvents.Kind.values()) {
            acked.put(kind, new AtomicLong());
        }
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        long start = System.nanoTime();
        long index = 0;
        java.nio.file.Path stopFile = options.stopFile().isEmpty() ? null : java.nio.file.Path.of(options.stopFile());
        for (long second = 0; index < options.events(); second++) {
            if (stopFile != null && java.nio.file.Files.exists(stopFile)) {
                // asked to stop (a test that has seen what it waited for): what was sent is acknowledged and counted
                System.out.printf(Locale.ROOT, "[generator] %s exists: stopping after %d of %d events%n", stopFile, index, options.events());
                break;
            }
            int inSecond = options.schedule().eventsInSecond(second);
            for (int j = 0; j < inSecond && index < options.events(); j++, index++) {
                long planned = startMillis + second * 1000 + (long) j * 1000 / inSecond;
                sleepUntil(planned);
                TransactionEvents.Event event = TransactionEvents.event(options.seed(), index, planned, options.mix());
                sink.send(event.key(), event.value(), () -> acked.get(event.kind()).incrementAndGet(), e -> {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, e);
                });
            }
        }
        sink.flush();
        if (firstFailure.get() != null) {
            System.err.println("[generator] first failed send: " + firstFailure.get());
        }
        Map<TransactionEvents.Kind, Long> counts = new EnumMap<>(TransactionEvents.Kind.class);
        acked.forEach((k, v) -> counts.put(k, v.get()));
        return new Report(counts, failed.get(), (System.nanoTime() - start) / 1e9);
    }

    private static void sleepUntil(long epochMillis) {
        long wait = epochMillis - System.currentTimeMillis();
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /**
     * A Kafka producer that loses nothing it reports as sent: acks=all with idempotence (a retried
     * batch is not written twice), retries until delivery.timeout.ms, so a broker restart of ~20 s
     * delays events instead of dropping them.
     */
    static EventSink kafka(Options options) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "transaction-generator");
        KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        return new EventSink() {
            @Override
            public void send(String key, String value, Runnable acked, java.util.function.Consumer<Exception> failed) {
                producer.send(new ProducerRecord<>(options.topic(), key, value), (metadata, error) -> {
                    if (error == null) {
                        acked.run();
                    } else {
                        failed.accept(error);
                    }
                });
            }

            @Override
            public void flush() {
                producer.flush();
            }

            @Override
            public void close() {
                producer.close();
            }
        };
    }
}
