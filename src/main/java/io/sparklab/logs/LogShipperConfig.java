package io.sparklab.logs;

import io.sparklab.stack.DockerRun;
import io.sparklab.stack.LabProject;

/**
 * Checks the shipper's config (config/logs) with rsyslog itself, {@code rsyslogd -N1}, in the
 * shipper's image: rsyslog starts with a broken statement left out, so a mistake would otherwise show
 * only as lines that never arrive. rsyslog's message names the file and the line.
 */
public final class LogShipperConfig {
    private LogShipperConfig() {
    }

    /** rsyslog's verdict on config/logs/rsyslog.conf (and the rule base it loads). */
    public static DockerRun.Result check(LabProject project, String shipperImage) {
        if (!java.nio.file.Files.isRegularFile(project.config("logs").resolve("rsyslog.conf"))) {
            // a failed check like rsyslog's own, so ./lab check still lists every other verdict
            return new DockerRun.Result(1, "error: missing config/logs/rsyslog.conf (the log shipper's configuration)");
        }
        return new DockerRun(shipperImage).mount(project.config("logs"), LogShipperContainer.CONFIG_PATH)
                .run("rsyslogd", "-N1", "-f", LogShipperContainer.CONFIG_PATH + "/rsyslog.conf");
    }

    /** Whether rsyslog took it without complaint: exit 0 and no error line. */
    public static boolean passed(DockerRun.Result result) {
        return result.exitCode() == 0 && !result.output().contains("error");
    }
}
