package io.sparklab.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The input is a pure function of (seed, id), with about the asked share of broken rows. */
class DataGeneratorTest {
    @Test
    void same_seed_same_rows_other_seed_other_rows() {
        assertThat(DataGenerator.line(42, 7, 10)).isEqualTo(DataGenerator.line(42, 7, 10));
        assertThat(DataGenerator.line(42, 7, 10)).isNotEqualTo(DataGenerator.line(43, 7, 10));
    }

    @Test
    void a_row_is_id_customer_country_amount_timestamp() {
        String[] fields = DataGenerator.line(1, 123, 0).split(",");
        assertThat(fields).hasSize(5);
        assertThat(fields[0]).isEqualTo("123");
        assertThat(fields[3]).matches("\\d+\\.\\d\\d");
    }

    @Test
    void about_bad_per_mille_rows_are_broken() {
        long broken = LongStream.range(0, 100_000).mapToObj(id -> DataGenerator.line(5, id, 10))
                .filter(line -> line.split(",", -1).length != 5 || line.contains("n/a") || line.contains(",-") || line.contains(",ZZ,"))
                .count();
        assertThat(broken).isBetween(800L, 1200L); // 10 per mille of 100 000, give or take
    }

    @Test
    void cents_format_with_two_decimals() {
        assertThat(DataGenerator.formatCents(1)).isEqualTo("0.01");
        assertThat(DataGenerator.formatCents(250_000)).isEqualTo("2500.00");
        assertThat(DataGenerator.formatCents(1010)).isEqualTo("10.10");
    }
}
