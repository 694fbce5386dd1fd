package io.faultline.adapters.kernellog;

import io.faultline.api.Access;
import io.faultline.api.Fault;
import io.faultline.api.Family;
import io.faultline.api.Reason;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SoC IOMMUs whose faults Faultline knows only from their log lines (linux-fault-model.md §4):
 * Rockchip, MediaTek, Tegra MC, Exynos SYSMMU, Renesas IPMMU, Apple DART, Allwinner sun50i, TI OMAP
 * with the remoteproc line, and msm_iommu. All are {@code UNRECOVERABLE}, family the driver's own
 * ({@code KERNEL_LOG} only for a remoteproc line no OMAP line names), no PCI device and no PASID;
 * stage only where §4 says it can be derived. The reason text is the error name a line prints (DART's
 * {@code (NO PTE FOR IOVA)}, Exynos' {@code AR PAGE}, Tegra's {@code Page fault}, IPMMU's
 * {@code Page Table Walk Abort}, msm's FSR bit names, Rockchip's {@code BUS_ERROR}); null for lines
 * that print a number or a bare message instead (Rockchip and sun50i page faults, MediaTek's
 * {@code type=}, OMAP's {@code errs:}, IPMMU's {@code Unhandled fault: status}, remoteproc).
 */
final class SocLines {
    private SocLines() {
    }

    static final Pattern RK_FAULT = Pattern.compile("Page fault at 0x(\\w+) of type (read|write)\\s*");
    private static final Pattern RK_R2 = Pattern.compile("iova = 0x\\w+: dte_index: .*");
    private static final Pattern RK_R3 = Pattern.compile(
            "mmu_dte_addr: 0x\\w+ dte@0x\\w+: 0x\\w+ valid: (\\d) pte@0x\\w+: 0x\\w+ valid: (\\d) page@0x\\w+ flags: 0x\\w+\\s*");
    private static final Pattern RK_BUS = Pattern.compile("BUS_ERROR occurred at 0x(\\w+)\\s*");
    private static final Pattern MTK = Pattern.compile(
            "(?:iommu )?fault type=0x(\\w+) iova=0x(\\w+) pa=0x(\\w+) (?:master=0x\\w+\\()?larb=(\\d+)(?: sub_comm=\\d+)?"
                    + " port=(\\d+)\\)?(?: regval=0x\\w+)?(?: is_vpu=\\d+)?(?: layer=(\\d+) (read|write))?\\s*");
    private static final Pattern TEGRA = Pattern.compile(
            "([\\w-]+): (secure )?(read|write) @0x(\\w+): (.+?) \\((.+?)( \\[([RWS-]{3})\\])?\\)\\s*$");
    private static final Pattern EXYNOS = Pattern.compile(
            "(\\S+): (?:\\[(READ|WRITE)\\] )?((?:AR |AW )?[A-Z][A-Z -]*?) FAULT occurred at 0x(\\w+)\\s*$");
    private static final Pattern EXYNOS_DETAIL = Pattern.compile("\\s*(?:Page table base: |Lv1 entry: |Lv2 entry: ).*");
    private static final Pattern IPMMU = Pattern.compile(
            "(Multiple TLB hits|Page Table Walk Abort) @0x(\\w+)\\s*|Unhandled fault: status 0x(\\w+) iova 0x(\\w+)\\s*");
    private static final Pattern DART = Pattern.compile(
            "translation fault: status:0x(\\w+) stream:(\\d+) code:0x(\\w+) \\(([^)]*)\\) at 0x(\\w+)\\s*");
    private static final Pattern SUN50I = Pattern.compile("Page fault for 0x(\\w+) \\(master (\\d+), dir (rd|wr)\\)\\s*");
    private static final Pattern OMAP = Pattern.compile(
            "(?:(\\S+): )?errs:0x(\\w+) da:0x(\\w+) pgd:0x\\S+ \\*pgd:(?:px|0x)(\\w+)(?: pte:0x\\S+ \\*pte:0x(\\w+))?\\s*$");
    private static final Pattern RPROC = Pattern.compile("iommu fault: da 0x(\\w+) flags 0x(\\w+)\\s*");
    private static final Pattern MSM_CTX = Pattern.compile("Fault occurred in context (\\d+)\\.\\s*");
    private static final Pattern MSM_FAR = Pattern.compile("FAR +=\\s*(\\w+)\\s+PAR +=\\s*\\w+\\s*");
    private static final Pattern MSM_FSR = Pattern.compile("FSR +=\\s*(\\w+) \\[([^\\]]*)\\]\\s*");

    private static final String[] HEAD_KEYS = {"Page fault at 0x", "BUS_ERROR occurred at", "unexpected int_status",
        "fault type=0x", "(SMMU translation error", " FAULT occurred at 0x", "Multiple TLB hits @",
        "Page Table Walk Abort @", "Unhandled fault: status", "translation fault: status:", "Page fault for 0x",
        "errs:0x", "iommu fault: da ", "Unexpected IOMMU page fault"};

    /** Texts whose presence sends a line here: the head keys and Tegra MC's {@code @0x}. */
    static final String[] KEYS = concat(HEAD_KEYS, " @0x");

    private static String[] concat(String[] a, String b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + 1);
        r[a.length] = b;
        return r;
    }

    private static final ConcurrentHashMap<String, Reason> NAMED = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Long, Reason> CODED = new ConcurrentHashMap<>();
    static final Reason PERMISSION = Reason.named("permission");
    static final Reason BUS_ERROR = Reason.named("bus error");
    static final Reason UNEXPECTED = Reason.named("unexpected int_status");

    static boolean mentions(String s) {
        for (String k : HEAD_KEYS) {
            if (s.contains(k)) {
                return true;
            }
        }
        return false;
    }

    /** One instance per name; bounded, so hostile input cannot grow it without limit. */
    static Reason named(String name) {
        Reason r = NAMED.get(name);
        if (r == null) {
            r = Reason.named(name);
            if (NAMED.size() < 256) {
                NAMED.putIfAbsent(name, r);
            }
        }
        return r;
    }

    /**
     * One instance per code and name. A 32-bit status with bit 31 set is no {@link Reason} code (codes
     * are non-negative ints): the reason is then the name alone, and the fault is still reported.
     */
    static Reason coded(long code, String name) {
        if (code < 0 || code > Integer.MAX_VALUE) {
            return named(name);
        }
        long key = (code << 32) | (name.hashCode() & 0xffffffffL);
        Reason r = CODED.get(key);
        if (r == null || !name.equals(r.name())) {
            r = Reason.of((int) code, name);
            if (CODED.size() < 1024) {
                CODED.putIfAbsent(key, r);
            }
        }
        return r;
    }

    static boolean head(LogLine l, Out out) {
        String b = l.body();
        int k = -1;
        String key = null;
        for (String x : HEAD_KEYS) {
            k = b.indexOf(x);
            if (k >= 0) {
                key = x;
                break;
            }
        }
        if (key == null && b.contains(" @0x") && (l.driverStartsWith("tegra")
                || find(TEGRA, b) != null)) {
            key = "(SMMU translation error"; // every tegra-mc error line: MC errors are faults without a stage
        }
        if (key == null) {
            return false;
        }
        try {
            if (!dispatch(key, l, k, out)) {
                out.unparsed(l, driverOf(key) + ": fault line matches no known format");
            }
        } catch (LineFormatException e) {
            out.unparsed(l, driverOf(key) + ": " + e.getMessage());
        }
        return true;
    }

    private static String driverOf(String key) {
        return switch (key) {
            case "Page fault at 0x", "BUS_ERROR occurred at", "unexpected int_status" -> "rockchip";
            case "fault type=0x" -> "mediatek";
            case "(SMMU translation error" -> "tegra-mc";
            case " FAULT occurred at 0x" -> "exynos-sysmmu";
            case "translation fault: status:" -> "apple-dart";
            case "Page fault for 0x" -> "sun50i";
            case "errs:0x" -> "omap-iommu";
            case "iommu fault: da " -> "remoteproc";
            case "Unexpected IOMMU page fault" -> "msm_iommu";
            default -> "ipmmu-vmsa";
        };
    }

    private static Matcher at(Pattern p, String s, int from) {
        Matcher m = p.matcher(s);
        return m.region(Math.max(0, from), s.length()).matches() ? m : null;
    }

    /**
     * {@link #RK_FAULT} matched from {@code k} to the end, read by hand (the Rockchip head line of every
     * fault): the end of its iova word (group 1 runs from {@code k + 16}; the type starts 9 after it), or -1.
     */
    static int rockchipFault(String b, int k) {
        if (!b.startsWith("Page fault at 0x", k)) {
            return -1;
        }
        int e = Chars.wordEnd(b, k + 16); // \w+ then a space: the whole run
        if (e == k + 16 || !b.startsWith(" of type ", e)) {
            return -1;
        }
        int t = e + 9;
        int end = b.startsWith("read", t) ? t + 4 : b.startsWith("write", t) ? t + 5 : -1;
        return end > 0 && Chars.skipSpaces(b, end) == b.length() ? e : -1;
    }

    private static boolean dispatch(String key, LogLine l, int k, Out out) throws LineFormatException {
        String b = l.body();
        Matcher m;
        switch (key) {
            case "Page fault at 0x" -> {
                int e = rockchipFault(b, k);
                if (e < 0) {
                    return false;
                }
                boolean w = b.charAt(e + 9) == 'w';
                out.open(new Rockchip(l, base(Family.ROCKCHIP_IOMMU).address(Num.hex(b.substring(k + 16, e), "iova"))
                        .access(w ? Access.WRITE : Access.READ)));
            }
            case "BUS_ERROR occurred at" -> {
                if ((m = at(RK_BUS, b, k)) == null) {
                    return false;
                }
                emit(l, out, base(Family.ROCKCHIP_IOMMU).address(Num.hex(m.group(1), "address")).reason(BUS_ERROR),
                        "BUS_ERROR", "address may be stale");
            }
            case "unexpected int_status" -> emit(l, out, base(Family.ROCKCHIP_IOMMU).reason(UNEXPECTED), null, null);
            case "fault type=0x" -> {
                if ((m = at(MTK, b, b.startsWith("iommu ", Math.max(0, k - 6)) ? k - 6 : k)) == null) {
                    return false;
                }
                int type = Num.hex(m.group(1), "type", 14);
                UnrecoverableFault.Builder f = base(Family.MTK_IOMMU).address(Num.hex(m.group(2), "iova"));
                Num.hex(m.group(3), "pa");
                Num.dec(m.group(4), "larb", 255);
                Num.dec(m.group(5), "port", 255);
                if ((type & 0x81) != 0) {
                    f.stage(Stage.PTE);
                }
                if (m.group(7) != null) {
                    f.access(m.group(7).equals("write") ? Access.WRITE : Access.READ);
                }
                f.reason(coded(type, (type & 0x81) != 0 ? "translation fault" : "fault status"));
                emit(l, out, f, null, "larb " + m.group(4) + " port " + m.group(5)
                        + (m.group(6) != null ? " layer " + m.group(6) : ""));
            }
            case "(SMMU translation error" -> {
                if ((m = find(TEGRA, b)) == null) {
                    return false;
                }
                UnrecoverableFault.Builder f = base(Family.TEGRA_MC).address(Num.hex(m.group(4), "address"))
                        .access(m.group(3).equals("write") ? Access.WRITE : Access.READ).reason(named(m.group(5)));
                if (m.group(5).equals("Page fault") && m.group(6).startsWith("SMMU translation error") && m.group(8) != null) {
                    f.stage(Stage.PTE);
                }
                emit(l, out, f, m.group(5), "client " + m.group(1) + (m.group(2) != null ? " (secure)" : ""));
            }
            case " FAULT occurred at 0x" -> {
                if ((m = find(EXYNOS, b)) == null) {
                    return false;
                }
                String name = m.group(3);
                String bare = name.startsWith("AR ") || name.startsWith("AW ") ? name.substring(3) : name;
                UnrecoverableFault.Builder f = base(Family.EXYNOS_SYSMMU).address(Num.hex(m.group(4), "address"))
                        .reason(named(name));
                f.stage(bare.equals("PTW") ? Stage.PGD : bare.equals("PAGE") || bare.equals("ACCESS PROTECTION")
                        ? Stage.PTE : Stage.NONE);
                boolean guessed = bare.equals("PAGE") || bare.equals("BUS ERROR");
                if ("WRITE".equals(m.group(2)) || name.startsWith("AW ")) {
                    f.access(Access.WRITE);
                } else if (("READ".equals(m.group(2)) && !guessed) || name.startsWith("AR ")) {
                    f.access(Access.READ);
                }
                out.open(new Follow(l, f.build(), EXYNOS_DETAIL, name, "master " + m.group(1)));
            }
            case "Multiple TLB hits @", "Page Table Walk Abort @", "Unhandled fault: status" -> {
                if ((m = at(IPMMU, b, k)) == null) {
                    return false;
                }
                if (m.group(1) != null) {
                    out.open(new Ipmmu(l, m.group(1).startsWith("Page"), Num.hex(m.group(2), "iova")));
                } else {
                    long status = Num.hex(m.group(3), "status", 32) & 0xffffffffL;
                    emit(l, out, base(Family.IPMMU_VMSA).address(Num.hex(m.group(4), "iova")).stage(Stage.PTE)
                            .reason(coded(status, "Unhandled fault")), null, null);
                }
            }
            case "translation fault: status:" -> {
                if ((m = at(DART, b, k)) == null) {
                    return false;
                }
                Num.hex(m.group(1), "status", 32);
                int code = Num.hex(m.group(3), "code", 32);
                String name = m.group(4);
                UnrecoverableFault.Builder f = base(Family.APPLE_DART)
                        .requesterId((int) Num.dec(m.group(2), "stream", 255))
                        .address(Num.hex(m.group(5), "address")).reason(coded(code, name));
                switch (name) {
                    case "READ FAULT" -> f.access(Access.READ).stage(Stage.PTE);
                    case "WRITE FAULT" -> f.access(Access.WRITE).stage(Stage.PTE);
                    case "NO PTE FOR IOVA", "NO PMD FOR IOVA", "NO PGD FOR IOVA" -> f.stage(Stage.PTE);
                    case "NO TTBR FOR IOVA" -> f.stage(Stage.CONTEXT);
                    default -> f.stage(Stage.NONE);
                }
                emit(l, out, f, name, null);
            }
            case "Page fault for 0x" -> {
                if ((m = at(SUN50I, b, k)) == null) {
                    return false;
                }
                boolean wr = m.group(3).equals("wr");
                UnrecoverableFault.Builder f = base(Family.SUN50I_IOMMU)
                        .requesterId((int) Num.dec(m.group(2), "master", 31))
                        .address(Num.hex(m.group(1), "iova")).stage(Stage.PTE);
                if (wr) {
                    f.access(Access.WRITE);
                }
                emit(l, out, f, null, wr ? null : "direction guessed by driver");
            }
            case "errs:0x" -> {
                if ((m = find(OMAP, b)) == null) {
                    return false;
                }
                long da = Num.hex(m.group(3), "da");
                Fault f = omap(Num.hex(m.group(2), "errs", 32), da);
                emit(l, out, base(Family.OMAP_IOMMU).address(da).stage(f.stage()).reason(f.reason()),
                        null, null);
            }
            case "iommu fault: da " -> {
                if ((m = at(RPROC, b, k)) == null) {
                    return false;
                }
                out.open(new Rproc(l, Num.hex(m.group(1), "da"), Num.hex(m.group(2), "flags", 32)));
            }
            case "Unexpected IOMMU page fault" -> out.open(new Msm(l));
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The first match of an end-anchored pattern anywhere in {@code b}. */
    private static Matcher find(Pattern p, String b) {
        Matcher m = p.matcher(b);
        return m.find() ? m : null;
    }

    private static Fault omap(long errs, long da) {
        Stage s = (errs & 0x8) != 0 ? Stage.PGD : (errs & 0x2) != 0 ? Stage.PTE : Stage.NONE;
        return base(Family.OMAP_IOMMU).address(da).stage(s).reason(coded(errs, "errs")).build();
    }

    private static UnrecoverableFault.Builder base(Family family) {
        return UnrecoverableFault.builder(family);
    }

    private static void emit(LogLine l, Out out, UnrecoverableFault.Builder f, String text, String note) {
        out.fault(new LogRecord(f.build(), null, KernelLogParser.sourceName(l), null, text, l, l.raw, false, note));
    }

    /** A head line open for detail lines (Exynos page-table dump). */
    private static final class Follow extends Pending {
        private final Fault fault;
        private final Pattern detail;
        private final String reasonText;
        private final String note;

        Follow(LogLine first, Fault fault, Pattern detail, String reasonText, String note) {
            super(first);
            this.fault = fault;
            this.detail = detail;
            this.reasonText = reasonText;
            this.note = note;
        }

        @Override
        boolean offer(LogLine l, Out out) {
            if (!detail.matcher(l.text()).matches()) {
                return false;
            }
            take(l);
            return true;
        }

        @Override
        void close(Out out) {
            out.fault(new LogRecord(fault, null, KernelLogParser.sourceName(first), null, reasonText, first, text(), false,
                    note));
        }
    }

    /** Rockchip R1 with its R2/R3 walk lines (R3's valid bits refine the reason) and R4. */
    private static final class Rockchip extends Pending {
        private final UnrecoverableFault.Builder fault;
        private boolean walk;

        Rockchip(LogLine first, UnrecoverableFault.Builder fault) {
            super(first);
            this.fault = fault.stage(Stage.PTE);
        }

        @Override
        boolean offer(LogLine l, Out out) {
            String t = l.text();
            Matcher m;
            // each later line of the device is offered: the patterns' fixed starts refuse most without a Matcher
            if ((t.startsWith("iova = 0x") && RK_R2.matcher(t).matches()) || t.startsWith("Page fault while iommu not attached")) {
                take(l);
                return true;
            }
            if (t.startsWith("mmu_dte_addr: 0x") && (m = RK_R3.matcher(t)).matches()) {
                take(l);
                walk = true;
                if (m.group(1).equals("1") && m.group(2).equals("1")) {
                    fault.reason(PERMISSION);
                }
                return true;
            }
            return false;
        }

        @Override
        void close(Out out) {
            out.fault(new LogRecord(fault.build(), null, KernelLogParser.sourceName(first), null, null, first, text(),
                    false, walk ? null : "walk detail missing"));
        }
    }

    /** IPMMU MHIT/ABORT line; an {@code Unhandled fault} for the same iova with that status bit merges into it. */
    private static final class Ipmmu extends Pending {
        private static final int TF = 1;
        private static final int PF = 1 << 1;
        private static final int ABORT = 1 << 2;
        private static final int MHIT = 1 << 4;
        private final boolean abort;
        private final long iova;
        private long status = -1;

        Ipmmu(LogLine first, boolean abort, long iova) {
            super(first);
            this.abort = abort;
            this.iova = iova;
        }

        @Override
        boolean offer(LogLine l, Out out) {
            Matcher m = IPMMU.matcher(l.text());
            if (status >= 0 || !m.matches() || m.group(3) == null) {
                return false;
            }
            try {
                long st = Num.hex(m.group(3), "status", 32) & 0xffffffffL;
                if (Num.hex(m.group(4), "iova") != iova || (st & (abort ? ABORT : MHIT)) == 0) {
                    return false;
                }
                status = st;
            } catch (LineFormatException e) {
                return false;
            }
            take(l);
            return true;
        }

        @Override
        boolean complete() {
            return status >= 0;
        }

        @Override
        void close(Out out) {
            Stage s = abort ? Stage.PGD : status >= 0 && (status & (TF | PF)) != 0 ? Stage.PTE : Stage.NONE;
            Reason r = named(abort ? "Page Table Walk Abort" : "Multiple TLB hits"); // as the head line prints it
            out.fault(new LogRecord(base(Family.IPMMU_VMSA).address(iova).stage(s).reason(r).build(), null,
                    KernelLogParser.sourceName(first), null, r.name(), first, text(), false, null));
        }
    }

    /** remoteproc's {@code iommu fault: da ...}; an OMAP {@code errs:} line for the same da merges into it. */
    private static final class Rproc extends Pending {
        private final long da;
        private final long flags;
        private Fault omap;

        Rproc(LogLine first, long da, long flags) {
            super(first);
            this.da = da;
            this.flags = flags;
        }

        @Override
        boolean anySource() {
            return true;
        }

        @Override
        boolean offer(LogLine l, Out out) {
            Matcher m = OMAP.matcher(l.text());
            if (omap != null || !m.matches()) {
                return false;
            }
            try {
                if (Num.hex(m.group(3), "da") != da) {
                    return false;
                }
                omap = omap(Num.hex(m.group(2), "errs", 32), da);
            } catch (LineFormatException e) {
                return false;
            }
            take(l);
            return true;
        }

        @Override
        boolean complete() {
            return omap != null;
        }

        @Override
        void close(Out out) {
            UnrecoverableFault.Builder f = base(omap != null ? Family.OMAP_IOMMU : Family.KERNEL_LOG).address(da)
                    .access((flags & 1) != 0 ? Access.WRITE : Access.UNKNOWN);
            if (omap != null) {
                f.stage(omap.stage()).reason(omap.reason());
            }
            out.fault(new LogRecord(f.build(), null, KernelLogParser.sourceName(first), null, null, first, text(), false,
                    omap == null ? "reported by remoteproc; the IOMMU's own line is missing" : null));
        }
    }

    /** msm_iommu's register dump: one record per {@code Fault occurred in context N.} block. */
    private static final class Msm extends Pending {
        private final List<LogRecord> done = new ArrayList<>();
        private LogLine ctxFirst;
        private StringBuilder ctxText;
        private Long far;
        private Stage stage = Stage.NONE;
        private String fsrNames;

        Msm(LogLine first) {
            super(first);
        }

        @Override
        boolean offer(LogLine l, Out out) {
            String b = l.body();
            if (!b.startsWith("msm_iommu: ") && !(!l.hasDevice() && b.startsWith("FSR"))) {
                return false;
            }
            String t = b.startsWith("msm_iommu: ") ? b.substring(11).trim() : b.trim();
            Matcher m;
            if ((m = MSM_CTX.matcher(t)).matches()) {
                finishContext();
                ctxFirst = l;
                ctxText = new StringBuilder(l.raw);
            } else if (ctxText != null && ctxText.length() < KernelLogParser.MAX_RECORD_CHARS) {
                ctxText.append('\n').append(l.raw);
                try {
                    if ((m = MSM_FAR.matcher(t)).matches()) {
                        far = Num.hex(m.group(1), "FAR", 32) & 0xffffffffL;
                    } else if ((m = MSM_FSR.matcher(t)).matches()) {
                        fsrNames = m.group(2).trim();
                        List<String> n = List.of(fsrNames.split(" +"));
                        stage = n.contains("TF") || n.contains("APF") || n.contains("AFF") ? Stage.PTE
                                : n.contains("HTWDEEF") || n.contains("HTWSEEF") ? Stage.PGD : Stage.NONE;
                    }
                } catch (LineFormatException e) {
                    out.unparsed(l, "msm_iommu: " + e.getMessage());
                }
            }
            take(l);
            return true;
        }

        private void finishContext() {
            if (ctxFirst == null) {
                return;
            }
            UnrecoverableFault.Builder f = base(Family.MSM_IOMMU).stage(stage)
                    .reason(named(fsrNames == null ? "page fault" : fsrNames));
            if (far != null) {
                f.address(far);
            }
            String printed = fsrNames == null || fsrNames.isEmpty() ? null : fsrNames; // "[]": no bit named
            done.add(new LogRecord(f.build(), null, "msm_iommu", null, printed, ctxFirst,
                    first.raw + "\n" + ctxText, far == null, far == null ? "FAR line missing" : null));
            ctxFirst = null;
            far = null;
            stage = Stage.NONE;
            fsrNames = null;
        }

        @Override
        void close(Out out) {
            finishContext();
            if (done.isEmpty()) {
                out.fault(new LogRecord(base(Family.MSM_IOMMU).build(), null, "msm_iommu", null, null, first, text(), true,
                        "no 'Fault occurred in context' block"));
            }
            for (LogRecord r : done) {
                out.fault(r);
            }
        }
    }
}
