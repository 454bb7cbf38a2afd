package io.sparklab.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docker-compose.yml and the Testcontainers stack cannot drift: for every container the Java stack
 * would start, the compose service of the same name has the same image (Dockerfile), the plan's
 * ports on the same host ports, the same mounts, aliases, command and environment. Fast: no Docker.
 */
class ComposeParityTest {
    private static final LabProject PROJECT = LabProject.current();
    private static JsonNode services;

    @BeforeAll
    static void readCompose() throws IOException {
        services = new ObjectMapper(new YAMLFactory()).readTree(PROJECT.root().resolve("docker-compose.yml").toFile()).path("services");
    }

    static List<LabContainer<?>> containers() {
        return LabStack.blueprint(PROJECT);
    }

    @Test
    void compose_has_exactly_the_stacks_services() {
        Set<String> java = containers().stream().map(c -> c.service().alias()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> compose = new TreeSet<>();
        services.fieldNames().forEachRemaining(compose::add);

        assertThat(compose).isEqualTo(java);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void same_image(LabContainer<?> container) {
        JsonNode service = service(container);
        String image = container.imageName();
        if (image.equals(LabImage.GRAFANA_DEFAULT)) {
            assertThat(service.path("image").asText()).isEqualTo(LabImage.GRAFANA_DEFAULT);
            return;
        }
        String id = image.substring(LabImage.REPOSITORY_PREFIX.length(), image.indexOf(':'));
        LabImage labImage = java.util.Arrays.stream(LabImage.values()).filter(i -> i.id().equals(id)).findFirst().orElseThrow();
        JsonNode build = buildOf(service);
        String context = build.path("context").asText();
        String dockerfile = build.path("dockerfile").asText("Dockerfile");
        if (labImage.contextIsProjectRoot()) {
            assertThat(context).isEqualTo(".");
            assertThat(dockerfile).isEqualTo(labImage.dockerfile());
        } else {
            assertThat(context + "/" + dockerfile).isEqualTo(labImage.dockerfile());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void same_ports_published_on_the_same_host_ports(LabContainer<?> container) {
        Set<Integer> compose = new HashSet<>();
        for (JsonNode port : service(container).path("ports")) {
            String[] parts = port.asText().split(":");
            assertThat(parts[0]).as("%s publishes %s on the same host port", container.service().alias(), port.asText())
                    .isEqualTo(parts[1]);
            compose.add(Integer.parseInt(parts[1]));
        }
        assertThat(compose).isEqualTo(new HashSet<>(container.service().ports()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void same_mounts(LabContainer<?> container) {
        Set<String> stack = new TreeSet<>();
        for (LabContainer.Mount m : container.mounts()) {
            String source = m.namedVolume() ? "volume:" + m.containerPath() : PROJECT.relative(java.nio.file.Path.of(m.source()));
            stack.add(source + " -> " + m.containerPath() + (m.readOnly() ? " (ro)" : ""));
        }
        Set<String> compose = new TreeSet<>();
        for (JsonNode volume : service(container).path("volumes")) {
            String[] parts = volume.asText().split(":");
            boolean bind = parts[0].startsWith("./");
            String source = bind ? parts[0].substring(2) : "volume:" + parts[1];
            boolean readOnly = parts.length > 2 && parts[2].equals("ro");
            compose.add(source + " -> " + parts[1] + (readOnly ? " (ro)" : ""));
        }
        assertThat(compose).isEqualTo(stack);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void same_aliases_command_and_environment(LabContainer<?> container) {
        JsonNode service = service(container);
        Set<String> names = new HashSet<>();
        names.add(container.service().alias());
        names.add(service.path("container_name").asText());
        names.add(service.path("hostname").asText());
        service.at("/networks/default/aliases").forEach(a -> names.add(a.asText()));
        assertThat(names).as("names of %s in compose", container.service().alias()).containsAll(container.labAliases());

        List<String> command = java.util.Arrays.asList(container.getCommandParts());
        List<String> composeCommand = new java.util.ArrayList<>();
        service.path("command").forEach(c -> composeCommand.add(c.asText()));
        assertThat(composeCommand).as("command of %s", container.service().alias()).isEqualTo(command);

        Map<String, String> env = new HashMap<>();
        service.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        assertThat(env).as("environment of %s", container.service().alias()).isEqualTo(container.getEnvMap());
    }

    @Test
    void named_volumes_for_prometheus_data_pushgateway_store_and_event_logs() {
        assertThat(service("prometheus").path("volumes").toString()).contains("prometheus-data:/prometheus");
        assertThat(service("pushgateway").path("volumes").toString()).contains("pushgateway-data:/pushgateway");
        assertThat(service("spark-history").path("volumes").toString()).contains("spark-events:/events");
    }

    private static JsonNode service(LabContainer<?> container) {
        return service(container.service().alias());
    }

    private static JsonNode service(String name) {
        JsonNode service = services.path(name);
        assertThat(service.isMissingNode()).as("service %s in docker-compose.yml", name).isFalse();
        return service;
    }

    /** A service's build, or that of the service that builds the image it uses. */
    private static JsonNode buildOf(JsonNode service) {
        if (service.has("build")) {
            return service.path("build");
        }
        String image = service.path("image").asText();
        for (JsonNode other : services) {
            if (other.has("build") && other.path("image").asText().equals(image)) {
                return other.path("build");
            }
        }
        throw new AssertionError("No service builds " + image);
    }
}
