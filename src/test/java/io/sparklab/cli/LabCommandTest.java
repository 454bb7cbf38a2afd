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
