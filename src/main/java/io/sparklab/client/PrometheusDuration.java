package io.sparklab.client;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Prometheus and Alertmanager write them in their config files (`for: 1m30s`,
 * `group_wait: 10s`, `scrape_interval: 5s`): units y, w, d, h, m, s, ms, largest first, each at most
 * once, as Prometheus' own parser (model.ParseDuration) takes them. Anything else is an error saying
 * what was read, never a silent zero.
 */
public final class PrometheusDuration {
    private static final Pattern SYNTAX = Pattern.compile("(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");
    private static final Duration[] UNITS = {Duration.ofDays(365), Duration.ofDays(7), Duration.ofDays(1), Duration.ofHours(1),
            Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofMillis(1)};

    private PrometheusDuration() {
    }

    /** The duration {@code text} says; IllegalArgumentException naming the text when it is not one Prometheus takes. */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.equals("0")) {
            return Duration.ZERO; // the one unitless duration Prometheus accepts
        }
        Matcher m = SYNTAX.matcher(t);
        if (t.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a Prometheus duration (a number and a unit, largest unit first: "
                    + "1w, 2d, 1h30m, 90s, 500ms)");
        }
        Duration total = Duration.ZERO;
        for (int i = 0; i < UNITS.length; i++) {
            if (m.group(i + 1) != null) {
                total = total.plus(UNITS[i].multipliedBy(Long.parseLong(m.group(i + 1))));
            }
        }
        return total;
    }

    /**
     * A range selector's duration (`123s`) reaching from {@code from} to now, plus 10 s: two scrape
     * intervals, so the first sample taken after {@code from} is inside even when Prometheus' clock is a
     * little behind this JVM's, and a scrape at the very start is not cut off.
     */
    public static String since(Instant from) {
        return Math.max(0, Duration.between(from, Instant.now()).toSeconds()) + 10 + "s";
    }
}
