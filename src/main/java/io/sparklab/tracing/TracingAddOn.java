package io.sparklab.tracing;

import io.sparklab.stack.ImageBuilder;
import io.sparklab.stack.LabAddOn;
import io.sparklab.stack.LabException;
import io.sparklab.stack.LabImage;
import io.sparklab.stack.LabProject;
import io.sparklab.stack.LabStack;
import io.sparklab.stack.Progress;
import java.util.Map;
import java.util.Set;
import org.testcontainers.containers.Network;

/**
 * The traces add-on on a lab network: Zipkin as {@code zipkin:9411}, where the driver's tracing
 * listener (io.sparklab.jobs.TracingListener) sends its spans by default. The listener sends only when
 * that name resolves, so an application submitted while the add-on runs is traced and one submitted
 * without it runs as before, without export errors.
 */
public final class TracingAddOn extends LabAddOn {
    /** Prometheus jobs of config/prometheus.yml whose targets exist only while the add-on runs. */
    public static final Set<String> PROMETHEUS_JOBS = Set.of("zipkin");
    /** Zipkin's span intake and drops, scraped at /prometheus (file_sd list in the stack's add-on folder). */
    static final Map<String, TracingService> TARGET_FILES = Map.of("zipkin.json", TracingService.ZIPKIN);

    private ZipkinContainer zipkin;

    /** The add-on on a running lab stack: its network, and Prometheus' add-on target folder. */
    public static TracingAddOn on(LabStack stack) {
        TracingAddOn addOn = new TracingAddOn(stack.network(), stack.project());
        addOn.scrapedBy(stack);
        return addOn;
    }

    /** The add-on on a network of its own making (no Prometheus scrapes it). */
    public TracingAddOn(Network network, LabProject project) {
        super(network, project);
    }

    @Override
    protected Map<String, TracingService> targetFiles() {
        return TARGET_FILES;
    }

    @Override
    public synchronized void start() {
        if (zipkin != null) {
            return;
        }
        long t0 = System.nanoTime();
        zipkin = new ZipkinContainer(new ImageBuilder(project).resolve(LabImage.ZIPKIN), network);
        applyProfile(zipkin);
        if (planPorts()) {
            zipkin.withPlanNameAndPorts(TracingService.ZIPKIN.alias()); // ./lab up: http://localhost:9411/zipkin/
        }
        try {
            zipkin.start();
            writeTargets(true);
            Progress.say("zipkin ready in %.1f s: %s", (System.nanoTime() - t0) / 1e9, zipkin.url() + "/zipkin/");
        } catch (RuntimeException e) {
            stop();
            throw e instanceof LabException ? e : new LabException("The traces add-on failed to start: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void stop() {
        try {
            writeTargets(false);
        } catch (RuntimeException e) {
            Progress.say("could not empty the traces target list: %s", e.getMessage());
        } finally {
            if (zipkin != null) {
                zipkin.stop();
            }
            zipkin = null;
        }
    }

    public ZipkinContainer zipkin() {
        if (zipkin == null) {
            throw new IllegalStateException("the traces add-on is not started");
        }
        return zipkin;
    }
}
