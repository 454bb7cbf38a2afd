package io.sparklab.stack;

import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * Grafana (the pinned upstream image) with the lab's provisioning and dashboards mounted from
 * grafana/. Anonymous viewing is on so a student opens dashboards without logging in.
 */
public class GrafanaContainer extends LabContainer<GrafanaContainer> {
    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    public GrafanaContainer(String image, Network network, LabProject project) {
        super(image, LabService.GRAFANA, network);
        mount(project.grafana().resolve("provisioning/datasources.yaml"), "/etc/grafana/provisioning/datasources/lab.yaml");
        mount(project.grafana().resolve("provisioning/dashboards.yaml"), "/etc/grafana/provisioning/dashboards/lab.yaml");
        mount(project.grafana().resolve("dashboards"), "/var/lib/grafana/dashboards");
        withEnv("GF_SECURITY_ADMIN_USER", ADMIN_USER);
        withEnv("GF_SECURITY_ADMIN_PASSWORD", ADMIN_PASSWORD);
        withEnv("GF_AUTH_ANONYMOUS_ENABLED", "true");
        withEnv("GF_AUTH_ANONYMOUS_ORG_ROLE", "Viewer");
        withEnv("GF_ANALYTICS_REPORTING_ENABLED", "false");
        withEnv("GF_ANALYTICS_CHECK_FOR_UPDATES", "false");
        waitingFor(Wait.forHttp("/api/health").forPort(3000).forStatusCode(200));
    }
}
