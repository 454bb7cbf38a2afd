package io.sparklab.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The jobs' command lines: read in order or by name, and every bad argument named. */
class NameValueArgsTest {
    private static final String USAGE = "usage: job [--a A] [--b B]";

    private static List<String> inOrder(String... args) {
        NameValueArgs cli = new NameValueArgs(args, "--flag");
        List<String> read = new ArrayList<>();
        for (String name = cli.next(); name != null; name = cli.next()) {
            read.add(name + "=" + cli.value());
        }
        return read;
    }

    @Test
    void in_order_gives_each_option_with_its_value_and_flags_without_one() {
        assertThat(inOrder()).isEmpty();
        assertThat(inOrder("--a", "1", "--flag", "--b", "--flag", "--a", "2"))
                .containsExactly("--a=1", "--flag=null", "--b=--flag", "--a=2");
    }

    @Test
    void in_order_names_a_stray_word_or_a_missing_value_without_the_usage() {
        assertThatThrownBy(() -> inOrder("--a", "1", "stray")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unexpected argument 'stray'");
        assertThatThrownBy(() -> inOrder("--a", "1", "--b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--b needs a value");
    }

    @Test
    void by_name_takes_values_or_fallbacks_and_the_last_of_a_repeated_option() {
        NameValueArgs args = NameValueArgs.byName(USAGE, "--a", "1", "--b", "2", "--a", "3");
        assertThat(args.take("a", "0")).isEqualTo("3");
        assertThat(args.take("b", "0")).isEqualTo("2");
        assertThat(args.take("c", "0")).isEqualTo("0");
        assertThat(args.take("d", null)).isNull();
        args.refuseUnknown();
    }

    @Test
    void by_name_refuses_what_was_not_taken_with_the_usage() {
        NameValueArgs args = NameValueArgs.byName(USAGE, "--a", "1", "--colour", "red");
        args.take("a", "0");
        assertThatThrownBy(args::refuseUnknown).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown options [colour]\n" + USAGE);
    }

    @Test
    void by_name_names_a_stray_word_or_a_missing_value_with_the_usage_at_once() {
        assertThatThrownBy(() -> NameValueArgs.byName(USAGE, "a", "1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unexpected argument 'a'\n" + USAGE);
        assertThatThrownBy(() -> NameValueArgs.byName(USAGE, "--a", "1", "--b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--b needs a value\n" + USAGE);
        assertThatThrownBy(() -> NameValueArgs.byName(USAGE, "--flag")).hasMessageStartingWith("--flag needs a value");
    }
}
