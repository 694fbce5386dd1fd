package io.faultline.cli;

import io.faultline.adapters.kernellog.LogRecord;
import io.faultline.api.Access;
import io.faultline.api.Fault;
import io.faultline.api.FaultType;
import io.faultline.api.Family;
import io.faultline.api.Stage;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
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
    /** The files of {@link #first} and {@link #last} (null: standard input). */
    String firstFile;
    String lastFile;
    /**
     * Points for the charts: fault number {@code i * stride} of this device, as its line on one axis
     * over all inputs and its kernel seconds (NaN when none). When the arrays fill, every other point
     * is dropped and the stride doubles, so the points always span all faults, each standing for
     * {@link #weight} of them.
     */
    static final int POINTS = 4096;
    final long[] lines = new long[POINTS];
    final double[] seconds = new double[POINTS];
    int kept;
    long stride = 1;
    /** Whether some fault has no kernel seconds (then the charts use line numbers). */
    boolean untimed;
    /** The first and last fault's line on the charts' axis over all inputs. */
    long firstGlobalLine;
    long lastGlobalLine;
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

    /*
     * Run of faults with the same stage, type, reason and access as the one before: their counts wait
     * here and reach the maps on the first different fault or at settle(), so a flood of identical
     * faults costs no map update (and no reason label) per fault. The maps' key order is unchanged:
     * the run's keys were inserted by its first fault.
     */
    private boolean inRun;
    private Family runFamily;
    private Stage runStage;
    private FaultType runType;
    private Object runReason;
    private String runLabel;
    private boolean runLabelCounted;
    private Access runAccess;
    private long run;

    void add(LogRecord r, String file, long globalLine) {
        Fault f = r.fault();
        count++;
        // equal keys give equal labels: Reason equality is code and name; a nameless reason is labelled by its text
        Object reasonKey = f.reason().name() != null ? f.reason() : r.reasonText();
        if (inRun && f.family() == runFamily && f.stage() == runStage && f.type() == runType && f.access() == runAccess
                && Objects.equals(reasonKey, runReason)) {
            run++;
        } else {
            settle();
            String label = reasonLabel(r);
            families.add(f.family());
            stages.merge(f.stage(), 1L, Long::sum);
            types.merge(f.type(), 1L, Long::sum);
            runLabelCounted = reasons.size() < 64 || reasons.containsKey(label);
            if (runLabelCounted) {
                reasons.merge(label, 1L, Long::sum);
            }
            access.merge(f.access().summary(), 1L, Long::sum);
            inRun = true;
            runFamily = f.family();
            runStage = f.stage();
            runType = f.type();
            runReason = reasonKey;
            runLabel = label;
            runAccess = f.access();
        }
        if (r.truncated()) {
            truncated++;
        }
        if (first == null) {
            first = r;
            firstFile = file;
            firstGlobalLine = globalLine;
        }
        last = r;
        lastFile = file;
        lastGlobalLine = globalLine;
        if (!Double.isNaN(r.seconds())) {
            minSeconds = Double.isNaN(minSeconds) ? r.seconds() : Math.min(minSeconds, r.seconds());
            maxSeconds = Double.isNaN(maxSeconds) ? r.seconds() : Math.max(maxSeconds, r.seconds());
        } else {
            untimed = true;
        }
        long n = count - 1; // this fault's number
        if (n % stride == 0) {
            if (kept == POINTS) {
                for (int i = 0; i < POINTS / 2; i++) {
                    lines[i] = lines[2 * i];
                    seconds[i] = seconds[2 * i];
                }
                kept = POINTS / 2;
                stride *= 2;
            }
            if (n % stride == 0) {
                lines[kept] = globalLine;
                seconds[kept++] = r.seconds();
            }
        }
    }

    /** How many faults chart point {@code i} stands for: {@link #stride}, fewer for the last. */
    long weight(int i) {
        return Math.min(stride, count - (long) i * stride);
    }

    /** Moves the counts of the current run into the maps; call before reading them. */
    void settle() {
        if (run > 0) {
            stages.merge(runStage, run, Long::sum);
            types.merge(runType, run, Long::sum);
            if (runLabelCounted) {
                reasons.merge(runLabel, run, Long::sum);
            }
            access.merge(runAccess.summary(), run, Long::sum);
            run = 0;
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
