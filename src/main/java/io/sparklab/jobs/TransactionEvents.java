package io.sparklab.jobs;

import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The streaming part's input: card-transaction events as JSON, keyed by card. What an event is
 * (its kind, card, country, amount) is a pure function of (seed, index), so the same seed gives the
 * same mix of on-time, late and malformed events however fast or slow they are sent; only the event
 * time comes from the schedule (the moment the event is planned to be sent).
 *
 * <p>Malformed events break in the four ways the streaming job's validation names as reasons
 * (TransactionParser): JSON that does not parse, a required field missing, an amount that is not
 * positive, an event time that is not a timestamp. Late events are valid but carry an event time
 * {@code lateSeconds} before their send time, beyond the job's watermark.
 */
public final class TransactionEvents {
    /** What an event is; all but ON_TIME and LATE are malformed, each with its quarantine reason. */
    public enum Kind {
        ON_TIME(null), LATE(null),
        MALFORMED_JSON("malformed_json"), MISSING_FIELD("missing_field"),
        NEGATIVE_AMOUNT("non_positive_amount"), BAD_EVENT_TIME("bad_event_time");

        private final String reason;

        Kind(String reason) {
            this.reason = reason;
        }

        /** The reason the streaming job quarantines such an event with, or null for a valid event. */
        public String reason() {
            return reason;
        }

        public boolean isMalformed() {
            return reason != null;
        }
    }

    /** One event: its kind, its Kafka key (the card) and value (JSON text). */
    public record Event(Kind kind, String key, String value) {
    }

    /** Shares of the mix, in events per thousand. */
    public record Mix(int malformedPerMille, int latePerMille, int lateSeconds) {
        public Mix {
            if (malformedPerMille < 0 || latePerMille < 0 || malformedPerMille + latePerMille > 1000) {
                throw new IllegalArgumentException("malformed and late shares must be >= 0 and add up to at most 1000 per mille, were "
                        + malformedPerMille + " and " + latePerMille);
            }
            if (lateSeconds < 0) {
                throw new IllegalArgumentException("lateSeconds must be >= 0, was " + lateSeconds);
            }
        }
    }

    public static final int CARDS = 5_000;
    public static final int MERCHANTS = 200;
    private static final Kind[] MALFORMED = {Kind.MALFORMED_JSON, Kind.MISSING_FIELD, Kind.NEGATIVE_AMOUNT, Kind.BAD_EVENT_TIME};

    private TransactionEvents() {
    }

    /** The kind of event {@code index}: a function of (seed, index) and the mix only. */
    public static Kind kind(long seed, long index, Mix mix) {
        SplittableRandom random = random(seed, index);
        int draw = random.nextInt(1000);
        if (draw < mix.malformedPerMille()) {
            return MALFORMED[random.nextInt(MALFORMED.length)];
        }
        return draw < mix.malformedPerMille() + mix.latePerMille() ? Kind.LATE : Kind.ON_TIME;
    }

    /** Event {@code index}, planned to be sent at {@code sendTimeMillis} (epoch ms). */
    public static Event event(long seed, long index, long sendTimeMillis, Mix mix) {
        Kind kind = kind(seed, index, mix);
        // A second stream of draws, so the fields do not depend on how the kind was drawn.
        SplittableRandom random = random(seed ^ 0x5DEECE66DL, index);
        String card = String.format(Locale.ROOT, "card-%05d", 1 + random.nextInt(CARDS));
        String merchant = String.format(Locale.ROOT, "m-%03d", 1 + random.nextInt(MERCHANTS));
        String country = Countries.ALL.get(random.nextInt(Countries.ALL.size())).code();
        String amount = DataGenerator.formatCents(1 + random.nextInt(50_000)); // 0.01 .. 500.00
        long eventMillis = kind == Kind.LATE ? sendTimeMillis - mix.lateSeconds() * 1000L : sendTimeMillis;
        String eventTime = "\"" + Instant.ofEpochMilli(eventMillis) + "\"";
        String txnId = seed + "-" + index;
        switch (kind) {
            case NEGATIVE_AMOUNT -> amount = "-" + amount;
            case BAD_EVENT_TIME -> eventTime = "\"yesterday\"";
            default -> {
            }
        }
        String json = "{\"txn_id\":\"" + txnId + "\",\"card_id\":\"" + card + "\",\"merchant\":\"" + merchant
                + "\",\"country\":\"" + country + "\",\"amount\":" + amount + ",\"event_time\":" + eventTime + "}";
        if (kind == Kind.MISSING_FIELD) {
            json = json.replace("\"card_id\":\"" + card + "\",", "");
        } else if (kind == Kind.MALFORMED_JSON) {
            json = json.substring(0, json.length() / 2); // cut off mid-record, as a broken producer would
        }
        return new Event(kind, card, json);
    }

    private static SplittableRandom random(long seed, long index) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    }
}
