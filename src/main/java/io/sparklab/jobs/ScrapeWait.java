package io.sparklab.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Waits, before the driver stops, until Prometheus has scraped the application's targets (driver,
 * executors, listener) once more after the job's end. Their JVMs and metrics vanish with the
 * application; without this last scrape the final task counts of a short job are lost. It asks
 * Prometheus (/api/v1/targets, lastScrape) instead of sleeping a guessed time: typically it waits
 * one scrape interval (5 s here), and at most the timeout when Prometheus is missing or slow.
 */
final class ScrapeWait {
    private static final Set<String> APPLICATION_JOBS = Set.of("spark-driver", "spark-executors", "spark-app-metrics");

    private ScrapeWait() {
    }

    static void awaitFinalScrape(String prometheusUrl, EndpointAuth auth, Instant after, Duration timeout) {
        if (prometheusUrl == null || prometheusUrl.isBlank()) {
            return;
        }
        HttpClient http = auth.httpClient(Duration.ofSeconds(2));
        ObjectMapper mapper = new ObjectMapper();
        Instant deadline = Instant.now().plus(timeout);
        URI uri = URI.create(prometheusUrl.replaceAll("/+$", "") + "/api/v1/targets?state=active");
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> response = http.send(auth.authorize(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3))).build(),
                        HttpResponse.BodyHandlers.ofString());
                int pending = 0;
                int up = 0;
                for (JsonNode target : mapper.readTree(response.body()).path("data").path("activeTargets")) {
                    if (!APPLICATION_JOBS.contains(target.path("scrapePool").asText())
                            || !"up".equals(target.path("health").asText())) {
                        continue;
                    }
                    up++;
                    if (!Instant.parse(target.path("lastScrape").asText()).isAfter(after)) {
                        pending++;
                    }
                }
                if (up == 0 || pending == 0) {
                    System.out.println("[etl_job] Prometheus has scraped the application's " + up + " target(s) after the job ended");
                    return;
                }
                last = pending + " of " + up + " target(s) not scraped yet";
            } catch (Exception e) {
                last = e.toString();
            }
            try {
                Thread.sleep(250); // polling interval of the check above
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        System.err.println("[etl_job] gave up waiting for a final scrape after " + timeout.toSeconds() + " s: " + last);
    }
}
