package io.faultline.cli;

import io.faultline.adapters.kernellog.LogRecord;
import io.faultline.adapters.kernellog.UnparsedLine;
import io.faultline.api.Fault;
import io.faultline.api.Stage;
import java.io.PrintWriter;
import java.util.Map;
import java.util.StringJoiner;

/** The human-readable triage summary. */
final class TextReport {
    private TextReport() {
    }

    static void write(Triage t, long lines, PrintWriter out) {
        out.printf("faultline triage: %d fault%s on %d device%s (%d lines read)%n", t.faults, t.faults == 1 ? "" : "s",
                t.devices.size(), t.devices.size() == 1 ? "" : "s", lines);
        for (DeviceSummary d : t.devices.values()) {
            out.println();
            StringJoiner fam = new StringJoiner(",");
            d.families.forEach(f -> fam.add(f.id()));
            out.printf("%s  [%s]  %d fault%s, %s .. %s%n", d.key, fam, d.count, d.count == 1 ? "" : "s",
                    d.firstTime(), d.lastTime());
            out.println("  stages:  " + counts(d.stages));
            out.println("  types:   " + counts(d.types));
            out.println("  access:  " + counts(d.access));
            out.println("  reasons: " + counts(d.reasons));
            StringJoiner culprits = new StringJoiner(", ");
            for (Stage s : DeviceSummary.SEVERITY) {
                if (d.stages.containsKey(s)) {
                    culprits.add(s + " -> " + s.culprit());
                }
            }
            out.println("  culprit: " + culprits);
            Stage w = d.worst();
            out.println("  action:  " + w.defaultAction() + " (worst stage " + w + ")");
            if (d.truncated > 0) {
                out.println("  note:    " + d.truncated + " record(s) cut short in the log; their missing fields are unknown");
            }
        }
        if (!t.suppressed.isEmpty()) {
            out.println();
            out.println("Rate limiting: the kernel suppressed " + t.suppressedTotal() + " more message(s) ("
                    + counts(t.suppressed) + "); the fault counts above are lower bounds.");
        }
        if (!t.overflows.isEmpty()) {
            out.println();
            out.println("Overflow: fault records were lost (" + t.overflowCount + " notice(s)):");
            t.overflows.forEach(o -> out.println("  " + o));
            if (t.overflowCount > t.overflows.size()) {
                out.println("  ... " + (t.overflowCount - t.overflows.size()) + " more");
            }
        }
        if (t.untimed > 0 || t.outsideWindow > 0) {
            out.println();
            out.println("Time window: " + t.outsideWindow + " fault(s) outside --since/--until, " + t.untimed
                    + " fault(s) without a comparable timestamp left out.");
        }
        if (t.unparsedCount > 0) {
            out.println();
            out.println("Unparsed fault lines (" + t.unparsedCount + "):");
            for (UnparsedEntry e : t.unparsed) {
                UnparsedLine u = e.line();
                out.println("  " + e.where(t.manyFiles) + ": " + u.why());
                out.println("    " + shorten(u.text().replace("\n", " | ")));
            }
            if (t.unparsedCount > t.unparsed.size()) {
                out.println("  ... " + (t.unparsedCount - t.unparsed.size()) + " more");
            }
        }
        out.flush();
    }

    /** One line per fault, for {@code --follow}. */
    static String line(LogRecord r) {
        Fault f = r.fault();
        return String.format("line %d  %s  %s  %s %s  %s  %s%s", r.line(), DeviceSummary.time(r), DeviceSummary.keyOf(r),
                f.type(), f.stage(), f.access().summary(), DeviceSummary.reasonLabel(r),
                f.hasAddress() ? "  addr 0x" + Long.toHexString(f.address()) : "");
    }

    static String counts(Map<?, Long> m) {
        StringJoiner j = new StringJoiner(", ");
        m.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> j.add(e.getKey() + " x" + e.getValue()));
        return j.toString();
    }

    private static String shorten(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "..." : s;
    }
}
