package io.sparklab.jobs;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes log lines in the lab's Spark format (config/spark-log4j2.properties) to a file, at a steady
 * rate or as fast as it can, each stamped with the moment it was written and flushed at once: the
 * load of the logs benchmark (./lab bench-logs), run where the spark-logs volume is mounted.
 * Every tenth line carries a two-line stack trace, as Spark's WARN and ERROR lines often do.
 * <pre>java -cp etl-job.jar io.sparklab.jobs.LogLineWriter --file F --lines N [--rate LINES_PER_S]</pre>
 */
public final class LogLineWriter {
    static final String USAGE = "usage: LogLineWriter --file F --lines N [--rate LINES_PER_S] (rate 0: as fast as it can)";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

    private LogLineWriter() {
    }

    /** The options: where, how many lines, and how many a second (0: as fast as it can). */
    record Options(Path file, long lines, long rate) {
        static Options parse(String... args) {
            NameValueArgs options = NameValueArgs.byName(USAGE, args);
            String file = options.take("file", "");
            long lines = options.takeLong("lines", -1, 1);
            long rate = options.takeLong("rate", 0, 0);
            options.refuseUnknown();
            if (file.isBlank() || lines == -1) {
                throw options.refusal("LogLineWriter needs --file and --lines");
            }
            return new Options(Path.of(file), lines, rate);
        }
    }

    public static void main(String[] args) throws IOException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("LogLineWriter: " + e.getMessage());
            System.exit(64);
            return;
        }
        Path file = options.file();
        long lines = options.lines();
        long rate = options.rate();
        long start = System.nanoTime();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (long i = 1; i <= lines; i++) {
                if (rate > 0) {
                    long due = start + (long) ((i - 1) * 1e9 / rate);
                    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                }
                String level = i % 10 == 0 ? "ERROR" : "WARN";
                out.write(TIME.format(Instant.now()) + " " + level + " io.sparklab.bench.LogLineWriter [writer] bench - line " + i
                        + " of " + lines + "\n");
                if (i % 10 == 0) {
                    out.write("java.lang.IllegalStateException: benchmark line " + i + "\n\tat io.sparklab.jobs.LogLineWriter.main(LogLineWriter.java:1)\n");
                }
                if (rate > 0) {
                    out.flush(); // at a rate, each line leaves when it is written
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("[log-writer] %d lines in %.2f s (%.0f lines/s) to %s%n", lines, seconds, lines / seconds, file);
    }

}
