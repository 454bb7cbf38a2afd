package io.sparklab.support;

import io.sparklab.client.PrometheusClient;
import io.sparklab.client.PrometheusClient.Sample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Watches a table of PromQL queries while something runs (a Spark job), polling Prometheus, and keeps
 * every answer. What can only be seen while a job runs (its driver up, its task rate) is observed
 * here; the tests then assert on what was seen. Adding a check is adding a row.
 */
public final class JobObserver {
    private final PrometheusClient prometheus;
    private final Map<String, String> queries;
    private final Map<String, List<List<Sample>>> answers = new LinkedHashMap<>();
    private final Map<String, String> errors = new LinkedHashMap<>();

    public JobObserver(PrometheusClient prometheus, Map<String, String> queries) {
        this.prometheus = prometheus;
        this.queries = queries;
        queries.keySet().forEach(name -> answers.put(name, new ArrayList<>()));
    }

    /** Polls every query once per interval while {@code running} holds. */
    public JobObserver watchWhile(BooleanSupplier running, Duration interval, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (running.getAsBoolean() && System.nanoTime() < deadline) {
            pollOnce();
            try {
                Thread.sleep(interval.toMillis()); // the polling period while the job runs
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return this;
    }

    public void pollOnce() {
        queries.forEach((name, promql) -> {
            try {
                List<Sample> result = prometheus.query(promql);
                if (!result.isEmpty()) {
                    answers.get(name).add(result);
                }
            } catch (RuntimeException e) {
                errors.put(name, e.getMessage());
            }
        });
    }

    public String query(String name) {
        return queries.get(name);
    }

    /** Every non-empty answer to the named query, in order. */
    public List<List<Sample>> answers(String name) {
        return answers.get(name);
    }

    /** Every value of every series of every answer. */
    public List<Double> values(String name) {
        return answers.get(name).stream().flatMap(List::stream).map(Sample::value).toList();
    }

    /** What went wrong when a query failed (a PromQL error), for assertion messages. */
    public String errorOf(String name) {
        return errors.getOrDefault(name, "no error");
    }
}
