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
    void bench_alerts_runs_two_workers_unless_told_more_and_refuses_one() {
        assertThat(LabCommand.Options.parse(new String[] {"bench-alerts"}).workers()).isEqualTo(2);
        assertThat(LabCommand.Options.parse(new String[] {"bench-alerts", "--workers", "3"}).workers()).isEqualTo(3);
        assertThatThrownBy(() -> LabCommand.Options.parse(new String[] {"bench-alerts", "--workers", "1"}))
                .hasMessageStartingWith("bench-alerts needs --workers 2 or more, got 1");
        assertThat(LabCommand.Options.parse(new String[] {"bench", "--workers", "1"}).workers()).as("the others take one").isEqualTo(1);
    }

    @Test
    void an_option_given_twice_is_an_error_but_with_adds_up() {
        assertThatThrownBy(() -> LabCommand.Options.parse(new String[] {"up", "--workers", "2", "--no-grafana", "--workers", "3"}))
                .hasMessage("--workers is given twice (2, then 3): give it once");
        assertThatThrownBy(() -> LabCommand.Options.parse(new String[] {"up", "--hardened", "--hardened"}))
                .hasMessage("--hardened is given twice: give it once");
        assertThatThrownBy(() -> LabCommand.Options.parse(new String[] {"bench-etl", "--runs", "5", "--rows", "10", "--runs", "5"}))
                .hasMessageContaining("--runs is given twice");
        assertThat(LabCommand.Options.parse(new String[] {"up", "--with", "streaming", "--with", "logs"}).with())
                .containsExactlyInAnyOrder("streaming", "logs");
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

    /** One table says which options exist and which take a value; a valued one given last is named. */
    @Test
    void an_option_given_without_its_value_says_what_it_needs() {
        assertThatThrownBy(() -> LabCommand.Options.parse(new String[] {"bench-etl", "--rows"})).hasMessage("--rows needs a number");
        assertThatThrownBy(() -> LabCommand.Options.parse(new String[] {"bench-etl", "--rows", "x"}))
                .hasMessage("--rows needs a whole number of at least 1, got 'x'");
        assertThatThrownBy(() -> LabCommand.Options.parse(new String[] {"bench-stream", "--rows", "5"}))
                .hasMessage("bench-stream takes --runs, not --rows (./lab help)");
        assertThatThrownBy(() -> LabCommand.Options.parse(new String[] {"up", "workers"})).hasMessage("unknown option: workers");
    }

    /** ./lab turns an unknown command away before it builds anything: its list must be the usage's commands. */
    @Test
    void the_lab_script_knows_every_command_of_the_usage_and_no_other() throws java.io.IOException {
        java.util.Set<String> usage = LabCommand.USAGE.lines().map(String::strip)
                .filter(l -> l.matches("[a-z][a-z-]+( .*)?") && l.indexOf("  ") > 0).map(l -> l.split(" ")[0])
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        String script = java.nio.file.Files.readString(io.sparklab.stack.LabProject.current().root().resolve("lab"));
        java.util.regex.Matcher known = java.util.regex.Pattern.compile("(?m)^  \"\"\\|help\\|-h\\|--help\\|([a-z|-]+)\\) ;;$").matcher(script);
        assertThat(known.find()).as("the lab script's list of known commands").isTrue();
        java.util.Set<String> listed = new java.util.TreeSet<>(java.util.List.of(known.group(1).split("\\|")));
        listed.addAll(java.util.List.of("test", "exercise", "grade")); // checked apart, with their arguments
        assertThat(listed).as("commands the lab script lets through").isEqualTo(usage);
    }
}
