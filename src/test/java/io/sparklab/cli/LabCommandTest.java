package io.sparklab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The lab command's arguments: bad input gets a message that names it. */
class LabCommandTest {
    @Test
    void workers_and_grafana_options_parse() {
        var options = LabCommand.Options.parse(new String[] {"up", "--workers", "3", "--no-grafana"});
        assertThat(options.workers()).isEqualTo(3);
        assertThat(options.grafana()).isFalse();
    }

    @Test
    void a_bad_worker_count_is_named() {
        assertThatThrownBy(() -> LabCommand.Options.parse(new String[] {"up", "--workers", "many"}))
                .hasMessageContaining("--workers").hasMessageContaining("many");
        assertThatThrownBy(() -> LabCommand.Options.parse(new String[] {"up", "--workers", "0"}))
                .hasMessageContaining("1 to 8");
    }

    @Test
    void an_unknown_command_or_option_is_named() {
        assertThatThrownBy(() -> LabCommand.run(new String[] {"upp"})).hasMessageContaining("upp");
        assertThatThrownBy(() -> LabCommand.Options.parse(new String[] {"up", "--fast"})).hasMessageContaining("--fast");
        // An int cast of 3 000 000 000 would be negative; of 4 294 967 297, one round.
        assertThat(LabCommand.Options.parse(new String[] {"bench-etl", "--runs", "12"}).runs()).isEqualTo(12);
        assertThatThrownBy(() -> LabCommand.Options.parse(new String[] {"bench-etl", "--runs", "3000000000"}))
                .hasMessage("--runs must be 1 to 1000, got 3000000000");
        assertThatThrownBy(() -> LabCommand.Options.parse(new String[] {"bench-etl", "--runs", "4294967297"}))
                .hasMessage("--runs must be 1 to 1000, got 4294967297");
        // An option the command does not use is an error, not a flag quietly ignored.
        assertThatThrownBy(() -> LabCommand.Options.parse(new String[] {"check", "--hardened"}))
                .hasMessage("check takes no options, not --hardened (./lab help)");
        assertThatThrownBy(() -> LabCommand.Options.parse(new String[] {"up", "--runs", "5"}))
                .hasMessage("up takes --hardened, --no-grafana, --with, --workers, not --runs (./lab help)");
        assertThat(LabCommand.Options.parse(new String[] {"up", "--hardened", "--with", "logs", "--workers", "2", "--no-grafana"}).workers())
                .isEqualTo(2);
    }

    @Test
    void with_names_the_add_ons_and_refuses_unknown_ones() {
        assertThat(LabCommand.Options.parse(new String[] {"up", "--with", "streaming"}).with()).containsExactly("streaming");
        assertThat(LabCommand.Options.parse(new String[] {"up"}).with()).isEmpty();
        assertThatThrownBy(() -> LabCommand.Options.parse(new String[] {"up", "--with", "streaming,tracing"}))
                .hasMessageContaining("unknown add-on 'tracing'").hasMessageContaining("known: logs, streaming, traces");
        assertThat(LabCommand.Options.parse(new String[] {"up", "--with", "traces,logs"}).with()).containsExactlyInAnyOrder("traces", "logs");
        assertThatThrownBy(() -> LabCommand.Options.parse(new String[] {"up", "--with"})).hasMessageContaining("--with needs an add-on");
    }
}
