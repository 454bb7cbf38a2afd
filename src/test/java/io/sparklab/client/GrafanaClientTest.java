package io.sparklab.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Reading Grafana's data frames (/api/ds/query) without a Grafana: the shape its API documents. */
class GrafanaClientTest {
    private static JsonNode frames(String json) throws Exception {
        return HttpJson.MAPPER.readTree(json);
    }

    @Test
    void finite_values_are_the_numbers_of_the_value_fields_not_the_columns() throws Exception {
        // Two frames (two series): times in the first field, values in the second.
        assertThat(GrafanaClient.finiteValues(frames("""
                [{"schema": {"fields": [{"name": "Time"}, {"name": "Value"}]}, "data": {"values": [[1, 2, 3], [0.5, null, 2]]}},
                 {"schema": {"fields": [{"name": "Time"}, {"name": "Value"}]}, "data": {"values": [[1], [7]]}}]
                """))).isEqualTo(3);
        // A series of NaN only, which Grafana sends as null: two columns, no value.
        assertThat(GrafanaClient.finiteValues(frames("""
                [{"schema": {"fields": [{"name": "Time"}, {"name": "Value"}]}, "data": {"values": [[1, 2], [null, null]]}}]
                """))).isZero();
        assertThat(GrafanaClient.finiteValues(frames("[]"))).isZero();
    }
}
