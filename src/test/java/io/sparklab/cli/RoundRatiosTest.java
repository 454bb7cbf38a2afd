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
        assertThat(r.verdict(1.05)).as("the target is a bound the median stays under").isEqualTo("NOT met");
        assertThat(r.verdict(1.06)).isEqualTo("met");
    }

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
