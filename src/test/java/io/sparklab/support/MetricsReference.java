package io.sparklab.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * docs/metrics.md, the metrics reference, read as its tables: one row per metric, as many cells as its
 * table's header (name, type, job, labels, what, example query). A row with more or fewer cells (a row
 * pasted into another, a `|` not escaped as `\|`) fails naming the file and line: GitHub would show
 * that table broken too, and a test that looked for its own row alone would not see it.
 */
public final class MetricsReference {
    public static final String FILE = "docs/metrics.md";

    /** A metric's row: its line in the file, its name (without backticks) and its cells. */
    public record Row(int line, String name, List<String> cells) {
        public String type() {
            return cells.get(1);
        }

        public String job() {
            return cells.get(2);
        }

        public String labels() {
            return cells.get(3);
        }

        /** What it measures, with the part it belongs to where it exists only then (*streaming part*). */
        public String what() {
            return cells.get(4);
        }
    }

    private MetricsReference() {
    }

    /** Every metric row of {@code root}'s docs/metrics.md, in the file's order. */
    public static List<Row> rows(Path root) {
        List<String> lines;
        try {
            lines = Files.readAllLines(root.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + FILE, e);
        }
        List<Row> rows = new ArrayList<>();
        int header = -1;
        boolean metricTable = false;
        boolean delimiterNext = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.startsWith("|")) {
                if (delimiterNext) {
                    throw orphan(i - 1, lines.get(i - 1));
                }
                if (header >= 0 && line.matches(".*(?<!\\\\)\\|.*")) {
                    // GitHub takes it as a row of the table; read as text, the metric would be lost.
                    throw new AssertionError(String.format("%s:%d: a table row without its leading |: %s", FILE, i + 1, line));
                }
                header = -1; // the table ended: the next one has a header of its own
                continue;
            }
            List<String> cells = cells(line);
            boolean delimiter = cells.stream().allMatch(c -> c.matches(":?-+:?"));
            if (header < 0) {
                header = cells.size();
                // A table of metrics (name, type, job, labels, what, ...); another table of the page (ports,
                // a legend) is checked for its shape but holds no metric rows.
                metricTable = cells.size() >= 5 && cells.subList(1, 4).equals(List.of("type", "job", "labels"));
                delimiterNext = true;
                continue;
            }
            if (delimiterNext) {
                if (!delimiter) {
                    throw orphan(i - 1, lines.get(i - 1));
                }
                delimiterNext = false;
                continue;
            }
            if (cells.size() != header) {
                throw new AssertionError(String.format("%s:%d: a row of %d cells in a table of %d (a row pasted into another,"
                        + " or a | in a cell not written \\|): %s", FILE, i + 1, cells.size(), header, line));
            }
            if (metricTable) {
                rows.add(new Row(i + 1, cells.get(0).replace("`", ""), cells));
            }
        }
        if (delimiterNext) {
            throw orphan(lines.size() - 1, lines.get(lines.size() - 1));
        }
        return rows;
    }

    /**
     * A table's first line with no |---| line under it: rows after a blank line inside a table (which
     * ends it), taken as a new table's header and lost; GitHub shows them as text.
     */
    private static AssertionError orphan(int index, String line) {
        return new AssertionError(String.format("%s:%d: a table line with no |---| line under it (a blank line above it ends"
                + " the table; GitHub shows it as text): %s", FILE, index + 1, line.strip()));
    }

    /**
     * The rows of the metrics that exist only in one part or after one event, marked so in their "what"
     * cell: "*streaming part*", "*logs part*", "after a failed run".
     */
    public static List<Row> rowsMarked(Path root, String marker) {
        return rows(root).stream().filter(r -> r.what().contains(marker)).toList();
    }

    /** The series that tells whether the metric has data: a histogram's _count, else its own name. */
    public static String seriesOf(Row row) {
        return row.type().equals("histogram") ? row.name() + "_count" : row.name();
    }

    /** The rows of metric {@code name}. */
    public static List<Row> rowsOf(Path root, String name) {
        return rows(root).stream().filter(r -> r.name().equals(name)).toList();
    }

    private static List<String> cells(String line) {
        String inner = line.substring(1, line.endsWith("|") && !line.endsWith("\\|") ? line.length() - 1 : line.length());
        return Arrays.stream(inner.split("(?<!\\\\)\\|", -1)).map(String::strip).toList();
    }
}
