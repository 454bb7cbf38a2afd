package io.sparklab.jobs;

/**
 * When the generator sends: {@code rate} events a second, except during bursts, when it sends
 * {@code burstFactor} times as many. A burst is the last {@code burstSeconds} of every period of
 * {@code burstEverySeconds}, so a run starts steady. A pure function of the second, so the number of
 * events in a run of N seconds is known in advance.
 */
public record TransactionSchedule(int rate, int burstEverySeconds, int burstSeconds, int burstFactor) {
    public TransactionSchedule {
        if (rate < 1) {
            throw new IllegalArgumentException("rate must be at least 1 event/s, was " + rate);
        }
        if (burstEverySeconds < 0 || burstSeconds < 0 || (burstEverySeconds > 0 && burstSeconds >= burstEverySeconds)) {
            throw new IllegalArgumentException("a burst must be shorter than its period (burst " + burstSeconds
                    + " s every " + burstEverySeconds + " s); 0 turns bursts off");
        }
        if (burstFactor < 1) {
            throw new IllegalArgumentException("burstFactor must be at least 1, was " + burstFactor);
        }
    }

    /** A steady rate, no bursts. */
    public static TransactionSchedule steady(int rate) {
        return new TransactionSchedule(rate, 0, 0, 1);
    }

    public boolean isBurst(long second) {
        return burstEverySeconds > 0 && burstSeconds > 0 && second % burstEverySeconds >= burstEverySeconds - burstSeconds;
    }

    /** Events to send during second {@code second} of the run (0-based). */
    public int eventsInSecond(long second) {
        return isBurst(second) ? rate * burstFactor : rate;
    }

    /** Events in the first {@code seconds} seconds of a run. */
    public long eventsIn(long seconds) {
        long total = 0;
        for (long s = 0; s < seconds; s++) {
            total += eventsInSecond(s);
        }
        return total;
    }
}
