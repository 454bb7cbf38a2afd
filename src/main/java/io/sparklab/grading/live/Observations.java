package io.sparklab.grading.live;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** What a live check saw: lines that passed, lines not there yet, and where to look. */
final class Observations {
    private record Line(String mark, String text) {
    }

    private final List<Line> lines = new ArrayList<>();
    private boolean ok = true;

    /** A condition of the check; {@code seen} is printed when it holds, {@code missing} when not. */
    boolean expect(boolean condition, String seen, String missing) {
        lines.add(new Line(condition ? "ok     " : "not yet", condition ? seen : missing));
        ok &= condition;
        return condition;
    }

    void info(String text) {
        lines.add(new Line("       ", text));
    }

    void look(String where) {
        lines.add(new Line("look   ", where));
    }

    boolean allOk() {
        return ok;
    }

    void print(PrintStream out) {
        for (Line l : lines) {
            String[] text = l.text().split("\n");
            out.println("  " + l.mark() + " " + text[0]);
            for (int i = 1; i < text.length; i++) {
                out.println("          " + text[i]);
            }
        }
    }
}
