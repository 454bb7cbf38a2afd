package io.sparklab.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparklab.logs.LogRetention;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogRetentionTest {
    private static final LocalDate TODAY = LocalDate.parse("2026-12-10");

    @Test
    void whole_days_past_the_retention_go_and_the_last_n_days_stay() {
        List<String> indices = List.of("spark-logs-2026-12-02", "spark-logs-2026-12-03", "spark-logs-2026-12-04",
                "spark-logs-2026-12-10", "spark-logs-2025-01-01");

        assertThat(new LogRetention(7).expired(indices, TODAY))
                .containsExactlyInAnyOrder("spark-logs-2026-12-02", "spark-logs-2026-12-03", "spark-logs-2025-01-01");
        assertThat(new LogRetention(1).expired(indices, TODAY)).doesNotContain("spark-logs-2026-12-10").hasSize(4);
    }

    @Test
    void indices_that_are_not_the_shippers_daily_ones_are_left_alone() {
        assertThat(new LogRetention(1).expired(List.of("spark-logs-archive", "other-2020-01-01", ".kibana", "spark-logs-2020-13-45"), TODAY))
                .isEmpty();
    }

    @Test
    void a_retention_under_a_day_or_not_a_number_is_refused_naming_the_setting() {
        assertThatThrownBy(() -> new LogRetention(0)).hasMessageContaining("lab.logs.retentionDays");
        System.setProperty("lab.logs.retentionDays", "a week");
        try {
            assertThatThrownBy(LogRetention::configured).hasMessageContaining("lab.logs.retentionDays").hasMessageContaining("a week");
        } finally {
            System.clearProperty("lab.logs.retentionDays");
        }
        assertThat(LogRetention.configured().days()).isEqualTo(LogRetention.DEFAULT_DAYS);
    }
}
