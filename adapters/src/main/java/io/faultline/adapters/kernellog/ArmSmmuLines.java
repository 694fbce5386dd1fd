package io.faultline.adapters.kernellog;

import io.faultline.api.Fault;
import io.faultline.api.Family;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * arm-smmu v1/v2 (MMU-400/401/500, NVIDIA, Qualcomm) and qcom_iommu lines (arm-smmu.md §7.2):
 * {@code Unhandled context fault} in all eras (without fsr, without cbfrsynra, Tegra's sid tail)
 * with the 6.11 / Qualcomm {@code FSR = ...} detail lines, and global faults ({@code Unexpected
 * global fault} or {@code Blocked unknown Stream ID}) with their {@code GFSR ...} line.
 */
final class ArmSmmuLines {
    private ArmSmmuLines() {
    }

    static final Pattern CONTEXT = Pattern.compile(
            "Unhandled context fault: (?:fsr=0x(\\w+), )?iova=0x(\\w+), fsynr=0x(\\w+),"
                    + "(?: cbfrsynra=0x(\\w+),)? cb=(\\d+)(?:, sid=(\\d+)\\(0x\\w+ - [^)]*\\))?\\s*");
    private static final Pattern GFSR = Pattern.compile(
            "\\s*GFSR 0x(\\w+), GFSYNR0 0x(\\w+), GFSYNR1 0x(\\w+), GFSYNR2 0x(\\w+)\\s*");
    private static final Pattern BLOCKED = Pattern.compile("Blocked unknown Stream ID 0x(\\w+);.*");
    /** How the detail lines start (after spaces); the pattern below is built from them. */
    private static final String[] DETAIL_STARTS = {"FSR    = ", "FSYNR0 = ", "FSYNR1 = ", "FAR    = ", "TTBR0  = ",
        "CBFRSYNRA = ", "soft iova-to-phys=", "SCTLR  = ", "PAR    = "};
    private static final Pattern DETAIL = Pattern.compile(
            "\\s*(?:" + String.join("|", DETAIL_STARTS) + ").*"); // the starts hold no regex metacharacter

    /** Texts whose presence sends a line here. */
    static final String[] KEYS = {"context fault", "global fault", "Blocked unknown Stream ID"};

    static boolean mentions(String s) {
        return s.contains("context fault") || s.contains("global fault") || s.contains("Blocked unknown Stream ID");
    }

    static boolean head(LogLine l, Out out) {
        String b = l.raw; // the context fault line is read in place, from the body's start on
        int k = b.indexOf("Unhandled context fault", l.bodyFrom);
        if (k >= 0) {
            String[] g = ArmSmmuContext.match(b, k);
            if (g == null) { // a form the hand reader declines: the regex decides
                Matcher m = CONTEXT.matcher(b);
                if (!m.region(k, b.length()).matches()) {
                    out.unparsed(l, "arm-smmu: context fault line matches no known format");
                    return true;
                }
                g = new String[ArmSmmuContext.GROUPS];
                for (int i = 1; i < ArmSmmuContext.GROUPS; i++) {
                    g[i] = m.group(i);
                }
            }
            try {
                long fsr = g[1] == null ? -1 : Num.hex(g[1], "fsr", 32) & 0xffffffffL;
                long far = Num.hex(g[2], "iova");
                long fsynr = Num.hex(g[3], "fsynr", 32) & 0xffffffffL;
                long cbfr = g[4] == null ? -1 : Num.hex(g[4], "cbfrsynra", 32) & 0xffffffffL;
                if (cbfr < 0 && g[6] != null) {
                    cbfr = Num.dec(g[6], "sid", 0xffff);
                }
                int cb = (int) Num.dec(g[5], "cb", 255);
                Fault f = ArmSmmuRegs.context(fsr, fsynr, far, cbfr, cb);
                out.open(new Detail(l, f, fsr < 0 ? "fsr not printed (kernel before ~4.14)" : null));
            } catch (LineFormatException e) {
                out.unparsed(l, e.getMessage());
            }
            return true;
        }
        b = l.body();
        if (b.contains("Unexpected global fault")) {
            out.open(new Global(l, -1));
            return true;
        }
        Matcher m = BLOCKED.matcher(b);
        k = b.indexOf("Blocked unknown Stream ID");
        if (k >= 0) {
            if (m.region(k, b.length()).matches()) {
                try {
                    out.open(new Global(l, Num.hex(m.group(1), "Stream ID", 16)));
                } catch (LineFormatException e) {
                    out.unparsed(l, e.getMessage());
                }
            } else {
                out.unparsed(l, "arm-smmu: 'Blocked unknown Stream ID' line matches no known format");
            }
            return true;
        }
        if (mentions(b)) {
            out.unparsed(l, "arm-smmu: fault line matches no known format");
            return true;
        }
        return false;
    }

    static boolean startsWithAny(String s, int at, String[] starts) {
        for (String x : starts) {
            if (s.startsWith(x, at)) {
                return true;
            }
        }
        return false;
    }

    private static String source(Pending p) {
        return p.source.isEmpty() ? "arm-smmu" : p.source;
    }

    /** A context fault, open for the detail lines some kernels print after it. */
    private static final class Detail extends Pending {
        private final Fault fault;
        private final String note;

        Detail(LogLine first, Fault fault, String note) {
            super(first);
            this.fault = fault;
            this.note = note;
        }

        @Override
        boolean offer(LogLine l, Out out) {
            // every later line of the device is offered: most are refused by their start, without a Matcher
            String t = l.text();
            if (!startsWithAny(t, Chars.skipSpaces(t, 0), DETAIL_STARTS) || !DETAIL.matcher(t).matches()) {
                return false;
            }
            take(l);
            return true;
        }

        @Override
        void close(Out out) {
            out.fault(new LogRecord(fault, null, source(this), null, null, first, text(), false, note));
        }
    }

    /** A global fault head, waiting for its {@code GFSR ...} line. */
    private static final class Global extends Pending {
        private final int blockedSid;
        private Matcher gfsr;

        Global(LogLine first, int blockedSid) {
            super(first);
            this.blockedSid = blockedSid;
        }

        @Override
        boolean offer(LogLine l, Out out) {
            String t = l.text();
            if (gfsr != null || !t.startsWith("GFSR 0x", Chars.skipSpaces(t, 0))) {
                return false; // refused by its start, without a Matcher
            }
            Matcher m = GFSR.matcher(t);
            if (!m.matches()) {
                return false;
            }
            gfsr = m;
            take(l);
            return true;
        }

        @Override
        boolean complete() {
            return gfsr != null;
        }

        @Override
        void close(Out out) {
            try {
                Fault f;
                if (gfsr != null) {
                    f = ArmSmmuRegs.global(Num.hex(gfsr.group(1), "GFSR", 32) & 0xffffffffL,
                            Num.hex(gfsr.group(2), "GFSYNR0", 32), Num.hex(gfsr.group(3), "GFSYNR1", 32));
                } else if (blockedSid >= 0) {
                    f = UnrecoverableFault.builder(Family.ARM_SMMU).requesterId(blockedSid).stage(Stage.CONTEXT)
                            .reason(ArmSmmuRegs.global(2, 0, blockedSid).reason()).build();
                } else {
                    f = UnrecoverableFault.builder(Family.ARM_SMMU).reason(ArmSmmuRegs.GLOBAL_FAULT).build();
                }
                out.fault(new LogRecord(f, null, source(this), null, null, first, text(), gfsr == null,
                        gfsr == null ? "GFSR line missing" : null));
            } catch (LineFormatException e) {
                out.unparsed(first.no, text(), e.getMessage());
            }
        }
    }
}
