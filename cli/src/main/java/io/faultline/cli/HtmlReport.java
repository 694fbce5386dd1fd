package io.faultline.cli;

import io.faultline.adapters.kernellog.UnparsedLine;
import io.faultline.api.Stage;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --html FILE}: one self-contained page (no scripts, no external resources) with inline SVG
 * charts: faults over time per device, and faults by stage with the culprit of each stage.
 */
final class HtmlReport {
    private HtmlReport() {
    }

    private static final int MAX_ROWS = 25;
    private static final int BINS = 60;
    private static final String[] STAGE_COLOURS = {"#b2182b", "#ef8a62", "#fddbc7", "#67a9cf", "#999999"};

    static void write(Triage t, long lines, String title, Writer w) throws IOException {
        StringBuilder h = new StringBuilder(16 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Faultline triage: ")
                .append(esc(title)).append("</title>\n<style>body{font-family:sans-serif;margin:2em;color:#222}"
                + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}"
                + "th{background:#f4f4f4}.note{background:#fff6d5;padding:6px 10px;border-left:4px solid #e0b000}"
                + "code{font-size:90%}</style></head><body>\n");
        h.append("<h1>Faultline triage</h1>\n<p>").append(esc(title)).append(": <b>").append(t.faults).append("</b> fault(s) on <b>")
                .append(t.devices.size()).append("</b> device(s), ").append(lines).append(" lines read.</p>\n");
        if (!t.suppressed.isEmpty()) {
            h.append("<p class=\"note\">The kernel suppressed ").append(t.suppressedTotal()).append(" more message(s) (")
                    .append(esc(TextReport.counts(t.suppressed))).append("): the counts below are lower bounds.</p>\n");
        }
        if (!t.overflows.isEmpty()) {
            h.append("<p class=\"note\">Fault records were lost by a hardware queue overflow (")
                    .append(t.overflowCount).append(" notice(s)).</p>\n");
        }
        h.append("<h2>Faults over time per device</h2>\n");
        timeline(t, h);
        h.append("<h2>Faults by stage and culprit</h2>\n");
        stages(t, h);
        h.append("<h2>Devices</h2>\n<table><tr><th>device</th><th>faults</th><th>first</th><th>last</th><th>stages</th>"
                + "<th>reasons</th><th>suggested action</th></tr>\n");
        for (DeviceSummary d : t.devices.values()) {
            h.append("<tr><td><code>").append(esc(d.key)).append("</code></td><td>").append(d.count).append("</td><td>")
                    .append(esc(d.firstTime())).append("</td><td>").append(esc(d.lastTime()))
                    .append("</td><td>").append(esc(TextReport.counts(d.stages))).append("</td><td>")
                    .append(esc(TextReport.counts(d.reasons))).append("</td><td>").append(d.worst().defaultAction())
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
        if (t.unparsedCount > 0) {
            h.append("<h2>Unparsed fault lines (").append(t.unparsedCount).append(")</h2>\n<table><tr><th>line</th><th>why</th>"
                    + "<th>text</th></tr>\n");
            for (UnparsedEntry e : t.unparsed) {
                UnparsedLine u = e.line();
                h.append("<tr><td>").append(esc(e.where(t.manyFiles))).append("</td><td>").append(esc(u.why())).append("</td><td><code>")
                        .append(esc(u.text().length() > 300 ? u.text().substring(0, 300) + "..." : u.text()))
                        .append("</code></td></tr>\n");
            }
            h.append("</table>\n");
        }
        h.append("</body></html>\n");
        w.write(h.toString());
        w.flush();
    }

    /** One row of BINS bars per device over the common range (kernel seconds when every fault has them, else lines). */
    private static void timeline(Triage t, StringBuilder h) {
        List<DeviceSummary> rows = new ArrayList<>(t.devices.values());
        rows.sort((a, b) -> Long.compare(b.count, a.count));
        if (rows.size() > MAX_ROWS) {
            rows = rows.subList(0, MAX_ROWS);
        }
        boolean bySeconds = true;
        long stride = 1;
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (DeviceSummary d : rows) {
            bySeconds &= !d.untimed;
            stride = Math.max(stride, d.stride);
        }
        for (DeviceSummary d : rows) { // the devices' whole ranges: the last fault need not be a chart point
            lo = Math.min(lo, bySeconds ? d.minSeconds : d.firstGlobalLine);
            hi = Math.max(hi, bySeconds ? d.maxSeconds : d.lastGlobalLine);
        }
        if (rows.isEmpty()) {
            h.append("<p>No faults.</p>\n");
            return;
        }
        int label = 260;
        int rowH = 22;
        int width = label + BINS * 8 + 20;
        int height = rows.size() * rowH + 40;
        h.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" role=\"img\" aria-label=\"faults over time per device\">\n");
        double span = hi > lo ? hi - lo : 1;
        int y = 10;
        for (DeviceSummary d : rows) {
            long[] bins = new long[BINS];
            long max = 1;
            for (int i = 0; i < d.kept; i++) {
                double x = bySeconds ? d.seconds[i] : d.lines[i];
                int b = (int) Math.min(BINS - 1, Math.floor((x - lo) / span * BINS));
                bins[b] += d.weight(i);
                max = Math.max(max, bins[b]);
            }
            h.append("<text x=\"0\" y=\"").append(y + 14).append("\" font-size=\"11\">").append(esc(shorten(d.key)))
                    .append(" (").append(d.count).append(")</text>\n");
            for (int b = 0; b < BINS; b++) {
                if (bins[b] > 0) {
                    int bh = (int) Math.max(2, bins[b] * (rowH - 4) / max);
                    h.append("<rect x=\"").append(label + b * 8).append("\" y=\"").append(y + rowH - 2 - bh)
                            .append("\" width=\"7\" height=\"").append(bh).append("\" fill=\"")
                            .append(STAGE_COLOURS[indexOf(d.worst())]).append("\"><title>").append(d.stride > 1 ? "about " : "")
                            .append(bins[b]).append(" fault(s)</title></rect>\n");
                }
            }
            y += rowH;
        }
        h.append("<text x=\"").append(label).append("\" y=\"").append(y + 20).append("\" font-size=\"11\">")
                .append(bySeconds ? fmt(lo) + " s" : "line " + (long) lo).append("</text>\n");
        h.append("<text x=\"").append(label + BINS * 8).append("\" y=\"").append(y + 20)
                .append("\" font-size=\"11\" text-anchor=\"end\">").append(bySeconds ? fmt(hi) + " s" : "line " + (long) hi)
                .append("</text>\n</svg>\n");
        if (stride > 1) {
            h.append("<p>Devices with more than ").append(DeviceSummary.POINTS).append(" faults are drawn from every ")
                    .append("n-th fault (n up to ").append(stride).append("), each standing for the n faults from it: ")
                    .append("bar heights are exact to within n per bar.</p>\n");
        }
        if (!bySeconds) {
            h.append("<p>Some faults have no kernel timestamp: the axis is the line number")
                    .append(t.manyFiles ? ", counted on through the files in the order given" : "").append(".</p>\n");
        }
    }

    private static void stages(Triage t, StringBuilder h) {
        Map<Stage, Long> total = new EnumMap<>(Stage.class);
        for (DeviceSummary d : t.devices.values()) {
            d.stages.forEach((s, n) -> total.merge(s, n, Long::sum));
        }
        long max = Math.max(1, total.values().stream().mapToLong(Long::longValue).max().orElse(1));
        int rowH = 26;
        h.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"760\" height=\"")
                .append(DeviceSummary.SEVERITY.length * rowH + 10).append("\" role=\"img\" aria-label=\"faults by stage\">\n");
        int y = 5;
        for (Stage s : DeviceSummary.SEVERITY) {
            long n = total.getOrDefault(s, 0L);
            int bw = (int) (n * 300 / max);
            h.append("<text x=\"0\" y=\"").append(y + 16).append("\" font-size=\"12\">").append(s).append("</text>\n");
            h.append("<rect x=\"80\" y=\"").append(y + 3).append("\" width=\"").append(Math.max(n > 0 ? 2 : 0, bw))
                    .append("\" height=\"18\" fill=\"").append(STAGE_COLOURS[indexOf(s)]).append("\"/>\n");
            h.append("<text x=\"").append(90 + bw).append("\" y=\"").append(y + 16).append("\" font-size=\"12\">").append(n)
                    .append(" - culprit ").append(s.culprit()).append(", default action ").append(s.defaultAction())
                    .append("</text>\n");
            y += rowH;
        }
        h.append("</svg>\n");
    }

    private static int indexOf(Stage s) {
        for (int i = 0; i < DeviceSummary.SEVERITY.length; i++) {
            if (DeviceSummary.SEVERITY[i] == s) {
                return i;
            }
        }
        return DeviceSummary.SEVERITY.length - 1;
    }

    private static String fmt(double d) {
        return String.format(java.util.Locale.ROOT, "%.3f", d);
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c < 0x20 && c != '\n' && c != '\t' ? '?' : c);
            }
        }
        return b.toString();
    }
}
