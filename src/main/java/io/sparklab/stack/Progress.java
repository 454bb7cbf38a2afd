package io.sparklab.stack;

import java.util.Locale;

/**
 * Progress lines for long work (image builds, stack start-up, job stages), with the seconds since
 * the lab started, so a person watching sees what is happening and how long each step took.
 */
public final class Progress {
    private static final long START = System.nanoTime();

    private Progress() {
    }

    public static void say(String format, Object... args) {
        double seconds = (System.nanoTime() - START) / 1e9;
        String line = String.format(Locale.ROOT, "[lab %6.1fs] %s", seconds, String.format(Locale.ROOT, format, args));
        synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
        }
    }
}
