package io.faultline.adapters.kernellog;

import io.faultline.api.Access;
import io.faultline.api.Fault;
import io.faultline.api.Family;
import io.faultline.api.PageRequest;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Arm SMMUv3 event lines (arm-smmu.md §7.1): the five-line raw dump ({@code event 0x10 received:}
 * and four dword lines from the same device, other devices' lines may interleave; a dump cut short
 * is reported truncated), the 6.15 decoded lines that follow it (or stand alone), the pre-IOPF
 * {@code unexpected PRI request} page request, and the EVTQ/PRIQ overflow notices.
 *
 * <p>Not faults: the global-error lines (arm-smmu.md §5: {@code unexpected global error reported},
 * {@code device has entered Service Failure Mode!}, the {@code ... MSI write aborted} lines, which lose
 * an interrupt, not a record) and the command-queue error dump ({@code CMDQ error (cons 0x%08x): %s},
 * {@code retrying command fetch}, {@code skipping command in error state:} and the skipped command's
 * two {@code \t0x%016llx} dwords, Linux {@code arm_smmu_cmdq_skip_err}). Only {@code EVTQ/PRIQ write
 * aborted} (GERROR EVTQ_ABT_ERR / PRIQ_ABT_ERR) say records were lost: those are overflow notices.
 */
final class SmmuV3Lines {
    private SmmuV3Lines() {
    }

    static final Pattern HEADER = Pattern.compile("event 0x([0-9a-f]{1,2}) received:\\s*");
    private static final Pattern DECODED = Pattern.compile(
            "event: (\\w+) client: (.+?) sid: 0x([0-9a-f]+) ssid: 0x([0-9a-f]+)"
                    + "(?: iova: 0x([0-9a-f]+) ipa: 0x([0-9a-f]+)| fetch_addr: 0x([0-9a-f]+))?\\s*");
    private static final Pattern DETAIL = Pattern.compile(
            "(priv|unpriv) (inst|data) (read|write) (s1|s2) \"([^\"]*)\"( ttd_read| ttd_write)?( stall)? stag: 0x([0-9a-f]+)\\s*");
    private static final Pattern PRI = Pattern.compile(
            "\\s*sid 0x([0-9a-f]+)\\.0x([0-9a-f]+): \\[(\\d+)(L?)\\] (un)?privileged (R?)(W?)(X?) access at iova 0x([0-9a-f]+)\\s*");

    /** Texts whose presence sends a line here (dword lines are recognised by their arm-smmu-v3 prefix). */
    static final String[] KEYS = {"event 0x", "event: ", "unexpected PRI request", "EVTQ overflow", "PRIQ overflow",
        "Q write aborted"};

    static boolean mentions(String s) {
        return (s.contains("event 0x") && s.contains("received")) || s.contains("unexpected PRI request")
                || (s.contains("event: ") && s.contains(" client: "));
    }

    static boolean head(LogLine l, Out out) {
        String t = l.text();
        if (t.startsWith("event 0x")) {
            int id = header(t);
            if (id >= 0) {
                out.open(new RawDump(l, id));
            } else {
                out.unparsed(l, "SMMUv3: event header matches no known format");
            }
            return true;
        }
        if (t.startsWith("event: ")) {
            Matcher m = DECODED.matcher(t);
            if (m.matches()) {
                out.open(new Decoded(l, m));
            } else {
                out.unparsed(l, "SMMUv3: decoded event line matches no known format");
            }
            return true;
        }
        if (t.startsWith("unexpected PRI request received")) {
            out.open(new Pri(l));
            return true;
        }
        if (t.startsWith("EVTQ overflow") || t.startsWith("PRIQ overflow") || t.startsWith("EVTQ write aborted")
                || t.startsWith("PRIQ write aborted")) {
            out.overflow(l);
            return true;
        }
        boolean v3 = l.driverStartsWith("arm-smmu-v3");
        if (v3 && t.startsWith("skipping command in error state:")) {
            out.open(new SkippedCommand(l)); // its two dwords are a command, not an event
            return true;
        }
        if (v3 && Dword.start(t) >= 0) {
            out.unparsed(l, "SMMUv3: event dword without its 'event 0x.. received:' header");
            return true;
        }
        if (mentions(l.body())) {
            out.unparsed(l, "SMMUv3: event line matches no known format");
            return true;
        }
        return false;
    }

    /**
     * The event id of a raw dump header ({@link #HEADER} over the whole text, read by hand: one per
     * event), or -1. One or two lowercase hex digits: a third is no space, so the regex fails too.
     */
    static int header(String t) {
        if (!t.startsWith("event 0x")) {
            return -1;
        }
        int d = Chars.lowerHexRun(t, 8);
        if (d < 1 || d > 2 || !t.startsWith(" received:", 8 + d) || Chars.skipSpaces(t, 18 + d) != t.length()) {
            return -1;
        }
        return Chars.lowerHex(t, 8, d);
    }

    /** {@link #DETAIL}'s fixed start: checked before it, as every later line of the device is offered. */
    private static boolean detailStart(String t) {
        return t.startsWith("priv ") || t.startsWith("unpriv ");
    }

    /**
     * The client as a PCI function when it is a PCI device name ({@code dev_name}: always with its
     * domain), else null (a platform device, {@code (unassigned sid)}).
     *
     * @throws LineFormatException for a PCI name with a device above 0x1f or a function above 7
     */
    private static String pciDevice(String client) throws LineFormatException {
        return client.length() == 12 && Bdf.shaped(client) ? Bdf.checked(client, "SMMUv3: client") : null;
    }

    /** The command {@code arm_smmu_cmdq_skip_err} prints after {@code skipping command in error state:}. */
    private static final class SkippedCommand extends Pending {
        /** CMDQ_ENT_DWORDS: a command is two dwords. */
        private static final int DWORDS = 2;
        private int count;

        SkippedCommand(LogLine first) {
            super(first);
        }

        @Override
        boolean offer(LogLine l, Out out) {
            if (count == DWORDS || Dword.start(l.text()) < 0) {
                return false;
            }
            count++;
            take(l);
            return true;
        }

        @Override
        boolean complete() {
            return count == DWORDS;
        }

        @Override
        void close(Out out) {
            // a look-alike: no fault, and no record was lost
        }
    }

    /** The raw dump: header, then four dword lines, then optionally the 6.15 decoded lines. */
    private static final class RawDump extends Pending {
        private final int id;
        private final long[] words = new long[4];
        private int count;
        private String client;
        /** The 6.15 decoded line's event name, as printed; null when no decoded line followed. */
        private String name;
        private boolean decodedSeen;
        private boolean done;

        RawDump(LogLine first, int id) {
            super(first);
            this.id = id;
        }

        @Override
        boolean offer(LogLine l, Out out) {
            String t = l.text();
            if (count < 4) {
                if (Dword.start(t) < 0) {
                    return false;
                }
                words[count++] = Dword.value(t);
                take(l);
                return true;
            }
            if (!decodedSeen) {
                // the next event's header is offered too: refused by its start, without a Matcher
                Matcher m;
                if (!t.startsWith("event: ") || !(m = DECODED.matcher(t)).matches()) {
                    return false;
                }
                decodedSeen = true;
                name = m.group(1);
                client = m.group(2);
                take(l);
                return true;
            }
            if (detailStart(t) && DETAIL.matcher(t).matches()) {
                take(l);
                done = true;
                return true;
            }
            return false;
        }

        @Override
        boolean complete() {
            return done;
        }

        @Override
        void close(Out out) {
            try {
                Fault f = SmmuV3Events.decode(id, words, count);
                String device = client == null ? null : pciDevice(client);
                out.fault(new LogRecord(f, device, source.isEmpty() ? "arm-smmu-v3" : source, null, name, first,
                        text(), count < 4, count < 4 ? count + " of 4 event dwords printed" : null));
            } catch (LineFormatException e) {
                out.unparsed(first.no, text(), e.getMessage());
            }
        }
    }

    /** 6.15 decoded lines without a raw dump before them (e.g. a paste of only those). */
    private static final class Decoded extends Pending {
        private final String name;
        private final String client;
        private final String sid;
        private final String ssid;
        private final String iova;
        private Matcher detail;

        Decoded(LogLine first, Matcher m) {
            super(first);
            name = m.group(1);
            client = m.group(2);
            sid = m.group(3);
            ssid = m.group(4);
            iova = m.group(5);
        }

        @Override
        boolean offer(LogLine l, Out out) {
            String t = l.text();
            Matcher m;
            if (detail != null || !detailStart(t) || !(m = DETAIL.matcher(t)).matches()) {
                return false;
            }
            detail = m;
            take(l);
            return true;
        }

        @Override
        boolean complete() {
            return detail != null;
        }

        @Override
        void close(Out out) {
            try {
                int id = SmmuV3Events.id(name);
                boolean stall = detail != null && detail.group(7) != null;
                Fault.Builder<?, ?> b = stall
                        ? PageRequest.builder(Family.ARM_SMMU_V3).groupIndex(Num.hex(detail.group(8), "stag", 16))
                                .lastInGroup(true)
                        : UnrecoverableFault.builder(Family.ARM_SMMU_V3);
                b.requesterId(Num.hex(sid, "sid", 32));
                int ss = Num.hex(ssid, "ssid", 20);
                if (ss != 0) {
                    b.pasid(ss); // ssid 0 prints for "no PASID" too: only a non-zero ssid is evidence
                }
                if (iova != null) {
                    b.address(Num.hex(iova, "iova"));
                }
                Stage stage = SmmuV3Events.stage(id, null, false);
                if (detail != null) {
                    String cls = detail.group(5);
                    int c = cls.equals("CD fetch") ? 0 : cls.startsWith("Stage 1") ? 1 : cls.startsWith("Input") ? 2 : 3;
                    stage = SmmuV3Events.stage(id, c, detail.group(4).equals("s2"));
                    boolean read = detail.group(3).equals("read");
                    b.access(Access.of(read, !read, detail.group(2).equals("inst"), detail.group(1).equals("priv")));
                }
                b.stage(stage).reason(SmmuV3Events.reason(id < 0 ? 0xff : id));
                out.fault(new LogRecord(b.build(), pciDevice(client), source.isEmpty() ? "arm-smmu-v3" : source,
                        null, name, first, text(), detail == null, "decoded lines only; ssid 0 read as no PASID"));
            } catch (LineFormatException e) {
                out.unparsed(first.no, text(), e.getMessage());
            }
        }
    }

    /** Pre-IOPF {@code unexpected PRI request received:} and its detail line: a page request. */
    private static final class Pri extends Pending {
        private Matcher m;

        Pri(LogLine first) {
            super(first);
        }

        @Override
        boolean offer(LogLine l, Out out) {
            String t = l.text();
            Matcher x;
            if (m != null || !t.startsWith("sid 0x", Chars.skipSpaces(t, 0)) || !(x = PRI.matcher(t)).matches()) {
                return false;
            }
            m = x;
            take(l);
            return true;
        }

        @Override
        boolean complete() {
            return m != null;
        }

        @Override
        void close(Out out) {
            if (m == null) {
                out.unparsed(first.no, text(), "SMMUv3: PRI request header without its detail line");
                return;
            }
            try {
                PageRequest.Builder b = PageRequest.builder(Family.ARM_SMMU_V3)
                        .groupIndex((int) Num.dec(m.group(3), "PRG index", 511)).lastInGroup(!m.group(4).isEmpty());
                b.requesterId(Num.hex(m.group(1), "sid", 32));
                int ss = Num.hex(m.group(2), "ssid", 20);
                if (ss != 0) {
                    b.pasid(ss);
                }
                b.address(Num.hex(m.group(9), "iova"));
                b.access(Access.of(!m.group(6).isEmpty(), !m.group(7).isEmpty(), !m.group(8).isEmpty(),
                        m.group(5) == null));
                out.fault(new LogRecord(b.build(), null, source.isEmpty() ? "arm-smmu-v3" : source, null, null, first,
                        text(), false, "ssid 0 read as no PASID"));
            } catch (LineFormatException e) {
                out.unparsed(first.no, text(), e.getMessage());
            }
        }
    }
}
