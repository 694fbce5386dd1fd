package io.faultline.adapters.kernellog;

import io.faultline.api.Access;
import io.faultline.api.Fault;
import io.faultline.api.Family;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Intel DMAR and INTR-REMAP fault lines of every era (intel-vtd.md §4): the two-line form, the
 * one-line decimal-reason forms (with and without PASID), the 5.14+ hex forms, and the posted-v1
 * {@code w/o PASID} variant. The radix of the reason is decided by its {@code 0x}, never by era.
 */
final class DmarLines {
    private DmarLines() {
    }

    static final Pattern ONE = Pattern.compile(
            "\\[(DMA Read|DMA Write|INTR-REMAP)(?: (NO_PASID|w/o PASID|PASID 0x(\\w+)|w/ PASID (\\w+)))?\\]"
                    + " Request device \\[(?:0x)?([0-9a-f]{2}):(?:0x)?([0-9a-f]{2})\\.(\\d)\\](?: PASID (\\w+))?"
                    + " ?fault (addr|index) (0x)?(\\w+)"
                    + "(?: ?\\[fault reason (0x)?(\\w+)\\] ?(.*)|\\s*)");
    private static final Pattern IR_TWO = Pattern.compile(
            "INTR-REMAP: Request device \\[\\[([0-9a-f]{2}):([0-9a-f]{2})\\.(\\d)\\] fault index (\\w+)\\s*");
    private static final Pattern REASON_LINE = Pattern.compile("(DMAR|INTR-REMAP):\\[fault reason (\\w+)\\] ?(.*?)\\s*");

    /** Texts whose presence sends a line here (see {@link KeyScanner}). */
    static final String[] KEYS = {"Request device [", "fault reason", "DMAR:[", "INTR-REMAP:", "fault status reg ",
        "PRQ overflow"};
    private static final Pattern FSTS = Pattern.compile("DRHD: handling fault status reg ([0-9a-f]{1,8})\\s*");

    static boolean mentions(String s) {
        return s.contains("Request device [") || s.contains("fault reason") || s.contains("DMAR:[")
                || s.contains("INTR-REMAP:");
    }

    static boolean head(LogLine l, Out out) {
        String b = l.body;
        int k = b.indexOf("Request device [");
        if (k < 0) {
            int f = b.indexOf("DRHD: handling fault status reg ");
            if (f >= 0) {
                Matcher m = FSTS.matcher(b);
                if (m.region(f, b.length()).matches() && (Long.parseLong(m.group(1), 16) & 1) != 0) {
                    out.overflow(l); // FSTS.PFO: fault records were lost
                }
                return true; // not a fault record either way
            }
            if (b.contains("PRQ overflow")) {
                out.overflow(l);
                return true;
            }
            if (mentions(b)) {
                out.unparsed(l, b.contains("fault reason") ? "DMAR: fault reason line without its request line"
                        : "DMAR: no known fault format");
                return true;
            }
            return false;
        }
        Matcher m;
        if (k >= 12 && b.startsWith("INTR-REMAP: ", k - 12)
                && (m = IR_TWO.matcher(b)).region(k - 12, b.length()).lookingAt()) {
            try {
                Draft d = new Draft(l, true, false);
                d.device(m.group(1), m.group(2), m.group(3));
                Num.hex(m.group(4), "fault index");
                out.open(new TwoLine(l, d, "INTR-REMAP"));
            } catch (LineFormatException e) {
                out.unparsed(l, "INTR-REMAP: " + e.getMessage());
            }
            return true;
        }
        int open = b.lastIndexOf('[', k);
        while (open > 0 && b.charAt(open - 1) != ':' && b.charAt(open - 1) != ' ' && b.charAt(open - 1) != ']') {
            open = b.lastIndexOf('[', open - 1);
        }
        String[] g = open < 0 ? null : DmarOne.match(b, open);
        if (g == null && open >= 0) { // a form the hand reader declines: the regex decides
            m = ONE.matcher(b);
            if (m.region(open, b.length()).matches()) {
                g = new String[DmarOne.GROUPS];
                for (int i = 1; i < DmarOne.GROUPS; i++) {
                    g[i] = m.group(i);
                }
            }
        }
        if (g == null) {
            out.unparsed(l, "DMAR: 'Request device' line matches no known format");
            return true;
        }
        try {
            boolean ir = g[1].equals("INTR-REMAP");
            if (ir != g[9].equals("index")) {
                throw new LineFormatException("DMAR: '" + g[1] + "' with 'fault " + g[9] + "'");
            }
            Draft d = new Draft(l, ir, g[1].equals("DMA Write"));
            d.device(g[5], g[6], g[7]);
            String pasid = g[3] != null ? g[3] : g[4] != null ? g[4] : g[8];
            if (pasid != null) {
                long p = Num.hex(pasid, "PASID");
                if (p != 0xffffffffL) {
                    if (p > 0xfffff) {
                        throw new LineFormatException("DMAR: PASID 0x" + pasid + " exceeds 20 bits");
                    }
                    d.pasid = (int) p;
                }
            }
            long value = Num.hex(g[11], ir ? "fault index" : "fault addr");
            if (!ir) {
                d.address = value;
            }
            if (g[13] == null) {
                out.open(new TwoLine(l, d, "DMAR"));
                return true;
            }
            String digits = g[13];
            boolean hSuffix = g[12] == null && digits.length() > 1 && digits.endsWith("h"); // posted v1: %02xh
            d.reason(hSuffix ? digits.substring(0, digits.length() - 1) : digits, g[12] != null || hSuffix,
                    g[14] == null ? null : g[14].strip());
            out.fault(d.record(l, l.raw, false));
        } catch (LineFormatException e) {
            out.unparsed(l, e.getMessage());
        }
        return true;
    }

    /** What a DMAR line says, before the reason line (two-line form) completes it. */
    private static final class Draft {
        final boolean ir;
        final boolean write;
        int rid;
        String device;
        int pasid = Fault.NO_PASID;
        Long address;
        int code = -1;
        String text;

        Draft(LogLine l, boolean ir, boolean write) {
            this.ir = ir;
            this.write = write;
        }

        void device(String bus, String dev, String fn) throws LineFormatException {
            int bu = Num.hex(bus, "bus", 8);
            int de = Num.hex(dev, "device", 8);
            int f = (int) Num.dec(fn, "function", 7);
            if (de > 0x1f) {
                throw new LineFormatException("DMAR: device number 0x" + dev + " out of range (max 0x1f)");
            }
            rid = bu << 8 | de << 3 | f;
            device = Bdf.format(0, bu, de, f);
        }

        void reason(String digits, boolean hex, String text) throws LineFormatException {
            long c = hex ? Num.hex(digits, "fault reason") : Num.dec(digits, "fault reason", 255);
            if (c > 255) {
                throw new LineFormatException("fault reason: 0x" + Long.toHexString(c) + " out of range (8 bits)");
            }
            code = (int) c;
            this.text = text == null || text.isEmpty() ? null : text;
        }

        LogRecord record(LogLine first, String raw, boolean truncated) {
            UnrecoverableFault.Builder b = UnrecoverableFault.builder(Family.INTEL_VTD).requesterId(rid);
            if (pasid != Fault.NO_PASID) {
                b.pasid(pasid);
            }
            if (address != null) {
                b.address(address);
            }
            b.access(ir ? Access.UNKNOWN : write ? Access.WRITE : Access.READ);
            if (code >= 0) {
                b.stage(VtdReasons.stage(code)).reason(VtdReasons.reason(code));
            } else {
                b.stage(Stage.NONE);
            }
            return new LogRecord(b.build(), device, ir ? "INTR-REMAP" : "DMAR", code >= 0 ? code : null, text, first,
                    raw, truncated, truncated ? "reason line missing" : null);
        }
    }

    /** The two-line form: the request line waits for {@code DMAR:[fault reason NN] text} (decimal). */
    private static final class TwoLine extends Pending {
        private final Draft draft;
        private final String kind;
        private boolean done;

        TwoLine(LogLine first, Draft draft, String kind) {
            super(first);
            this.draft = draft;
            this.kind = kind;
        }

        @Override
        boolean offer(LogLine l, Out out) {
            Matcher m = REASON_LINE.matcher(l.body);
            int k = l.body.indexOf(kind + ":[fault reason");
            if (k < 0 || !m.region(k, l.body.length()).matches()) {
                return false;
            }
            take(l);
            done = true;
            try {
                boolean hex = m.group(2).startsWith("0x");
                draft.reason(hex ? m.group(2).substring(2) : m.group(2), hex, m.group(3));
            } catch (LineFormatException e) {
                out.unparsed(first.no, text(), e.getMessage());
                draft.code = -2;
            }
            return true;
        }

        @Override
        boolean complete() {
            return done;
        }

        @Override
        void close(Out out) {
            if (draft.code == -2) {
                return;
            }
            out.fault(draft.record(first, text(), !done));
        }
    }
}
