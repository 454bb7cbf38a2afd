package io.sparklab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparklab.client.ElasticsearchClient;
import io.sparklab.client.HttpJson;
import io.sparklab.logs.LogsAddOn;
import io.sparklab.stack.LabException;
import io.sparklab.stack.LabProject;
import io.sparklab.stack.LabStack;
import io.sparklab.stack.LabVolumes;
import io.sparklab.stack.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The logs benchmark (./lab bench-logs): on a lab stack with the logs add-on, a writer in the master
 * container (io.sparklab.jobs.LogLineWriter, where drivers write) appends lines to a file on the
 * spark-logs volume while the benchmark asks Elasticsearch every 100 ms how many of them it can find.
 * <ul>
 *   <li>delay: lines at a steady rate (50 a second for a minute); a line's delay is from the time
 *       stamped in it (when it was written) to the first search that finds it (the count reaches it:
 *       the shipper keeps a file's order): median and p95, to within the 100 ms of the polling;</li>
 *   <li>throughput: 200 000 lines written at once; lines per second from the first written to the
 *       last searchable;</li>
 *   <li>memory: the peak of Elasticsearch, the shipper and the exporter over both.</li>
 * </ul>
 * Writes target/benchmarks/logs.json.
 */
public final class LogsBenchmark {
    private static final String JAR = "/opt/spark/jobs/etl-job.jar";
    private static final Duration POLL = Duration.ofMillis(100);

    private LogsBenchmark() {
    }

    public static int run(int rate, int seconds, int burst) {
        LabProject project = LabProject.current();
        LabStack stack = LabStack.builder().project(project).workers(1).grafana(false).build();
        ObjectNode report = HttpJson.MAPPER.createObjectNode();
        try (RunningServices running = RunningServices.stoppedOnSignal()) {
            running.start(stack);
            LogsAddOn logs = running.start(LogsAddOn.on(stack));
            ElasticsearchClient es = logs.elasticsearch().client();
            try (MemoryPeaks memory = MemoryPeaks.watch(List.of(logs.elasticsearch(), logs.shipper(), logs.exporter()))) {
                String steady = LabVolumes.LOGS_PATH + "/drivers/bench-steady-" + System.currentTimeMillis() + ".log";
                int lines = rate * seconds;
                Progress.say("delay: %d lines at %d a second to %s", lines, rate, steady);
                List<long[]> polls = write(stack, es, steady, lines, rate, Duration.ofSeconds(seconds + 120));
                List<Double> delays = delays(es, steady, lines, polls);
                double median = percentile(delays, 50);
                double p95 = percentile(delays, 95);

                String flood = LabVolumes.LOGS_PATH + "/drivers/bench-flood-" + System.currentTimeMillis() + ".log";
                Progress.say("throughput: %d lines at once to %s", burst, flood);
                long t0 = System.currentTimeMillis();
                List<long[]> floodPolls = write(stack, es, flood, burst, 0, Duration.ofMinutes(10));
                long firstWritten = firstTimestamp(es, flood);
                long allSearchable = floodPolls.get(floodPolls.size() - 1)[0];
                double throughput = burst / ((allSearchable - firstWritten) / 1000.0);
                Map<String, Double> peaks = memory.mib();

                System.out.println();
                System.out.printf(Locale.ROOT, "Logs benchmark (Spark's log files -> rsyslog -> Elasticsearch, this machine)%n");
                System.out.printf(Locale.ROOT, "  delay written -> searchable   median %.2f s, p95 %.2f s, max %.2f s  (%d lines at %d/s; polled every %d ms)%n",
                        median, p95, delays.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN), lines, rate, POLL.toMillis());
                System.out.printf(Locale.ROOT, "  throughput                    %,.0f lines/s  (%,d lines written at once, all searchable %.1f s after the first was written)%n",
                        throughput, burst, (allSearchable - firstWritten) / 1000.0);
                peaks.forEach((name, mib) -> System.out.printf(Locale.ROOT, "  memory peak  %-22s %7.1f MiB%n", name, mib));
                System.out.printf(Locale.ROOT, "  memory peak  logs add-on in all     %7.1f MiB%n", peaks.values().stream().mapToDouble(Double::doubleValue).sum());
                report.put("steadyRate", rate);
                report.put("steadyLines", lines);
                report.put("delayMedianSeconds", median);
                report.put("delayP95Seconds", p95);
                report.put("pollMillis", POLL.toMillis());
                report.put("floodLines", burst);
                report.put("throughputLinesPerSecond", throughput);
                report.put("floodSeconds", (allSearchable - firstWritten) / 1000.0);
                report.putPOJO("peakMemoryMiB", peaks);
                report.put("floodStartedAt", Instant.ofEpochMilli(t0).toString());
            }
        }
        BenchmarkFile.write(project, "logs", report);
        return 0;
    }

    /**
     * Runs the writer in the master container and, meanwhile and after, counts the file's documents
     * every 100 ms until all are searchable: the polls as [time in ms, count], the last one complete.
     */
    private static List<long[]> write(LabStack stack, ElasticsearchClient es, String file, int lines, int rate, Duration timeout) {
        CompletableFuture<String> writer = CompletableFuture.supplyAsync(() -> {
            try {
                var result = stack.master().execInContainer("java", "-cp", JAR, "io.sparklab.jobs.LogLineWriter",
                        "--file", file, "--lines", Integer.toString(lines), "--rate", Integer.toString(rate));
                if (result.getExitCode() != 0) {
                    throw new LabException("The log writer failed: " + result.getStderr());
                }
                return result.getStdout().strip();
            } catch (java.io.IOException | InterruptedException e) {
                throw new LabException("Cannot run the log writer in the master container: " + e.getMessage(), e);
            }
        });
        JsonNode query = ElasticsearchClient.allOf(Map.of("log_file", file));
        List<long[]> polls = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        long count = 0;
        while (count < lines) {
            if (Instant.now().isAfter(deadline)) {
                throw new LabException("Only " + count + " of " + lines + " lines of " + file + " were searchable after " + timeout.toSeconds() + " s");
            }
            if (writer.isCompletedExceptionally()) {
                writer.join();
            }
            try {
                count = es.count(LogsAddOn.INDEX_PATTERN, query);
            } catch (RuntimeException e) {
                count = polls.isEmpty() ? 0 : polls.get(polls.size() - 1)[1]; // index not made yet
            }
            polls.add(new long[] {System.currentTimeMillis(), count});
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabException("interrupted", e);
            }
        }
        Progress.say("  %s", writer.join());
        return polls;
    }

    /** Each line's delay: from its own timestamp to the first poll whose count reached it. */
    private static List<Double> delays(ElasticsearchClient es, String file, int lines, List<long[]> polls) {
        List<Long> written = timestamps(es, file, lines);
        List<Double> delays = new ArrayList<>();
        int poll = 0;
        for (int i = 0; i < written.size(); i++) {
            while (polls.get(poll)[1] < i + 1) {
                poll++;
            }
            delays.add((polls.get(poll)[0] - written.get(i)) / 1000.0);
        }
        return delays;
    }

    /** The file's documents' @timestamp (when each line was written), oldest first. */
    private static List<Long> timestamps(ElasticsearchClient es, String file, int lines) {
        ObjectNode body = HttpJson.MAPPER.createObjectNode();
        body.set("query", ElasticsearchClient.allOf(Map.of("log_file", file)));
        body.put("size", Math.min(lines, 10_000));
        body.putArray("_source").add("@timestamp");
        body.putArray("sort").addObject().putObject("@timestamp").put("order", "asc");
        List<Long> times = new ArrayList<>();
        es.search(LogsAddOn.INDEX_PATTERN, body).path("hits").path("hits")
                .forEach(hit -> times.add(Instant.parse(hit.path("_source").path("@timestamp").asText()).toEpochMilli()));
        return times;
    }

    private static long firstTimestamp(ElasticsearchClient es, String file) {
        return timestamps(es, file, 1).get(0);
    }

    static double percentile(List<Double> values, int p) {
        List<Double> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
