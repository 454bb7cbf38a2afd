package io.sparklab.support;

import io.sparklab.stack.LabStack;
import io.sparklab.stack.LabVolumes;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What Spark wrote to the spark-logs volume, read in the master container (it mounts the volume, as
 * every worker does): the log files of one application and how many log events each holds. An event
 * is a line starting with a timestamp (config/spark-log4j2.properties); the lines after it up to the
 * next such line (a stack trace) belong to it. What the shipper must deliver, counted at the source.
 */
public final class SparkLogFiles {
    private static final String EVENT_START = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T";

    private SparkLogFiles() {
    }

    /** The first line of each event of one log file, in order: what a count that does not add up needs to show. */
    public static List<String> eventLines(LabStack stack, String file) {
        try {
            var result = stack.master().execInContainer("grep", "-E", EVENT_START, file);
            return result.getStdout().lines().toList();
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Every log file of an application, with its number of events: its executors' files (by path) and
     * the file of the driver that logged its id.
     */
    public static Map<String, Long> eventsByFile(LabStack stack, String appId) {
        String logs = LabVolumes.LOGS_PATH;
        String script = "for f in " + logs + "/work/*/" + appId + "/*/stderr $(grep -l -F '" + appId + "' " + logs
                + "/drivers/*.log); do [ -f \"$f\" ] && echo \"$(grep -c -E '" + EVENT_START + "' \"$f\") $f\"; done; true";
        try {
            var result = stack.master().execInContainer("sh", "-c", script);
            if (result.getExitCode() != 0) {
                throw new AssertionError("listing the log files of " + appId + " failed: " + result.getStderr());
            }
            Map<String, Long> events = new TreeMap<>();
            for (String line : result.getStdout().split("\n")) {
                if (!line.isBlank()) {
                    int space = line.indexOf(' ');
                    events.put(line.substring(space + 1), Long.parseLong(line.substring(0, space)));
                }
            }
            return events;
        } catch (IOException e) {
            throw new AssertionError("cannot read the log files of " + appId + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
