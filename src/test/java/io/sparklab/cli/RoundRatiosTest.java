package io.sparklab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoundRatiosTest {
    @Test
    void each_figure_is_over_its_own_rounds_baseline() {
        // round 2 is slow for both: its ratio is 1.0, while the ratio of medians would be 50/45
        RoundRatios r = RoundRatios.of(List.of(42.0, 60.0, 50.0), List.of(40.0, 60.0, 45.0));
        assertThat(r.ratios()).containsExactly(1.05, 1.0, 50.0 / 45.0);
        assertThat(r.median()).isCloseTo(1.05, within(1e-9));
        assertThat(r.min()).isEqualTo(1.0);
        assertThat(r.max()).isCloseTo(1.111, within(1e-3));
        assertThat(r.describe()).isEqualTo("1.050x [1.000-1.111]");
        // three rounds: the interval is their whole spread, right only 75 % of the time: too unsure to decide
        assertThat(r.verdict(1.2)).isEqualTo(
                "not decided (3 rounds are too few for 95 %; 6 are the fewest): the median's interval 1.000-1.111 (75 %, 3 rounds)");
        assertThat(r.verdict(0.5)).startsWith("not decided (3 rounds are too few");
    }

    @Test
    void the_medians_interval_is_as_wide_as_its_confidence_needs() {
        assertThat(RoundRatios.coverage(5, 1)).isEqualTo(1 - 2.0 / 32);
        assertThat(RoundRatios.coverage(6, 1)).isEqualTo(1 - 2.0 / 64);
        assertThat(RoundRatios.coverage(9, 2)).isCloseTo(1 - 2.0 * (1 + 9) / 512, within(1e-12));
        // nine rounds: the second smallest to the second largest (96 %); the third would be 82 %
        RoundRatios nine = RoundRatios.of(List.of(1.09, 0.97, 1.01, 1.03, 1.00, 1.02, 1.04, 0.99, 1.20), List.of(1.0, 1.0, 1.0, 1.0, 1.0,
                1.0, 1.0, 1.0, 1.0));
        RoundRatios.Interval interval = nine.medianInterval();
        assertThat(interval.low()).isEqualTo(0.99);
        assertThat(interval.high()).isEqualTo(1.09);
        assertThat(interval.confidence()).isGreaterThanOrEqualTo(RoundRatios.CONFIDENCE);
        assertThat(nine.verdict(1.10)).isEqualTo("met: the median's interval 0.990-1.090 (96 %, 9 rounds)");
        // a median of 1.02 whose rounds straddle 1.05: the side toward it is 0.07 wide, 0.03 short of it
        assertThat(nine.verdict(1.05)).isEqualTo(
                "not decided: the median's interval 0.990-1.090 (96 %, 9 rounds); at this spread about 49 rounds would decide it");
        assertThat(nine.roundsToDecide(1.05)).hasValue(49L);
        assertThat(nine.roundsToDecide(1.0)).as("toward a target under the median, the low side").hasValue(Math.round(9 * 1.5 * 1.5));
        assertThat(nine.verdict(1.02)).endsWith("; the median is on the target: more rounds will not decide it");
        assertThat(nine.verdict(0.99)).as("the target is a bound the median stays under: an interval starting on it is over it")
                .startsWith("NOT met:");
        assertThat(RoundRatios.of(List.of(1.0, Double.NaN), List.of(1.0, 1.0)).verdict(2.0)).isEqualTo("not decided: round 2 of 2 has no figure");
        assertThat(new RoundRatios(List.of()).verdict(2.0)).isEqualTo("not decided: no rounds were measured");
    }

    @Test
    void the_interval_holds_the_true_median_as_often_as_it_says() {
        java.util.Random random = new java.util.Random(42);
        for (int rounds : new int[] {6, 9, 15}) {
            int trials = 4000;
            int held = 0;
            double confidence = 0;
            for (int t = 0; t < trials; t++) {
                List<Double> ratios = noisyRounds(random, rounds);
                // the noise's own median, where the round ratios' median lies
                RoundRatios.Interval interval = new RoundRatios(ratios).medianInterval();
                confidence = interval.confidence();
                double trueMedian = trueMedian();
                if (interval.low() <= trueMedian && trueMedian <= interval.high()) {
                    held++;
                }
            }
            assertThat(held / (double) trials).as("share of %d-round intervals that held the true median (said %.3f)", rounds, confidence)
                    .isGreaterThanOrEqualTo(confidence - 0.015);
        }
    }

    @Test
    void the_rounds_it_estimates_mostly_decide_and_half_as_many_often_do_not() {
        // From 9 rounds that straddle the target, the estimate (the median over many such runs); then runs
        // of that many rounds, and of half as many, of the same noise: how often each decides.
        java.util.Random random = new java.util.Random(11);
        double target = 1.06;
        List<Double> estimates = new java.util.ArrayList<>();
        for (int t = 0; t < 400; t++) {
            RoundRatios nine = new RoundRatios(noisyRounds(random, 9));
            if (nine.verdict(target).startsWith("not decided")) {
                nine.roundsToDecide(target).ifPresent(n -> estimates.add((double) n));
            }
        }
        int estimate = (int) Math.round(RoundRatios.median(estimates));
        double atEstimate = decidedShare(random, estimate, target);
        double atHalf = decidedShare(random, estimate / 2, target);
        System.out.printf("estimate from 9 rounds: %d rounds; runs of %d decided %.0f %%, of %d %.0f %%%n", estimate, estimate, atEstimate * 100,
                estimate / 2, atHalf * 100);
        assertThat(atEstimate).as("share of %d-round runs that decided (the estimate is not too low)", estimate).isGreaterThanOrEqualTo(0.75);
        assertThat(atHalf).as("share of %d-round runs that decided (the estimate is not far too high)", estimate / 2).isLessThan(0.75);
    }

    private static double decidedShare(java.util.Random random, int rounds, double target) {
        int trials = 400;
        int decided = 0;
        for (int t = 0; t < trials; t++) {
            if (new RoundRatios(noisyRounds(random, rounds)).verdict(target).startsWith("met")) {
                decided++;
            }
        }
        return decided / (double) trials;
    }

    /** Rounds of a noisy machine: 1.03 + U(-0.04, 0.04) + (20 %: U(0, 0.2)), skewed and wide (a slow round now and then). */
    private static List<Double> noisyRounds(java.util.Random random, int rounds) {
        List<Double> ratios = new java.util.ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            ratios.add(1.03 + 0.08 * (random.nextDouble() - 0.5) + (random.nextDouble() < 0.2 ? 0.2 * random.nextDouble() : 0));
        }
        return ratios;
    }

    /** The median of 1.03 + U(-0.04, 0.04) + (20 %: U(0, 0.2)), by a large sample (seeded). */
    private static double trueMedian() {
        if (TRUE_MEDIAN[0] == 0) {
            TRUE_MEDIAN[0] = RoundRatios.median(noisyRounds(new java.util.Random(7), 400_001));
        }
        return TRUE_MEDIAN[0];
    }

    private static final double[] TRUE_MEDIAN = new double[1];

    @Test
    void an_even_count_takes_the_middle_twos_mean_and_none_is_not_a_number() {
        assertThat(RoundRatios.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
        assertThat(RoundRatios.of(List.of(), List.of()).median()).isNaN();
        assertThat(RoundRatios.of(List.of(1.0, Double.NaN, 1.0), List.of(1.0, 1.0, 1.0)).median())
                .as("a round without its figure").isNaN();
    }

    @Test
    void an_unknown_figure_does_not_meet_its_target() {
        assertThat(RoundRatios.verdict(1.049, 1.05)).isEqualTo("met");
        assertThat(RoundRatios.verdict(Double.NaN, 1.05)).isEqualTo("NOT met");
    }

    @Test
    void rounds_must_pair_up() {
        assertThatThrownBy(() -> RoundRatios.of(List.of(1.0, 2.0), List.of(1.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 figures for 1 baselines");
    }
}
