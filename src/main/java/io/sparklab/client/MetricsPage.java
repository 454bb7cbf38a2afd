package io.sparklab.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One scrape of a /metrics page in Prometheus' text format, read the way Prometheus reads it: each
 * sample's name, labels (quoted values with their escapes) and value, an optional timestamp left out.
 * For what a test or benchmark asks an exporter directly, without waiting for a scrape (the lag
 * exporter asks the broker at each request; the listener's page is current at each batch).
 */
public final class MetricsPage {
    /** A sample: its metric name (with any _total, _bucket, ... suffix), its labels and its value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final String[] SERIES_SUFFIXES = {"_bucket", "_count", "_sum", "_created"};

    private final List<Sample> samples;

    private MetricsPage(List<Sample> samples) {
        this.samples = samples;
    }

    /** Reads {@code url} now (OkHttp, the lab's trust and credentials). */
    public static MetricsPage fetch(String url) {
        return parse(HttpJson.text(url), url);
    }

    /**
     * Parses a page's text; {@code source} names it in an error. A line that is not a sample, a
     * comment or blank is an error naming its line number and text, not a sample silently skipped.
     */
    public static MetricsPage parse(String text, String source) {
        List<Sample> samples = new ArrayList<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                samples.add(sample(line));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + " is not a sample (" + e.getMessage() + "): " + line, e);
            }
        }
        return new MetricsPage(Collections.unmodifiableList(samples));
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The samples of {@code name} that carry every label of {@code labels} with that value (others may have more labels). */
    public List<Sample> samples(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name))
                .filter(s -> labels.entrySet().stream().allMatch(l -> l.getValue().equals(s.labels().get(l.getKey()))))
                .toList();
    }

    /** The sum of those samples: 0 when there are none (a counter not yet created counts nothing). */
    public double sum(String name, Map<String, String> labels) {
        return samples(name, labels).stream().mapToDouble(Sample::value).sum();
    }

    /** The sum of every sample of {@code name}. */
    public double sum(String name) {
        return sum(name, Map.of());
    }

    /**
     * The metric families whose names start with {@code prefix}: a histogram's or summary's
     * _bucket, _count and _sum series (and the _created ones) under their family's name.
     */
    public SortedSet<String> families(String prefix) {
        SortedSet<String> names = new TreeSet<>();
        for (Sample s : samples) {
            if (s.name().startsWith(prefix)) {
                String name = s.name();
                for (String suffix : SERIES_SUFFIXES) {
                    if (name.endsWith(suffix)) {
                        name = name.substring(0, name.length() - suffix.length());
                        break;
                    }
                }
                names.add(name);
            }
        }
        return names;
    }

    /** name, name{labels} then the value, then perhaps a timestamp. */
    private static Sample sample(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && !Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        String name = line.substring(0, i);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("no metric name");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i = labels(line, i + 1, labels);
        }
        String[] rest = line.substring(i).strip().split("\\s+");
        if (rest.length < 1 || rest.length > 2 || rest[0].isEmpty()) {
            throw new IllegalArgumentException("expected a value and at most a timestamp after the name and labels");
        }
        return new Sample(name, Collections.unmodifiableMap(labels), value(rest[0]));
    }

    /** Reads label="value" pairs up to the closing brace; returns the index after it. */
    private static int labels(String line, int i, Map<String, String> labels) {
        while (true) {
            while (i < line.length() && (line.charAt(i) == ',' || line.charAt(i) == ' ')) {
                i++;
            }
            if (i >= line.length()) {
                throw new IllegalArgumentException("labels without a closing brace");
            }
            if (line.charAt(i) == '}') {
                return i + 1;
            }
            int eq = line.indexOf('=', i);
            if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                throw new IllegalArgumentException("a label without =\"value\"");
            }
            String label = line.substring(i, eq).strip();
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            while (true) {
                if (j >= line.length()) {
                    throw new IllegalArgumentException("label " + label + "'s value has no closing quote");
                }
                char c = line.charAt(j);
                if (c == '"') {
                    break;
                }
                if (c == '\\' && j + 1 < line.length()) {
                    char next = line.charAt(++j);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
                j++;
            }
            labels.put(label, value.toString());
            i = j + 1;
        }
    }

    private static double value(String text) {
        return switch (text) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }
}
