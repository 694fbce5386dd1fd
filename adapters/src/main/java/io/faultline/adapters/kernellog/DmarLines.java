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
 *
 * <p>Each form prints one radix, so a line whose parts belong to different eras is reported unparsed
 * as "mixed formats" rather than read by guess: untagged lines without {@code 0x} (two-line, 4.x-5.3,
 * 5.4-5.13 {@code PASID %x}) print {@code %02d}; the 5.14+ {@code NO_PASID} / {@code PASID 0x%x} tags
 * and the 5.14+ {@code [INTR-REMAP] ... fault index 0x%llx} print {@code 0x%02x} and a {@code 0x}
 * address; the posted-v1 {@code w/o PASID} / {@code w/ PASID %x} tags print {@code %02xh} (address and
 * BDF not known: any). {@code [INTR-REMAP]} never carries a PASID; a separate reason line follows only
 * an untagged request line and is decimal. Linux chooses the INTR-REMAP form by the code (0x20-0x26),
 * so the two must agree; and a reason text that is another code's Linux string is mixed too. A text
 * that is no code's string is kept as printed ({@code Unknown} from an older table, a later kernel's
 * wording, a typo), since older kernels print {@code Unknown} for codes their table lacked.
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
    static final Pattern FSTS = Pattern.compile("DRHD: handling fault status reg ([0-9a-f]{1,8})\\s*");
    private static final String FSTS_HEAD = "DRHD: handling fault status reg ";

    static boolean mentions(String s) {
        return s.contains("Request device [") || s.contains("fault reason") || s.contains("DMAR:[")
                || s.contains("INTR-REMAP:");
    }

    static boolean head(LogLine l, Out out) {
        // the body is read in place, from 'from' in the raw line: a request line is not copied first
        String b = l.raw;
        int from = l.bodyFrom;
        int k = b.indexOf("Request device [", from);
        if (k < 0) {
            int f = b.indexOf(FSTS_HEAD, from);
            if (f >= 0) {
                if (faultOverflow(b, f)) {
                    out.overflow(l); // FSTS.PFO: fault records were lost
                }
                return true; // not a fault record either way
            }
            b = l.body(); // the rare rest reads the body itself
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
        if (k - from >= 12 && b.startsWith("INTR-REMAP: ", k - 12)
                && (m = IR_TWO.matcher(b)).region(k - 12, b.length()).lookingAt()) {
            try {
                Draft d = new Draft(l, true, false, Radix.DECIMAL);
                d.device(m.group(1), m.group(2), m.group(3));
                Num.hex(m.group(4), "fault index");
                out.open(new TwoLine(l, d, "INTR-REMAP"));
            } catch (LineFormatException e) {
                out.unparsed(l, "INTR-REMAP: " + e.getMessage());
            }
            return true;
        }
        int open = inBody(b.lastIndexOf('[', k), from);
        while (open > from && b.charAt(open - 1) != ':' && b.charAt(open - 1) != ' ' && b.charAt(open - 1) != ']') {
            open = inBody(b.lastIndexOf('[', open - 1), from);
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
            Draft d = new Draft(l, ir, g[1].equals("DMA Write"), radix(g, b.startsWith("0x", k + 16)));
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
            Radix printed = g[12] != null ? Radix.HEX : hSuffix ? Radix.HEX_H : Radix.DECIMAL;
            if (printed != d.radix) {
                throw mixed("'" + g[1] + (g[2] != null ? " " + g[2] : "") + "' line"
                        + (g[10] != null ? " with 'fault " + g[9] + " 0x'" : "") + " prints its fault reason as "
                        + d.radix.printf + ", not '" + (g[12] != null ? "0x" : "") + digits + "'");
            }
            d.reason(hSuffix ? digits.substring(0, digits.length() - 1) : digits, printed != Radix.DECIMAL,
                    g[14] == null ? null : g[14].strip());
            out.fault(d.record(l, l.raw, false));
        } catch (LineFormatException e) {
            out.unparsed(l, e.getMessage());
        }
        return true;
    }

    /**
     * Whether the text from {@code f} to the end matches {@link #FSTS} and the register's bit 0 (PFO) is
     * set, read by hand: the DRHD line comes with every fault interrupt. Up to eight lowercase hex
     * digits (a ninth is no space, so the regex fails too), then only {@code \s} to the end.
     */
    static boolean faultOverflow(String b, int f) {
        int h = f + FSTS_HEAD.length();
        if (!b.startsWith(FSTS_HEAD, f)) {
            return false;
        }
        int d = Chars.lowerHexRun(b, h);
        if (d < 1 || d > 8 || Chars.skipSpaces(b, h + d) != b.length()) {
            return false;
        }
        return (Chars.lowerHexDigit(b.charAt(h + d - 1)) & 1) != 0; // bit 0 is the last digit's
    }

    /** {@code i}, or -1 when it is before the body (in the line's prefixes). */
    private static int inBody(int i, int from) {
        return i < from ? -1 : i;
    }

    /** How a form prints its fault reason. */
    private enum Radix {
        DECIMAL("%02d"), HEX("0x%02x"), HEX_H("%02xh (posted v1)");

        final String printf;

        Radix(String printf) {
            this.printf = printf;
        }
    }

    private static LineFormatException mixed(String why) {
        return new LineFormatException("DMAR: mixed formats: " + why);
    }

    /**
     * The radix the era of a request line's form prints its reason in (see the class comment), from
     * the groups of {@link #ONE} and whether the BDF has {@code 0x}.
     *
     * @throws LineFormatException when the request line itself mixes eras
     */
    private static Radix radix(String[] g, boolean bdf0x) throws LineFormatException {
        boolean ir = g[1].equals("INTR-REMAP");
        String tag = g[2];
        boolean addr0x = g[10] != null;
        if (ir && (tag != null || g[8] != null)) {
            throw mixed("'[INTR-REMAP" + (tag != null ? " " + tag : "") + "]'"
                    + (g[8] != null ? " with 'PASID " + g[8] + "'" : "") + ": interrupt faults never print a PASID");
        }
        if (tag == null) {
            if (!addr0x && !bdf0x) {
                return Radix.DECIMAL; // two-line head, 4.x-5.3, 5.4-5.13 (PASID %x), pre-5.14 INTR-REMAP
            }
            if (ir && addr0x) {
                return Radix.HEX; // 5.14+ INTR-REMAP (BDF with 0x in 5.14, without from 5.15)
            }
            throw mixed("untagged '[" + g[1] + "]' line (before 5.14) with 5.14's " + (addr0x ? "'fault " + g[9] + " 0x'"
                    : "'Request device [0x'"));
        }
        if (tag.startsWith("w/")) {
            return Radix.HEX_H; // posted v1, never merged: what else it printed is not known
        }
        if (g[8] != null) {
            throw mixed("'[" + g[1] + " " + tag + "]' with a second 'PASID " + g[8] + "' after the device");
        }
        if (!addr0x) {
            throw mixed("5.14+ '[" + g[1] + " " + tag + "]' line with 'fault addr' without 0x");
        }
        return Radix.HEX;
    }

    /** What a DMAR line says, before the reason line (two-line form) completes it. */
    private static final class Draft {
        final boolean ir;
        final boolean write;
        final Radix radix;
        int rid;
        String device;
        int pasid = Fault.NO_PASID;
        Long address;
        int code = -1;
        String text;

        Draft(LogLine l, boolean ir, boolean write, Radix radix) {
            this.ir = ir;
            this.write = write;
            this.radix = radix;
        }

        void device(String bus, String dev, String fn) throws LineFormatException {
            int bu = Num.hex(bus, "bus", 8);
            int de = Num.hex(dev, "device", 8);
            int f = (int) Num.dec(fn, "function", 9); // one digit: the printed form is %d
            Bdf.checkRange("DMAR", de, dev, f, fn);
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
            boolean irCode = VtdReasons.interruptRemapping(code);
            if (ir != irCode) {
                throw mixed((ir ? "'INTR-REMAP' line" : "DMA line") + " with fault reason 0x" + Integer.toHexString(code)
                        + (irCode ? ", an interrupt-remapping code" : ", not an interrupt-remapping code"));
            }
            int owner = this.text == null ? -1 : VtdReasons.codeOf(this.text);
            if (owner >= 0 && owner != code) {
                throw mixed("fault reason 0x" + Integer.toHexString(code) + " printed with the text of 0x"
                        + Integer.toHexString(owner) + " ('" + this.text + "')");
            }
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
            Matcher m = REASON_LINE.matcher(l.body());
            int k = l.body().indexOf(kind + ":[fault reason");
            if (k < 0 || !m.region(k, l.body().length()).matches()) {
                return false;
            }
            take(l);
            done = true;
            try {
                if (m.group(2).startsWith("0x")) {
                    throw mixed("the two-line form's reason line prints %02d, not '" + m.group(2) + "'");
                }
                if (draft.radix != Radix.DECIMAL) {
                    throw mixed("a separate reason line after a 5.14+ request line (" + draft.radix.printf + " era)");
                }
                draft.reason(m.group(2), false, m.group(3));
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
