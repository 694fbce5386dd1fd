package io.faultline.cli;

import io.faultline.adapters.kernellog.LogRecord;
import io.faultline.api.Fault;
import io.faultline.api.FaultType;
import io.faultline.api.Family;
import io.faultline.api.Stage;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** What triage knows about one faulting device. */
final class DeviceSummary {
    /** Most severe first: the suggested action follows the worst stage seen. */
    static final Stage[] SEVERITY = {Stage.CONTEXT, Stage.PASID, Stage.PGD, Stage.PTE, Stage.NONE};

    final String key;
    final Set<Family> families = EnumSet.noneOf(Family.class);
    final Map<Stage, Long> stages = new EnumMap<>(Stage.class);
    final Map<FaultType, Long> types = new EnumMap<>(FaultType.class);
    final Map<String, Long> reasons = new LinkedHashMap<>();
    final Map<String, Long> access = new LinkedHashMap<>();
    long count;
    long truncated;
    LogRecord first;
    LogRecord last;
    /** Per-fault points for the charts (line, kernel seconds or NaN); the first 4096 are kept. */
    final long[] lines = new long[4096];
    final double[] seconds = new double[4096];
    int kept;
    double minSeconds = Double.NaN;
    double maxSeconds = Double.NaN;

    DeviceSummary(String key) {
        this.key = key;
    }

    /** The grouping key: the PCI function, else the printing IOMMU plus the requester id. */
    static String keyOf(LogRecord r) {
        if (r.device() != null) {
            return r.device();
        }
        Fault f = r.fault();
        return f.hasRequesterId() ? r.source() + " requester 0x" + Integer.toHexString(f.requesterId()) : r.source();
    }

    void add(LogRecord r) {
        Fault f = r.fault();
        count++;
        families.add(f.family());
        stages.merge(f.stage(), 1L, Long::sum);
        types.merge(f.type(), 1L, Long::sum);
        if (reasons.size() < 64 || reasons.containsKey(reasonLabel(r))) {
            reasons.merge(reasonLabel(r), 1L, Long::sum);
        }
        access.merge(f.access().summary(), 1L, Long::sum);
        if (r.truncated()) {
            truncated++;
        }
        if (first == null) {
            first = r;
        }
        last = r;
        if (!Double.isNaN(r.seconds())) {
            minSeconds = Double.isNaN(minSeconds) ? r.seconds() : Math.min(minSeconds, r.seconds());
            maxSeconds = Double.isNaN(maxSeconds) ? r.seconds() : Math.max(maxSeconds, r.seconds());
        }
        if (kept < lines.length) {
            lines[kept] = r.line();
            seconds[kept++] = r.seconds();
        }
    }

    static String reasonLabel(LogRecord r) {
        var reason = r.fault().reason();
        if (reason.name() != null) {
            return reason.toString();
        }
        return r.reasonText() != null ? r.reasonText() : "(none printed)";
    }

    Stage worst() {
        for (Stage s : SEVERITY) {
            if (stages.containsKey(s)) {
                return s;
            }
        }
        return Stage.NONE;
    }

    /** Earliest kernel time when the faults carry one, else the first fault's stamp or line. */
    String firstTime() {
        return Double.isNaN(minSeconds) ? time(first) : String.format(java.util.Locale.ROOT, "%.6f", minSeconds);
    }

    /** Latest kernel time when the faults carry one, else the last fault's stamp or line. */
    String lastTime() {
        return Double.isNaN(maxSeconds) ? time(last) : String.format(java.util.Locale.ROOT, "%.6f", maxSeconds);
    }

    static String time(LogRecord r) {
        if (r.stamp() != null) {
            return r.stamp();
        }
        return "line " + r.line();
    }
}
