package io.sparklab.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparklab.stack.LabException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Matchers evaluated as Alertmanager evaluates them, and one that is none named with its place in the file. */
class AlertmanagerMatchersTest {
    private static final Map<String, String> LABELS =
            Map.of("severity", "critical", "component", "etl", "lab", "spark-observability");

    @Test
    void a_route_matches_when_every_matcher_of_every_form_holds() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(AlertmanagerMatchers.routeMatches(json.readTree(
                "{\"matchers\": [\"component=etl\", \"severity =~ \\\"crit.*\\\"\"]}"), LABELS, "route.routes[0]")).isTrue();
        assertThat(AlertmanagerMatchers.routeMatches(json.readTree(
                "{\"match\": {\"severity\": \"critical\"}, \"match_re\": {\"component\": \"spark|etl\"}}"), LABELS, "route.routes[1]"))
                .as("the older match and match_re").isTrue();
        assertThat(AlertmanagerMatchers.routeMatches(json.readTree(
                "{\"match_re\": {\"component\": \"et\"}}"), LABELS, "route.routes[2]")).as("a regex is anchored").isFalse();
        assertThat(AlertmanagerMatchers.routeMatches(json.readTree("{}"), LABELS, "route.routes[3]"))
                .as("a route without matchers takes every alert").isTrue();
    }

    @Test
    void a_matcher_that_is_not_one_is_named_with_its_route() throws Exception {
        var route = new ObjectMapper().readTree("{\"matchers\": [\"severity critical\"]}");
        assertThatThrownBy(() -> AlertmanagerMatchers.routeMatches(route, Map.of(), "route.routes[2]")).isInstanceOf(LabException.class)
                .hasMessage("config/alertmanager.yml: route.routes[2].matchers: 'severity critical' is not a matcher (name=\"value\")");
    }

    /** An entry of matchers as Alertmanager reads it: several, comma-separated, in braces or not; a regex that is none is named. */
    @Test
    void a_matchers_entry_may_hold_several_and_a_bad_regex_is_named() {
        assertThat(AlertmanagerMatchers.holds("component=\"etl\", severity=\"critical\"", LABELS, "w")).isTrue();
        assertThat(AlertmanagerMatchers.holds("{component=\"etl\", severity=\"warning\"}", LABELS, "w")).isFalse();
        assertThat(AlertmanagerMatchers.holds("component=~\"etl|spark,driver\"", LABELS, "w")).as("a comma inside quotes").isTrue();
        assertThat(AlertmanagerMatchers.holds("lab!=\"other\", team=\"\"", LABELS, "w")).as("a missing label is empty").isTrue();
        assertThat(AlertmanagerMatchers.holds("severity!~\"warn.*\"", LABELS, "w")).as("a negative regex").isTrue();
        assertThat(AlertmanagerMatchers.holds("summary=\"say \\\"hi\\\"\"", Map.of("summary", "say \"hi\""), "w"))
                .as("escaped quotes in a value").isTrue();
        assertThatThrownBy(() -> AlertmanagerMatchers.holds("severity=~\"crit(ical\"", LABELS,
                "config/alertmanager.yml: route.routes[1].matchers"))
                .isInstanceOf(LabException.class)
                .hasMessageStartingWith("config/alertmanager.yml: route.routes[1].matchers: 'crit(ical' is not a regular expression");
    }
}
