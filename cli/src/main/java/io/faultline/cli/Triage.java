package io.faultline.cli;

import io.faultline.adapters.kernellog.KernelLogListener;
import io.faultline.adapters.kernellog.LogRecord;
import io.faultline.adapters.kernellog.UnparsedLine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Collects what the parser reports into per-device summaries, applying the time window. */
final class Triage implements KernelLogListener {
    static final int MAX_UNPARSED_KEPT = 1000;
    static final int MAX_DEVICES = 100_000;

    private final TimeBound since;
    private final TimeBound until;
    private final Consumer<LogRecord> each;
    final Map<String, DeviceSummary> devices = new LinkedHashMap<>();
    final Map<String, Long> suppressed = new LinkedHashMap<>();
    final List<String> overflows = new ArrayList<>();
    final List<UnparsedEntry> unparsed = new ArrayList<>();
    long unparsedCount;
    long overflowCount;
    static final int MAX_OVERFLOWS_KEPT = 20;
    long faults;
    long outsideWindow;
    long untimed;
    /** The input being read: its name in reports (null: standard input), and the lines of the inputs before it. */
    private String file;
    private long lineBase;
    /** Whether more than one input is read: reports then name the file of each line number. */
    boolean manyFiles;

    Triage(TimeBound since, TimeBound until, Consumer<LogRecord> each) {
        this.since = since;
        this.until = until;
        this.each = each;
    }

    @Override
    public void fault(LogRecord r) {
        if (since != null || until != null) {
            Integer a = since == null ? Integer.valueOf(0) : since.compareRecord(r);
            Integer b = until == null ? Integer.valueOf(0) : until.compareRecord(r);
            if (a == null || b == null) {
                untimed++;
                return;
            }
            if ((since != null && a < 0) || (until != null && b > 0)) {
                outsideWindow++;
                return;
            }
        }
        faults++;
        String key = DeviceSummary.keyOf(r);
        DeviceSummary d = devices.get(key);
        if (d == null) {
            d = new DeviceSummary(devices.size() < MAX_DEVICES ? key : "(other devices)");
            d = devices.computeIfAbsent(d.key, DeviceSummary::new);
        }
        d.add(r, file, lineBase + r.line());
        each.accept(r);
    }

    @Override
    public void unparsed(UnparsedLine line) {
        unparsedCount++;
        if (unparsed.size() < MAX_UNPARSED_KEPT) {
            unparsed.add(new UnparsedEntry(file, line));
        }
    }

    @Override
    public void suppressed(String source, long count, long line) {
        suppressed.merge(source, count, (x, y) -> x + y < 0 ? Long.MAX_VALUE : x + y);
    }

    @Override
    public void overflow(String source, String text, long line) {
        overflowCount++;
        if (overflows.size() < MAX_OVERFLOWS_KEPT) {
            overflows.add("line " + line + ": " + text.strip());
        }
    }

    /**
     * The next input: line numbers in records restart at 1 in each file, so records and unparsed
     * entries are kept with the file's name; {@code linesBefore} places them on one axis for charts.
     */
    void file(String name, long linesBefore) {
        file = name;
        lineBase = linesBefore;
    }

    /** Brings every device summary's counts up to date; call before reading {@link #devices}. */
    void settle() {
        for (DeviceSummary d : devices.values()) {
            d.settle();
        }
    }

    long suppressedTotal() {
        long t = 0;
        for (long v : suppressed.values()) {
            t = t + v < 0 ? Long.MAX_VALUE : t + v;
        }
        return t;
    }
}
