package io.sparklab.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparklab.alerts.AlertRules;
import io.sparklab.alerts.AlertmanagerMatchers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Fast checks (no Docker) that the config files agree with the stack: the plan's scrape jobs exist,
 * every scrape address is a lab service's alias and port, every rule says what a person needs.
 */
class ConfigFilesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final LabProject PROJECT = LabProject.current();

    private static JsonNode read(String file) {
        return PROJECT.configYaml(file);
    }

    @Test
    void prometheus_has_the_plans_scrape_jobs_and_the_always_on_ones() throws IOException {
        Set<String> jobs = new HashSet<>();
        read("prometheus.yml").path("scrape_configs").forEach(j -> jobs.add(j.path("job_name").asText()));

        assertThat(jobs).contains("prometheus", "spark-driver", "spark-executors", "node-exporter", "spark-app-metrics");
        Set<String> known = new HashSet<>(LabStack.ALWAYS_ON_JOBS);
        known.addAll(LabStack.APPLICATION_JOBS);
        known.addAll(io.sparklab.streaming.StreamingAddOn.PROMETHEUS_JOBS);
        known.addAll(io.sparklab.tracing.TracingAddOn.PROMETHEUS_JOBS);
        known.addAll(io.sparklab.logs.LogsAddOn.PROMETHEUS_JOBS);
        assertThat(jobs).as("every job is always on, an application's or an add-on's").isEqualTo(known);
    }

    @Test
    void no_job_scrapes_the_driver_uis_executor_summaries() throws IOException {
        // Its first request starts Spark's REST layer in the driver: about 0.9 s of driver CPU per
        // application (measured with ./lab bench-etl), and a first scrape that timed out every run.
        List<String> paths = new ArrayList<>();
        for (JsonNode job : read("prometheus.yml").path("scrape_configs")) {
            paths.add(job.path("metrics_path").asText("/metrics"));
            job.path("static_configs").forEach(sc -> paths.add(sc.path("labels").path("__metrics_path__").asText("")));
        }
        assertThat(paths).as("metrics paths of prometheus.yml").isNotEmpty().noneMatch(p -> p.startsWith("/metrics/executors/"));
    }

    @Test
    void every_scrape_address_is_a_lab_service_port() throws IOException {
        Map<String, List<Integer>> portsByAlias = java.util.stream.Stream.<io.sparklab.stack.Service>concat(
                        java.util.Arrays.stream(LabService.values()), java.util.Arrays.stream(io.sparklab.streaming.StreamingService.values()))
                .collect(Collectors.toMap(io.sparklab.stack.Service::alias, io.sparklab.stack.Service::ports));
        List<String> addresses = new ArrayList<>();
        for (JsonNode job : read("prometheus.yml").path("scrape_configs")) {
            job.path("static_configs").forEach(sc -> sc.path("targets").forEach(t -> addresses.add(t.asText())));
            job.path("dns_sd_configs").forEach(dns -> dns.path("names")
                    .forEach(n -> addresses.add(n.asText() + ":" + dns.path("port").asInt())));
        }
        assertThat(addresses).isNotEmpty();
        for (String address : addresses) {
            String host = address.substring(0, address.lastIndexOf(':'));
            int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
            if (host.equals("localhost")) {
                continue; // Prometheus scraping itself
            }
            assertThat(portsByAlias).as("scrape address %s: host is a lab service alias", address).containsKey(host);
            assertThat(portsByAlias.get(host)).as("scrape address %s: port is one of %s's ports", address, host).contains(port);
        }
    }

    @Test
    void prometheus_loads_the_rule_file_the_stack_mounts_and_sends_to_alertmanager() throws IOException {
        JsonNode config = read("prometheus.yml");
        // Relative: beside prometheus.yml in the mounted config/ folder (LabContainer.CONFIG_DIR).
        assertThat(config.path("rule_files").get(0).asText()).isEqualTo("alert-rules.yml");
        assertThat(config.at("/alerting/alertmanagers/0/static_configs/0/targets/0").asText()).isEqualTo("alertmanager:9093");
        assertThat(config.at("/global/scrape_interval").asText()).isEqualTo("5s");
    }

    @Test
    void every_alert_rule_has_severity_summary_description_and_runbook() throws IOException {
        List<AlertRules.Rule> alerts = AlertRules.of(PROJECT).alerts();
        assertThat(alerts).as("alert rules").isNotEmpty();
        for (AlertRules.Rule rule : alerts) {
            // "none" is the Watchdog's alone: a heartbeat, never a page or a ticket.
            assertThat(rule.labels().get("severity")).as("%s severity", rule.name())
                    .isIn(rule.name().equals("Watchdog") ? List.of("none") : List.of("critical", "warning", "info"));
            for (String annotation : List.of("summary", "description", "runbook")) {
                assertThat(rule.annotation(annotation)).as("%s %s", rule.name(), annotation).isNotBlank();
            }
        }
    }

    @Test
    void every_alertmanager_route_goes_to_a_defined_receiver() throws IOException {
        JsonNode config = read("alertmanager.yml");
        Set<String> receivers = new HashSet<>();
        config.path("receivers").forEach(r -> receivers.add(r.path("name").asText()));
        List<String> used = new ArrayList<>();
        collectReceivers(config.path("route"), used);

        assertThat(used).isNotEmpty();
        assertThat(receivers).containsAll(used);
    }

    /**
     * An inhibit rule whose matchers name no alert the rules emit silently inhibits nothing (the lab
     * once targeted component=~"worker|driver|executor" while no rule had driver or executor), and one
     * without `equal` inhibits across unrelated alerts: both are caught here.
     */
    @Test
    void every_inhibit_rule_names_alerts_the_rules_emit_and_says_what_must_be_equal() throws IOException {
        List<Map<String, String>> alerts = AlertRules.of(PROJECT).alerts().stream().map(AlertRules.Rule::routingLabels).toList();
        JsonNode inhibitions = read("alertmanager.yml").path("inhibit_rules");
        assertThat(inhibitions).as("inhibit rules").isNotEmpty();
        int i = 0;
        for (JsonNode inhibit : inhibitions) {
            i++;
            for (String side : List.of("source_matchers", "target_matchers")) {
                List<String> matchers = new ArrayList<>();
                inhibit.path(side).forEach(m -> matchers.add(m.asText()));
                // None would match every alert: a rule in the older source_match form, or a misspelt key, is caught here.
                assertThat(matchers).as("inhibit rule %d: its %s (the lab writes matchers, not the older match form)", i, side)
                        .isNotEmpty();
                String where = "config/alertmanager.yml: inhibit rule " + i + ", " + side;
                assertThat(alerts).as("inhibit rule %d: alerts matching its %s %s", i, side, matchers)
                        .anyMatch(labels -> matchers.stream().allMatch(m -> AlertmanagerMatchers.holds(m, labels, where)));
            }
            assertThat(inhibit.path("equal")).as("inhibit rule %d: equal", i).isNotEmpty();
        }
    }

    private static void collectReceivers(JsonNode route, List<String> used) {
        if (route.has("receiver")) {
            used.add(route.path("receiver").asText());
        }
        route.path("routes").forEach(r -> collectReceivers(r, used));
    }

    @Test
    void spark_defaults_put_the_jmx_agents_on_the_plans_ports() throws IOException {
        String defaults = java.nio.file.Files.readString(PROJECT.config("spark-defaults.conf"));
        assertThat(defaults).containsPattern("spark.driver.extraJavaOptions\\s+-javaagent:\\S+jmx_prometheus_javaagent.jar="
                + LabService.DRIVER_JMX_PORT + ":");
        assertThat(defaults).containsPattern("spark.executor.extraJavaOptions\\s+-javaagent:\\S+jmx_prometheus_javaagent.jar="
                + LabService.EXECUTOR_JMX_PORT + ":");
        assertThat(defaults).containsPattern("spark.metrics.namespace\\s+etl_job");
    }

    @Test
    void the_grafana_datasource_has_a_fixed_uid_and_points_at_prometheus() throws IOException {
        JsonNode ds = YAML.readTree(PROJECT.grafana().resolve("provisioning/datasources.yaml").toFile()).at("/datasources/0");
        assertThat(ds.path("uid").asText()).isEqualTo("lab-prometheus");
        assertThat(ds.path("url").asText()).isEqualTo("http://" + LabService.PROMETHEUS.alias() + ":" + LabService.PROMETHEUS.port());
    }
}
