package io.sparklab.logs;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparklab.client.HttpJson;
import io.sparklab.stack.ImageBuilder;
import io.sparklab.stack.LabAddOn;
import io.sparklab.stack.LabException;
import io.sparklab.stack.LabImage;
import io.sparklab.stack.LabStack;
import io.sparklab.stack.Progress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The logs add-on on a lab stack: Elasticsearch as {@code elasticsearch:9200}, the shipper (rsyslog)
 * reading the stack's spark-logs volume, where every driver and executor writes its log (see
 * config/spark-log4j2.properties), and the Elasticsearch exporter. The shipper reads files from their
 * beginning, so the logs of applications that ran before the add-on started are shipped too.
 * Elasticsearch gets the index template (config/logs/spark-logs-template.json) before the shipper
 * sends its first line, so no index is made with guessed field types.
 */
public final class LogsAddOn extends LabAddOn {
    /** Prometheus jobs of config/prometheus.yml whose targets exist only while the add-on runs. */
    public static final Set<String> PROMETHEUS_JOBS = Set.of("elasticsearch", "log-shipper");
    static final Map<String, LogsService> TARGET_FILES = Map.of(
            "elasticsearch.json", LogsService.ELASTICSEARCH_EXPORTER, "log-shipper.json", LogsService.LOG_SHIPPER);
    /** The daily indices the shipper writes (spark-logs-YYYY-MM-DD), and their template. */
    public static final String INDEX_PATTERN = "spark-logs-*";
    static final String TEMPLATE_NAME = "spark-logs";
    static final String TEMPLATE_FILE = "logs/spark-logs-template.json";

    private final String logsVolume;
    private final LogRetention retention = LogRetention.configured();
    private java.util.concurrent.ScheduledExecutorService retentionTimer;
    private ElasticsearchContainer elasticsearch;
    private ElasticsearchExporterContainer exporter;
    private LogShipperContainer shipper;

    /** The add-on on a running lab stack: its network, its spark-logs volume, Prometheus' add-on target folder. */
    public static LogsAddOn on(LabStack stack) {
        LogsAddOn addOn = new LogsAddOn(stack);
        addOn.scrapedBy(stack);
        return addOn;
    }

    private LogsAddOn(LabStack stack) {
        super(stack.network(), stack.project());
        if (stack.volumes() == null) {
            throw new IllegalStateException("the logs add-on needs a started lab stack (its spark-logs volume)");
        }
        this.logsVolume = stack.volumes().logs();
    }

    @Override
    protected Map<String, LogsService> targetFiles() {
        return TARGET_FILES;
    }

    @Override
    public synchronized void start() {
        if (elasticsearch != null) {
            return;
        }
        long t0 = System.nanoTime();
        ImageBuilder images = new ImageBuilder(project);
        JsonNode template = readTemplate(project.config(TEMPLATE_FILE));
        String shipperImage = images.resolve(LabImage.LOG_SHIPPER);
        var config = LogShipperConfig.check(project, shipperImage);
        if (!LogShipperConfig.passed(config)) {
            throw new LabException("The log shipper's config " + project.config("logs/rsyslog.conf") + " does not pass rsyslogd -N1:\n"
                    + config.output());
        }
        elasticsearch = new ElasticsearchContainer(images.resolve(LabImage.ELASTICSEARCH), network);
        exporter = new ElasticsearchExporterContainer(images.resolve(LabImage.ELASTICSEARCH_EXPORTER), network);
        shipper = new LogShipperContainer(shipperImage, network, project, logsVolume);
        applyProfile(elasticsearch, exporter, shipper);
        if (planPorts()) {
            elasticsearch.withPlanNameAndPorts(LogsService.ELASTICSEARCH.alias());
            exporter.withPlanNameAndPorts(LogsService.ELASTICSEARCH_EXPORTER.alias());
            shipper.withPlanNameAndPorts(LogsService.LOG_SHIPPER.alias());
        }
        try {
            elasticsearch.start();
            try {
                elasticsearch.client().putIndexTemplate(TEMPLATE_NAME, template);
            } catch (RuntimeException e) {
                throw new LabException("Elasticsearch refused the index template " + project.config(TEMPLATE_FILE) + ": "
                        + e.getMessage(), e);
            }
            applyRetention();
            // Hourly while the add-on runs (a `./lab up` may run for days): whole days past the retention go.
            retentionTimer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "logs-retention");
                t.setDaemon(true);
                return t;
            });
            retentionTimer.scheduleAtFixedRate(this::applyRetention, 1, 1, java.util.concurrent.TimeUnit.HOURS);
            exporter.start();
            shipper.start();
            writeTargets(true);
            Progress.say("logs ready in %.1f s: Elasticsearch %s, shipper counters %s", (System.nanoTime() - t0) / 1e9,
                    elasticsearch.url(), shipper.metricsUrl());
        } catch (RuntimeException e) {
            stop();
            throw e instanceof LabException ? e : new LabException("The logs add-on failed to start: " + e.getMessage(), e);
        }
    }

    /** Deletes the daily indices past the retention now; says which. */
    public synchronized java.util.List<String> applyRetention() {
        if (elasticsearch == null) {
            return java.util.List.of();
        }
        try {
            java.util.List<String> deleted = retention.apply(elasticsearch.client(), java.time.LocalDate.now(java.time.ZoneOffset.UTC));
            if (!deleted.isEmpty()) {
                Progress.say("logs retention (%d days): deleted %s", retention.days(), deleted);
            }
            return deleted;
        } catch (RuntimeException e) {
            Progress.say("logs retention could not run: %s", e.getMessage());
            return java.util.List.of();
        }
    }

    public LogRetention retention() {
        return retention;
    }

    private static JsonNode readTemplate(Path file) {
        try {
            return HttpJson.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new LabException("Cannot read the logs index template " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void stop() {
        if (retentionTimer != null) {
            retentionTimer.shutdownNow();
            retentionTimer = null;
        }
        reportRefusedRequests();
        try {
            writeTargets(false);
        } catch (RuntimeException e) {
            Progress.say("could not empty the logs target lists: %s", e.getMessage());
        } finally {
            for (var container : new io.sparklab.stack.LabContainer<?>[] {shipper, exporter, elasticsearch}) {
                try {
                    if (container != null) {
                        container.stop();
                    }
                } catch (RuntimeException e) {
                    Progress.say("could not stop %s: %s", container.service().alias(), e.getMessage());
                }
            }
            shipper = null;
            exporter = null;
            elasticsearch = null;
        }
    }

    /** Says, before the shipper goes, whether Elasticsearch refused any of its requests (their events are not indexed). */
    private void reportRefusedRequests() {
        if (shipper == null || !shipper.isRunning()) {
            return;
        }
        try {
            java.util.List<String> refused = shipper.refusedRequests();
            if (!refused.isEmpty()) {
                String first = refused.get(0);
                Progress.say("the shipper's error file holds %d request(s) Elasticsearch answered with errors; the first: %s",
                        refused.size(), first.length() > 2000 ? first.substring(0, 2000) + "..." : first);
            }
        } catch (RuntimeException e) {
            Progress.say("could not read the shipper's error file: %s", e.getMessage());
        }
    }

    public ElasticsearchContainer elasticsearch() {
        return started(elasticsearch);
    }

    public LogShipperContainer shipper() {
        return started(shipper);
    }

    public ElasticsearchExporterContainer exporter() {
        return started(exporter);
    }

    private static <T> T started(T container) {
        if (container == null) {
            throw new IllegalStateException("the logs add-on is not started");
        }
        return container;
    }
}
