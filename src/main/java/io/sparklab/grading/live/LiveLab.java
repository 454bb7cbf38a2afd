package io.sparklab.grading.live;

import io.sparklab.client.AlertmanagerClient;
import io.sparklab.client.ElasticsearchClient;
import io.sparklab.client.HttpJson;
import io.sparklab.client.PrometheusClient;
import io.sparklab.client.SparkRestClient;
import io.sparklab.client.WebhookReceiverClient;
import io.sparklab.stack.LabProject;
import io.sparklab.stack.LabService;
import io.sparklab.stack.Service;
import java.io.IOException;
import java.util.function.Function;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A running lab seen from the host: where each service answers, and the reloads that make Prometheus
 * and Alertmanager read the student's config/ again. For `./lab up` every service is on the plan's
 * port on this machine; a test's stack maps its ports elsewhere, so the addresses are a function.
 */
record LiveLab(LabProject project, Function<Service, String> urls) {
    static LiveLab onThisMachine(LabProject project) {
        // A service of the stack, or of an add-on `./lab up --with ...` started (they publish the plan's ports too).
        return new LiveLab(project, service -> "http://localhost:" + service.port());
    }

    /** The service's base URL, e.g. http://localhost:9090. */
    String url(Service service) {
        return urls.apply(service);
    }

    PrometheusClient prometheus() {
        return new PrometheusClient(url(LabService.PROMETHEUS));
    }

    AlertmanagerClient alertmanager() {
        return new AlertmanagerClient(url(LabService.ALERTMANAGER));
    }

    WebhookReceiverClient webhook() {
        return new WebhookReceiverClient(url(LabService.WEBHOOK_RECEIVER));
    }

    SparkRestClient history() {
        return new SparkRestClient(url(LabService.SPARK_HISTORY));
    }

    /** The logs add-on's Elasticsearch (`./lab up --with logs`). */
    ElasticsearchClient elasticsearch() {
        return new ElasticsearchClient(url(io.sparklab.logs.LogsService.ELASTICSEARCH));
    }

    boolean isRunning() {
        return prometheus().isReady();
    }

    /**
     * POST /-/reload; null when the service took the config, else what it said (Alertmanager names what
     * is wrong; Prometheus only that something is, its log has the rest: LiveCheck asks promtool).
     */
    String reload(LabService service) {
        Request request = new Request.Builder().url(url(service) + "/-/reload")
                .post(RequestBody.create(new byte[0], MediaType.get("text/plain"))).build();
        try (Response response = HttpJson.client().newCall(request).execute()) {
            return response.isSuccessful() ? null : "HTTP " + response.code() + ": " + response.body().string().strip();
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
