package io.sparklab.report;

import io.sparklab.client.PrometheusClient;
import io.sparklab.dashboards.Dashboard;
import io.sparklab.dashboards.PanelQuery;
import io.sparklab.stack.Progress;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.time.FixedMillisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;

/**
 * The run report, for graders and CI runs where nobody watches Grafana: target/lab-report/index.html
 * with, per dashboard, a chart of each panel's data over the run (PNG, drawn with JFreeChart from
 * the same PromQL the panel uses), the alerts that fired with their times, and the result of each
 * lab part.
 */
public final class LabReport {
    /** One lab part's outcome. */
    public record PartResult(String name, String outcome, int tests, int failed, int skipped, List<String> notes) {
    }

    /** One alert that fired during the run (from Prometheus' ALERTS series). */
    public record FiredAlert(String alertname, Map<String, String> labels, Instant from, Instant to) {
    }

    private static final Duration STEP = Duration.ofSeconds(5);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final PrometheusClient prometheus;
    private final List<Dashboard> dashboards;
    private final Instant from;
    private final Instant to;
    private final List<FaultWindow> faults;
    /** The chart files written so far, so that no chart replaces another. */
    private final java.util.Set<String> chartFiles = new java.util.HashSet<>();

    public LabReport(PrometheusClient prometheus, List<Dashboard> dashboards, Instant from, Instant to) {
        this(prometheus, dashboards, from, to, List.of());
    }

    /** {@code faults}: the faults injected during the window, shaded and named on every chart. */
    public LabReport(PrometheusClient prometheus, List<Dashboard> dashboards, Instant from, Instant to, List<FaultWindow> faults) {
        this.prometheus = prometheus;
        this.dashboards = dashboards;
        this.from = from;
        this.to = to;
        this.faults = List.copyOf(faults);
    }

    /** Writes index.html and the charts into {@code dir}; returns index.html. */
    public Path write(Path dir, List<PartResult> parts) {
        System.setProperty("java.awt.headless", "true");
        chartFiles.clear();
        try {
            Files.createDirectories(dir.resolve("charts"));
            StringBuilder html = new StringBuilder();
            html.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Spark Observability Lab: run report</title>")
                    .append("<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}")
                    .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}.passed{color:#1a7f37}.failed{color:#cf222e}")
                    .append(".skipped{color:#9a6700}img{border:1px solid #ddd;margin:4px}figure{display:inline-block;margin:0}")
                    .append("figcaption{font-size:90%;max-width:760px}</style></head><body>")
                    .append("<h1>Spark Observability Lab: run report</h1>")
                    .append("<p>Window ").append(TIME.format(from)).append(" to ").append(TIME.format(to))
                    .append(" UTC (").append(Duration.between(from, to).toSeconds()).append(" s).</p>");
            appendParts(html, parts);
            appendAlerts(html, firedAlerts());
            appendFaults(html);
            for (Dashboard dashboard : dashboards) {
                appendDashboard(html, dashboard, dir);
            }
            html.append("</body></html>\n");
            Path index = dir.resolve("index.html");
            Files.writeString(index, html);
            Progress.say("run report written to %s", index);
            return index;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void appendParts(StringBuilder html, List<PartResult> parts) {
        html.append("<h2>Lab parts</h2>");
        if (parts.isEmpty()) {
            html.append("<p>No lab part ran (a run by hand).</p>");
            return;
        }
        html.append("<table><tr><th>part</th><th>result</th><th>tests</th><th>failed</th><th>skipped</th><th>notes</th></tr>");
        for (PartResult p : parts) {
            html.append("<tr><td>").append(esc(p.name())).append("</td><td class=\"").append(p.outcome()).append("\">")
                    .append(p.outcome()).append("</td><td>").append(p.tests()).append("</td><td>").append(p.failed())
                    .append("</td><td>").append(p.skipped()).append("</td><td>").append(esc(String.join("; ", p.notes())))
                    .append("</td></tr>");
        }
        html.append("</table>");
    }

    /** Alerts that were firing at some point of the window, with when they started and ended. */
    public List<FiredAlert> firedAlerts() {
        List<FiredAlert> alerts = new ArrayList<>();
        for (PrometheusClient.RangeSeries s : prometheus.queryRange("ALERTS{alertstate=\"firing\"}", from, to, STEP)) {
            Map<String, String> labels = new TreeMap<>(s.labels());
            labels.remove("__name__");
            labels.remove("alertstate");
            String name = labels.remove("alertname");
            List<PrometheusClient.Point> points = s.points();
            // Split the series into episodes: a gap longer than two steps ends one.
            Instant start = null;
            Instant last = null;
            for (PrometheusClient.Point p : points) {
                if (start != null && Duration.between(last, p.time()).compareTo(STEP.multipliedBy(2)) > 0) {
                    alerts.add(new FiredAlert(name, labels, start, last));
                    start = null;
                }
                if (start == null) {
                    start = p.time();
                }
                last = p.time();
            }
            if (start != null) {
                alerts.add(new FiredAlert(name, labels, start, last));
            }
        }
        alerts.sort((a, b) -> a.from().compareTo(b.from()));
        return alerts;
    }

    private void appendAlerts(StringBuilder html, List<FiredAlert> alerts) {
        html.append("<h2>Alerts that fired</h2>")
                .append("<p>The Watchdog fires for the whole run by design: it is the heartbeat of the alerting path.</p>");
        if (alerts.isEmpty()) {
            html.append("<p>None.</p>");
            return;
        }
        html.append("<table><tr><th>alert</th><th>firing from</th><th>to (last seen)</th><th>labels</th></tr>");
        for (FiredAlert a : alerts) {
            html.append("<tr><td>").append(esc(a.alertname())).append("</td><td>").append(TIME.format(a.from()))
                    .append("</td><td>").append(TIME.format(a.to())).append("</td><td>").append(esc(a.labels().toString()))
                    .append("</td></tr>");
        }
        html.append("</table>");
    }

    private void appendFaults(StringBuilder html) {
        if (faults.isEmpty()) {
            return;
        }
        html.append("<h2>Faults injected (shaded red and numbered on the charts)</h2>")
                .append("<table><tr><th>#</th><th>fault</th><th>from</th><th>to</th><th>seconds</th></tr>");
        for (int i = 0; i < faults.size(); i++) {
            FaultWindow f = faults.get(i);
            html.append("<tr><td>").append(i + 1).append("</td><td>").append(esc(f.name())).append("</td><td>").append(TIME.format(f.from())).append("</td><td>")
                    .append(TIME.format(f.to())).append("</td><td>").append(Duration.between(f.from(), f.to()).toSeconds())
                    .append("</td></tr>");
        }
        html.append("</table>");
    }

    private void appendDashboard(StringBuilder html, Dashboard dashboard, Path dir) throws IOException {
        html.append("<h2>").append(esc(dashboard.title())).append(" <small>(").append(esc(dashboard.uid())).append(")</small></h2>");
        for (Dashboard.Panel panel : dashboard.panels()) {
            if (!panel.targets().isEmpty() && panel.targets().stream().allMatch(Dashboard.Target::elasticsearch)) {
                html.append("<p><b>").append(esc(panel.title())).append("</b>: an Elasticsearch panel (Spark's logs), not charted here;"
                        + " Part 8 sends its query to Elasticsearch. ").append(esc(panel.description())).append("</p>");
                continue;
            }
            ChartUnit unit = ChartUnit.of(panel.unit());
            TimeSeriesCollection data = new TimeSeriesCollection();
            // A query that cannot be charted is said under its chart: one bad panel (a variable the
            // dashboard does not define, a query Prometheus refuses) must not cost the rest of the report.
            List<String> notCharted = new ArrayList<>();
            for (Dashboard.Target target : panel.targets()) {
                if (target.elasticsearch()) {
                    continue; // the report charts what Prometheus has
                }
                List<PrometheusClient.RangeSeries> result;
                try {
                    String promql = PanelQuery.expand(target.expr(), dashboard, Map.of(), Duration.ofSeconds(5), STEP);
                    result = prometheus.queryRange(promql, from, to, STEP);
                } catch (RuntimeException e) {
                    notCharted.add("query " + target.refId() + " not charted: " + e.getMessage());
                    continue;
                }
                for (PrometheusClient.RangeSeries s : result) {
                    TimeSeries series = new TimeSeries(legend(target.legendFormat(), s.labels(), data));
                    addWithGaps(series, s.points(), unit.factor());
                    data.addSeries(series);
                }
            }
            // Panel ids are unique in a dashboard Grafana saved, not in one edited by hand: a second
            // panel with the same id gets a file of its own rather than replacing the first's chart.
            String file = "charts/" + dashboard.uid() + "-" + panel.id() + ".png";
            for (int n = 2; !chartFiles.add(file); n++) {
                file = "charts/" + dashboard.uid() + "-" + panel.id() + "-" + n + ".png";
            }
            // A legend whenever there is more than one line to tell apart.
            JFreeChart chart = ChartFactory.createTimeSeriesChart(panel.title(), "time (UTC)", unit.label(), data,
                    data.getSeriesCount() > 1, false, false);
            XYPlot plot = chart.getXYPlot();
            plot.setBackgroundPaint(Color.WHITE);
            plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
            plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
            if (data.getSeriesCount() == 0) {
                plot.setNoDataMessage("no data in this window");
            }
            markFaults(plot);
            ChartUtils.saveChartAsPNG(dir.resolve(file).toFile(), chart, 760, data.getSeriesCount() > 6 ? 400 : 320);
            html.append("<figure><img src=\"").append(file).append("\" alt=\"").append(esc(panel.title()))
                    .append("\"><figcaption>").append(esc(panel.description()));
            for (String note : notCharted) {
                html.append("<br><b>").append(esc(note)).append("</b>");
            }
            html.append("</figcaption></figure>");
        }
    }

    /**
     * The points, scaled to the axis' unit, with a break wherever Prometheus had no sample for more
     * than two steps: a null item ends the line, so a target that was down is a gap, not a ramp.
     */
    static void addWithGaps(TimeSeries series, List<PrometheusClient.Point> points, double factor) {
        Instant previous = null;
        for (PrometheusClient.Point p : points) {
            if (!Double.isFinite(p.value())) {
                continue;
            }
            if (previous != null && Duration.between(previous, p.time()).compareTo(STEP.multipliedBy(2)) > 0) {
                series.addOrUpdate(new FixedMillisecond(Date.from(previous.plus(STEP))), null);
            }
            series.addOrUpdate(new FixedMillisecond(Date.from(p.time())), p.value() * factor);
            previous = p.time();
        }
    }

    /** Shades each injected fault on the chart, named, so a reader sees cause beside effect. */
    private void markFaults(XYPlot plot) {
        for (int i = 0; i < faults.size(); i++) {
            FaultWindow fault = faults.get(i);
            if (fault.to().isBefore(from) || fault.from().isAfter(to)) {
                continue;
            }
            IntervalMarker marker = new IntervalMarker(fault.from().toEpochMilli(), fault.to().toEpochMilli());
            marker.setPaint(new Color(255, 120, 120, 60));
            // The fault's number in the report's table: names of neighbouring faults would overlap.
            marker.setLabel(Integer.toString(i + 1));
            marker.setLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 10));
            marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            plot.addDomainMarker(marker, Layer.BACKGROUND);
        }
    }

    /** Grafana's legend format ({{label}}) filled with the series' labels, made unique in its chart. */
    static String legend(String format, Map<String, String> labels, TimeSeriesCollection chart) {
        String text = format == null || format.isBlank() ? labels.toString() : format;
        for (Map.Entry<String, String> label : labels.entrySet()) {
            text = text.replace("{{" + label.getKey() + "}}", label.getValue()).replace("{{ " + label.getKey() + " }}", label.getValue());
        }
        String base = text.replaceAll("\\{\\{[^}]*}}", "").strip();
        String key = base;
        for (int n = 2; chart.getSeries(key) != null; n++) {
            key = base + " #" + n;
        }
        return key;
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
