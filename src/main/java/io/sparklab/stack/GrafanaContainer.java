package io.sparklab.stack;

import io.sparklab.dashboards.Dashboard;
import java.time.Duration;
import java.util.List;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.containers.wait.strategy.WaitAllStrategy;

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
        // /api/health answers before provisioning has loaded the dashboards (it runs in the
        // background): ready is when every dashboard of grafana/dashboards is listed.
        List<String> uids = Dashboard.loadAll(project.grafana().resolve("dashboards")).stream().map(Dashboard::uid).toList();
        waitingFor(new WaitAllStrategy(WaitAllStrategy.Mode.WITH_OUTER_TIMEOUT)
                .withStrategy(Wait.forHttp("/api/health").forPort(3000).forStatusCode(200))
                .withStrategy(Wait.forHttp("/api/search?type=dash-db").forPort(3000).forStatusCode(200)
                        .forResponsePredicate(body -> uids.stream().allMatch(uid -> body.contains("\"uid\":\"" + uid + "\""))))
                .withStartupTimeout(Duration.ofMinutes(2)));
    }
}
