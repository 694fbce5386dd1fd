package io.faultline.adapters.kernellog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Streaming parser of Linux kernel logs ({@code dmesg}, journal, syslog, pasted mail) for IOMMU
 * fault records of every family and era in the Faultline references: Intel DMAR / INTR-REMAP,
 * AMD-Vi, Arm SMMUv3 (raw dumps and 6.15 decoded lines), arm-smmu v1/v2 and qcom_iommu, and the
 * SoC IOMMUs (Rockchip, MediaTek, Tegra MC, Exynos, IPMMU, Apple DART, sun50i, OMAP/remoteproc,
 * msm_iommu).
 *
 * <p>Feed it line by line ({@link #accept(String)}, then {@link #flush()} at the end or when the
 * input goes idle), or bytes ({@link #feed}, then {@link #endOfInput()}), or a stream
 * ({@link #parse(InputStream)}). Memory is bounded: lines are
 * cut at {@link #MAX_LINE_CHARS}, at most {@link #MAX_OPEN} multi-line records wait for their
 * continuation lines. Not thread-safe; one parser per input.
 */
public final class KernelLogParser {
    /** Longer lines are cut; if the cut line mentions an IOMMU fault it is reported unparsed. */
    public static final int MAX_LINE_CHARS = 16 * 1024;
    /** Most records waiting for continuation lines at once; the oldest is closed beyond that. */
    public static final int MAX_OPEN = 64;
    static final int MAX_RECORD_CHARS = 8 * 1024;

    /** A family's head-line recogniser: true when it took the line (fault, unparsed, open record, notice). */
    @FunctionalInterface
    interface Head {
        boolean take(LogLine line, Out out);
    }

    static final List<Head> HEADS = List.of(DmarLines::head, AmdViLines::head, SmmuV3Lines::head,
            ArmSmmuLines::head, SocLines::head);
    private static final int SUPPRESSED_BIT = 1 << HEADS.size();
    private static final int SMMUV3_BIT = 1 << 2;
    /** Every fixed text a family's head recogniser (or its "mentions a fault" test) looks for, by family bit. */
    private static final KeyScanner KEYS = keys(new String[][] {
        DmarLines.KEYS, AmdViLines.KEYS, SmmuV3Lines.KEYS, ArmSmmuLines.KEYS, SocLines.KEYS,
        {" suppressed"}});

    /**
     * The byte-level pre-filter: every key above plus the SMMUv3 driver name. A line in which it finds
     * nothing, while no record waits for continuation lines, is one {@link #accept} would only count:
     * it is counted without becoming a String.
     */
    private static final KeyScanner CANDIDATE = keys(new String[][] {
        DmarLines.KEYS, AmdViLines.KEYS, SmmuV3Lines.KEYS, ArmSmmuLines.KEYS, SocLines.KEYS,
        {" suppressed"}, {"arm-smmu-v3"}});
    /** {@link #CANDIDATE}'s bit of the driver name, which is no {@link #KEYS} key. */
    private static final int DRIVER_NAME_BIT = SUPPRESSED_BIT << 1;
    private static final int MAX_HITS = 16;
    /** {@link #feed}'s byte classes: 0 for most, so its loop to the line end is one table load per byte. */
    private static final byte[] CLASS = new byte[256];
    private static final byte LINE_END = 1;
    private static final byte NON_ASCII = 2;
    private static final byte ANCHOR = 3;

    static {
        for (int c = 0; c < 256; c++) {
            CLASS[c] = c >= 0x80 ? NON_ASCII : c == '\n' || c == '\r' ? LINE_END
                    : CANDIDATE.isAnchor((byte) c) ? ANCHOR : 0;
        }
    }

    private static KeyScanner keys(String[][] perFamily) {
        List<String> keys = new ArrayList<>();
        List<Integer> bits = new ArrayList<>();
        for (int f = 0; f < perFamily.length; f++) {
            for (String k : perFamily[f]) {
                keys.add(k);
                bits.add(1 << f);
            }
        }
        return new KeyScanner(keys.toArray(new String[0]), bits.stream().mapToInt(Integer::intValue).toArray());
    }

    /** What {@link SuppressedNotice} finds without a regex (kept for its test). */
    static final Pattern SUPPRESSED = Pattern.compile(
            "([\\w.]+): (\\d+) callbacks suppressed|(\\d+) output lines suppressed due to ratelimiting");

    private final KernelLogListener listener;
    private final LogLine.Splitter splitter = new LogLine.Splitter();
    private final List<Pending> open = new ArrayList<>();
    private final Out out = new Sink();
    private long lineNo;
    private long faults;
    private long unparsed;
    private byte[] line = new byte[1024];
    private int len;
    private boolean nonAscii;
    private boolean cut;
    private boolean lastCr;
    /**
     * Where {@link #feed} found {@link #CANDIDATE} keys in the line it hands to {@link #accept}
     * (byte offsets, equal to char offsets as the line is ASCII), so that accept need not scan the
     * line's body again; valid only for that one call.
     */
    private final int[] hitAt = new int[MAX_HITS];
    private final int[] hitBits = new int[MAX_HITS];
    private int hits;
    private boolean hitsValid;
    /**
     * At most the {@link Pending#last} of every waiting record (records only move it forward; new ones
     * lower it in {@link Sink#open}), so {@link #closeExpired} can tell when none can have expired.
     */
    private long oldestLast = Long.MAX_VALUE;

    public KernelLogParser(KernelLogListener listener) {
        this(listener, HEADS);
    }

    /** With other head recognisers, one per family bit of {@link #HEADS} (tests). */
    KernelLogParser(KernelLogListener listener, List<Head> heads) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.heads = List.copyOf(heads);
    }

    private final List<Head> heads;

    /** Lines read so far. */
    public long lines() {
        return lineNo;
    }

    /** Fault records reported so far. */
    public long faults() {
        return faults;
    }

    /** Unparsed entries reported so far. */
    public long unparsedCount() {
        return unparsed;
    }

    /** One line, without its line terminator. Never throws for any content. */
    public void accept(String rawLine) {
        accept(rawLine, true);
    }

    /** {@code mayHaveKeys} false: the pre-filter saw no key in the line's bytes, so none is looked for. */
    private void accept(String rawLine, boolean mayHaveKeys) {
        boolean scanned = hitsValid;
        hitsValid = false;
        String line = rawLine == null ? "" : rawLine;
        if (line.length() > MAX_LINE_CHARS) {
            tooLong(line.substring(0, MAX_LINE_CHARS), line.length() + " characters");
            return;
        }
        lineNo++;
        LogLine l = splitter.split(lineNo, line);
        closeExpired(l.no);
        int mask = -1; // not scanned yet
        if (!open.isEmpty()) { // no waiting record: the line's source string is not needed here
            if (offerToOpen(l)) {
                return;
            }
            // The kernel prints the halves of a split record (AMD-Vi 'Event logged [' + event, the DMAR
            // request + reason line) with separate printk calls, so unrelated lines land between them. A
            // line without a device prefix and without any IOMMU key (a rate-limit notice is none) leaves
            // a waiting record of source "" open; it only ages it toward MAX_GAP. The byte pre-filter
            // never skips lines while such a record waits (noneWaitsFor), so every input path gets here.
            if (l.hasDevice() || ((mask = keys(l, scanned, mayHaveKeys)) & ~SUPPRESSED_BIT) != 0) {
                closeSource(l);
            }
        }
        if (mask < 0) {
            mask = keys(l, scanned, mayHaveKeys);
        }
        if (l.driverStartsWith("arm-smmu-v3")) {
            mask |= SMMUV3_BIT; // orphan event dwords carry no fixed text
        }
        if (mask == 0) {
            return;
        }
        if ((mask & SUPPRESSED_BIT) != 0 && countSuppressed(l)) {
            return;
        }
        try {
            for (int i = 0; i < heads.size(); i++) {
                if ((mask & (1 << i)) != 0 && heads.get(i).take(l, out)) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            readerFailed(l.no, l.raw, e);
        }
    }

    /**
     * A reader threw on a line: a bug here, never the input's fault. The line is listed unparsed with
     * the exception, and parsing goes on, so one bad reader cannot lose the rest of a log.
     */
    private void readerFailed(long line, String text, RuntimeException e) {
        report(new UnparsedLine(line, text, "parser error, please report: " + e));
    }

    /** Reports a waiting record as it is; a reader that throws is {@link #readerFailed}. */
    private void close(Pending p) {
        try {
            p.close(out);
        } catch (RuntimeException e) {
            readerFailed(p.first.no, p.text(), e);
        }
    }

    /** The family bits of the keys in the line's body (those feed found, when it scanned the line). */
    private int keys(LogLine l, boolean scanned, boolean mayHaveKeys) {
        int mask = 0;
        if (scanned) { // the keys feed found in the body: those starting after the prefixes
            int bodyStart = l.bodyFrom;
            for (int k = 0; k < hits; k++) {
                if (hitAt[k] >= bodyStart) {
                    mask |= hitBits[k] & ~DRIVER_NAME_BIT;
                }
            }
        } else if (mayHaveKeys) {
            mask = KEYS.scan(l.body());
        }
        return mask;
    }

    /** Closes every waiting record (end of input, or the input went idle). */
    public void flush() {
        while (!open.isEmpty()) {
            close(open.remove(0));
        }
    }

    /**
     * Reads {@code in} to its end, then {@link #endOfInput() ends the input}. Bytes are read as UTF-8
     * (invalid sequences become U+FFFD); lines end at LF, CRLF or CR; lines beyond the limit are cut.
     */
    public void parse(InputStream in) throws IOException {
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) >= 0) {
            feed(buf, 0, n);
        }
        endOfInput();
    }

    /**
     * Raw bytes of the log, in any chunks (for tailing a growing file). Complete lines are parsed at
     * once; a partial last line waits for its terminator or {@link #endOfInput()}.
     */
    public void feed(byte[] buf, int off, int n) {
        final KeyScanner keys = CANDIDATE;
        int end = off + n;
        int i = off;
        while (i < end) {
            if (lastCr && buf[i] == '\n') { // second half of CRLF
                lastCr = false;
                i++;
                continue;
            }
            lastCr = false;
            int j = i;
            boolean high = false;
            int found = 0;
            int c = 0;
            for (;;) { // to the line end, noting non-ASCII bytes and checking short keys at their anchor bytes
                while (j < end && (c = CLASS[buf[j] & 0xff]) == 0) {
                    j++;
                }
                if (j == end || c == LINE_END) {
                    break;
                }
                if (c == NON_ASCII) {
                    high = true;
                } else { // keys hold no line end: comparing up to end is safe
                    found = keys.anchorHits(buf, j, i, end, hitAt, hitBits, found);
                }
                j++;
            }
            if (j == end) {
                append(buf, i, j - i, high);
                return; // partial line: wait for more bytes
            }
            byte b = buf[j];
            found = keys.strideHits(buf, i, j, hitAt, hitBits, found);
            boolean maybe = found > 0;
            if (len == 0 && !cut && !maybe && !high && j - i <= MAX_LINE_CHARS && noneWaitsFor(buf, i, j)) {
                // no key, and no waiting record can take or close it: all accept() would do, without the String
                // (ASCII only: skipped() counts bytes where split() counts the chars of the decoded line)
                lineNo++;
                splitter.skipped(buf, i, j);
                if (!open.isEmpty()) {
                    closeExpired(lineNo);
                }
            } else {
                boolean whole = len == 0 && !cut;
                append(buf, i, j - i, high);
                hits = found;
                hitsValid = whole && !cut && !nonAscii && found <= MAX_HITS;
                emit(line, len, nonAscii, cut, !whole || maybe);
            }
            len = 0;
            nonAscii = false;
            cut = false;
            lastCr = b == '\r';
            i = j + 1;
        }
    }

    /**
     * Whether no waiting record could be offered or closed by the line in bytes {@code from..to}: each
     * has its own non-empty source (a line's source is a substring of it) that the line does not contain.
     */
    private boolean noneWaitsFor(byte[] buf, int from, int to) {
        for (int k = 0; k < open.size(); k++) {
            Pending p = open.get(k);
            if (p.anySource() || p.source.isEmpty() || contains(buf, from, to, p.sourceBytes())) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(byte[] buf, int from, int to, byte[] s) {
        byte first = s[0];
        for (int i = from, last = to - s.length; i <= last; i++) {
            if (buf[i] == first) {
                int k = 1;
                while (k < s.length && buf[i + k] == s[k]) {
                    k++;
                }
                if (k == s.length) {
                    return true;
                }
            }
        }
        return false;
    }

    private void append(byte[] buf, int from, int n, boolean high) {
        nonAscii |= high;
        int room = MAX_LINE_CHARS + 1 - len;
        if (n > room) {
            cut = true;
            n = room;
        }
        if (len + n > line.length) {
            line = java.util.Arrays.copyOf(line, Math.min(MAX_LINE_CHARS + 1, Math.max(len + n, line.length * 2)));
        }
        System.arraycopy(buf, from, line, len, n);
        len += n;
    }

    /** Parses a partial last line, if any, and {@link #flush() flushes}. */
    public void endOfInput() {
        if (len > 0 || cut) {
            emit(line, len, nonAscii, cut, true);
        }
        len = 0;
        nonAscii = false;
        cut = false;
        lastCr = false;
        flush();
    }

    /** {@code mayHaveKeys} false only when the pre-filter saw all of the line's bytes and no key in them. */
    private void emit(byte[] line, int len, boolean nonAscii, boolean cut, boolean mayHaveKeys) {
        String s = new String(line, 0, len, nonAscii ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        if (cut) {
            tooLong(s.length() > MAX_LINE_CHARS ? s.substring(0, MAX_LINE_CHARS) : s, "more than " + MAX_LINE_CHARS + " bytes");
        } else {
            accept(s, mayHaveKeys);
        }
    }

    private void tooLong(String cut, String size) {
        lineNo++;
        closeExpired(lineNo);
        if (mentionsFault(cut)) {
            report(new UnparsedLine(lineNo, cut, "line of " + size + " exceeds the " + MAX_LINE_CHARS
                    + "-character limit"));
        }
    }

    private boolean offerToOpen(LogLine l) {
        for (int i = 0; i < open.size(); i++) {
            Pending p = open.get(i);
            boolean took;
            try {
                took = (l.sourceIs(p.source) || p.anySource()) && p.offer(l, out);
            } catch (RuntimeException e) {
                open.remove(i);
                readerFailed(p.first.no, p.text(), e);
                return true;
            }
            if (took) {
                if (p.complete()) {
                    open.remove(i);
                    close(p);
                }
                return true;
            }
        }
        return false;
    }

    private void closeSource(LogLine l) {
        for (int i = 0; i < open.size(); ) {
            Pending p = open.get(i);
            if (l.sourceIs(p.source)) {
                open.remove(i);
                close(p);
            } else {
                i++;
            }
        }
    }

    private void closeExpired(long now) {
        if (now - oldestLast <= Pending.MAX_GAP) {
            return; // no waiting record is that old: nothing to close, without looking at each
        }
        for (int i = 0; i < open.size(); ) {
            Pending p = open.get(i);
            if (now - p.last > Pending.MAX_GAP) {
                open.remove(i);
                close(p);
            } else {
                i++;
            }
        }
        long oldest = Long.MAX_VALUE;
        for (int i = 0; i < open.size(); i++) {
            oldest = Math.min(oldest, open.get(i).last);
        }
        oldestLast = oldest;
    }

    /**
     * A rate-limit notice: true when the line is one (counted if it is about IOMMU faults, else
     * ignored). {@code <function>: N callbacks suppressed} names the function that called the rate
     * limiter; only IOMMU drivers' limiters count ({@link #iommuRateLimiter}), so that a count the
     * summary adds to fault counts is likely one of faults. {@code N output lines suppressed due to
     * ratelimiting} never counts: the kernel prints it when a user-space writer of /dev/kmsg closes it.
     */
    private boolean countSuppressed(LogLine l) {
        String[] g = SuppressedNotice.find(l.body());
        if (g == null) {
            return false;
        }
        if (g[1] == null || !iommuRateLimiter(g[1])) {
            // "N output lines suppressed due to ratelimiting" is printed when a user-space writer of
            // /dev/kmsg closes it (ratelimit_state_exit in devkmsg_release): its lost lines are never
            // kernel faults. kauditd_printk_skb, net_ratelimit...: not faults either. Neither is unparsed.
            return true;
        }
        String source = g[1];
        String digits = g[2];
        try {
            listener.suppressed(source, Num.dec(digits, "suppressed count", Long.MAX_VALUE), l.no);
        } catch (LineFormatException e) {
            report(new UnparsedLine(l.no, l.raw, e.getMessage()));
        }
        return true;
    }

    /**
     * Whether the function named in a {@code callbacks suppressed} notice belongs to an IOMMU driver and
     * may have rate-limited fault reports. It is a rule on the name, not a list of fault paths (the
     * references name dmar_fault, amd_iommu_report_page_fault, arm_smmu_context_fault, arm_smmu_dump_event,
     * qcom_iommu_fault, arm_smmu_global_fault; the SoC drivers rate-limit in their IRQ handlers): the name
     * contains {@code iommu} or {@code smmu} (also sysmmu, viommu), or one of its '_'/'.'-separated words
     * is {@code dmar}, {@code dart} or {@code ipmmu}, or {@code mc} in a function whose first word starts
     * with {@code tegra} ({@code tegra30_mc_handle_irq}: the memory controller reports Tegra SMMU faults);
     * but not when a word is {@code cmdq} (command-queue errors and CMD_SYNC timeouts, not faults).
     * kauditd_printk_skb, net_ratelimit and other drivers' handlers do not count.
     */
    static boolean iommuRateLimiter(String function) {
        String f = function.toLowerCase(java.util.Locale.ROOT);
        boolean named = f.contains("iommu") || f.contains("smmu");
        boolean tegra = f.startsWith("tegra"); // the first word starts so
        for (int from = 0; from <= f.length(); ) { // the words between '_' and '.', without a regex split
            int to = from;
            while (to < f.length() && f.charAt(to) != '_' && f.charAt(to) != '.') {
                to++;
            }
            int len = to - from;
            if (len == 4 && f.startsWith("cmdq", from)) {
                return false;
            }
            named |= (len == 4 && (f.startsWith("dmar", from) || f.startsWith("dart", from)))
                    || (len == 5 && f.startsWith("ipmmu", from))
                    || (len == 2 && f.startsWith("mc", from) && tegra);
            from = to + 1;
        }
        return named;
    }

    private void report(UnparsedLine u) {
        unparsed++;
        listener.unparsed(u);
    }

    static boolean mentionsFault(String s) {
        return (KEYS.scan(s) & ~SUPPRESSED_BIT) != 0;
    }

    private final class Sink implements Out {
        @Override
        public void fault(LogRecord record) {
            faults++;
            listener.fault(record);
        }

        @Override
        public void unparsed(LogLine line, String why) {
            report(new UnparsedLine(line.no, line.raw, why));
        }

        @Override
        public void unparsed(long line, String text, String why) {
            report(new UnparsedLine(line, text, why));
        }

        @Override
        public void overflow(LogLine line) {
            listener.overflow(line.hasDevice() ? line.source() : sourceName(line), line.raw, line.no);
        }

        @Override
        public void open(Pending pending) {
            if (open.size() >= MAX_OPEN) {
                close(open.remove(0));
            }
            open.add(pending);
            oldestLast = Math.min(oldestLast, pending.last);
        }
    }

    /** {@code pr_fmt} prefix of a line without a device prefix, e.g. {@code AMD-Vi}, or "kernel". */
    static String sourceName(LogLine l) {
        if (l.hasDevice()) {
            return l.source();
        }
        String b = l.body();
        int c = b.indexOf(':');
        if (c > 0 && c < 24) {
            for (int i = 0; i < c; i++) {
                char x = b.charAt(i);
                if (!(Character.isLetterOrDigit(x) || x == '_' || x == '.' || x == '-')) {
                    return "kernel";
                }
            }
            for (String k : COMMON_SOURCES) {
                if (k.length() == c && b.startsWith(k)) {
                    return k; // one shared instance, not a substring per record
                }
            }
            return b.substring(0, c);
        }
        return "kernel";
    }

    private static final String[] COMMON_SOURCES = {"DMAR", "AMD-Vi", "INTR-REMAP", "arm-smmu", "arm-smmu-v3"};
}
