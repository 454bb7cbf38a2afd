package io.sparklab.support;

import io.sparklab.stack.LabContainer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Java processes running in a container, read from /proc (every lab image has a shell and tr;
 * no ps needed), with the heap each may grow to: its -Xmx, or, without one, what the JVM's
 * ergonomics give inside a container limit (a quarter of it).
 */
public final class JavaProcesses {
    private static final Pattern XMX = Pattern.compile("-Xmx(\\d+)([kKmMgG]?)");
    private static final Pattern MAIN_CLASS = Pattern.compile("^(?:org|io|com)\\.[\\w.$]+$");

    /** One JVM: its main class (or the jar), its heap limit in MiB, -1 where it sets none. */
    public record JavaProcess(String main, long xmxMiB) {
        /** The most heap it can take inside a container limited to {@code limitMiB}. */
        public long maxHeapMiB(long limitMiB) {
            return xmxMiB >= 0 ? xmxMiB : limitMiB / 4;
        }
    }

    private JavaProcesses() {
    }

    public static List<JavaProcess> in(LabContainer<?> container) {
        String out;
        try {
            var result = container.execInContainer("sh", "-c",
                    "for f in /proc/[0-9]*/cmdline; do tr '\\000' ' ' < \"$f\" 2>/dev/null; echo; done");
            out = result.getStdout();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list the processes of " + container.service().alias() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<JavaProcess> processes = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] tokens = line.strip().split("\\s+");
            if (tokens.length == 0 || !(tokens[0].equals("java") || tokens[0].endsWith("/java"))) {
                continue;
            }
            long xmx = -1;
            String main = "?";
            for (String token : tokens) {
                Matcher m = XMX.matcher(token);
                if (m.matches()) {
                    xmx = mib(Long.parseLong(m.group(1)), m.group(2));
                } else if (main.equals("?") && MAIN_CLASS.matcher(token).matches()) {
                    main = token;
                }
            }
            processes.add(new JavaProcess(main, xmx));
        }
        return processes;
    }

    private static long mib(long value, String unit) {
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "k" -> value / 1024;
            case "m" -> value;
            case "g" -> value * 1024;
            default -> value / (1024 * 1024);
        };
    }
}
