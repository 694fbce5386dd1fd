package io.faultline.adapters.kernellog;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One input line split into its printk prefixes (timestamps, priority, syslog/journal fields, mail
 * quoting), the {@code dev_printk} prefix {@code <driver> <device>: } and the message text.
 * Prefixes are only stripped; numbers in them never become fields.
 */
final class LogLine {
    private static final Pattern ISO = Pattern.compile(
            "\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d:\\d\\d(?:[.,]\\d{1,9})?(?:Z|[+-]\\d\\d:?\\d\\d)?"
                    + "(?: [\\w.-]+ kernel(?:\\[\\d+\\])?:)? ?");
    /** The syslog stamp and host prefix; read by hand ({@link Splitter#syslogEnd}), kept as its specification. */
    static final Pattern SYSLOG = Pattern.compile(
            "[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?(?: [\\w.-]+ kernel(?:\\[\\d+\\])?:)? ?");
    private static final Pattern BRACKET = Pattern.compile(
            "\\[ *(\\+?)(\\d{1,10}\\.\\d{1,9})(?: *<[ \\d.]*>)?\\] ?"
                    + "|\\[([A-Z][a-z]{2} [A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4})\\] ?"
                    + "|\\[[A-Z][a-z]{2} ?\\d{1,2} \\d\\d:\\d\\d\\] ?");
    private static final Pattern BARE_STAMP = Pattern.compile(" *(\\d{1,10}\\.\\d{6})\\] ?");

    final long no;
    final String raw;
    /** Raw stamp text, or null. */
    String stamp;
    /** Kernel monotonic seconds text, or null (relative {@code +x.y} stamps are not absolute). */
    String secondsText;
    /**
     * Kernel seconds of a relative {@code [ +x.y]} stamp: the last absolute kernel stamp before it
     * plus the deltas since (NaN when no absolute stamp came first, or a wall-clock stamp since).
     */
    double relativeSeconds = Double.NaN;
    /** Wall-clock time from an ISO stamp, or null. */
    Instant instant;
    /**
     * Where the text after the printk prefixes starts in {@link #raw}. The parts of the line are
     * substrings made on first use: most lines need only some of them, and each is a copy.
     */
    final int bodyFrom;
    /** Index in {@link #raw} of the space after the {@code dev_printk} driver and of the ':' ending the device, or -1 for both. */
    private final int driverEnd;
    private final int deviceEnd;
    private String body;
    private String driver;
    private String device;
    private String text;
    private String source;

    private LogLine(long no, String raw, int bodyFrom, int driverEnd, int deviceEnd) {
        this.no = no;
        this.raw = raw;
        this.bodyFrom = bodyFrom;
        this.driverEnd = driverEnd;
        this.deviceEnd = deviceEnd;
    }

    /** Text after the printk prefixes. */
    String body() {
        String b = body;
        if (b == null) {
            b = raw.substring(bodyFrom);
            body = b;
        }
        return b;
    }

    /** Whether the body starts with a {@code dev_printk} prefix {@code <driver> <device>: }. */
    boolean hasDevice() {
        return deviceEnd >= 0;
    }

    /** {@code dev_printk} driver, or null. */
    String driver() {
        String d = driver;
        if (d == null && deviceEnd >= 0) {
            d = raw.substring(bodyFrom, driverEnd);
            driver = d;
        }
        return d;
    }

    /** Whether there is a driver and it starts with {@code prefix}, without making the driver a String. */
    boolean driverStartsWith(String prefix) {
        return deviceEnd >= 0 && bodyFrom + prefix.length() <= driverEnd && raw.startsWith(prefix, bodyFrom);
    }

    /** {@code dev_printk} device, or null. */
    String device() {
        String d = device;
        if (d == null && deviceEnd >= 0) {
            d = raw.substring(driverEnd + 1, deviceEnd);
            device = d;
        }
        return d;
    }

    /** Text after the device prefix (== body when there is none). */
    String text() {
        String t = text;
        if (t == null) {
            t = deviceEnd < 0 ? body() : raw.substring(Math.min(raw.length(), deviceEnd + 2));
            text = t;
        }
        return t;
    }

    /** Whether {@link #source()} equals {@code s}, without making it a String (each line is compared with every waiting record's). */
    boolean sourceIs(String s) {
        return deviceEnd < 0 ? s.isEmpty() : s.length() == deviceEnd - bodyFrom && raw.startsWith(s, bodyFrom);
    }

    /** {@code "<driver> <device>"}, or "" without a device prefix: the key for joining lines. */
    String source() {
        String s = source;
        if (s == null) {
            s = deviceEnd < 0 ? "" : raw.substring(bodyFrom, deviceEnd); // driver, one space, device
            source = s;
        }
        return s;
    }

    /** Matchers are reused: one parser, one thread. */
    static final class Splitter {
        private final Matcher iso = ISO.matcher("");
        private final Matcher bracket = BRACKET.matcher("");
        private final Matcher bare = BARE_STAMP.matcher("");
        /**
         * Last absolute kernel seconds text (ASCII) of a skipped line, while no other stamp came after
         * it; length -1: none. Kept as bytes, parsed only when a relative stamp needs it.
         */
        private final byte[] base = new byte[24];
        private int baseLen = -1;
        /** Kernel seconds reached by the relative stamps after {@link #base}; NaN until one came. */
        private double reached = Double.NaN;

        /** The absolute stamp of the last split line with one, as printed; null when none or when {@link #base} holds a later one. */
        private String baseText;

        private void base(String seconds) {
            baseText = seconds;
            baseLen = -1;
            reached = Double.NaN;
        }

        private double relative(double delta) {
            if (baseText == null && baseLen < 0) {
                return Double.NaN;
            }
            if (Double.isNaN(reached)) {
                reached = parseSeconds(baseText != null ? baseText
                        : new String(base, 0, baseLen, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
            reached += delta;
            return reached;
        }

        /** {@link #skipped}'s view of a line's bytes as chars (ISO-8859-1), reused. */
        private final Bytes view = new Bytes();

        /**
         * A line the parser counts without splitting: only its stamp matters here, so that relative
         * stamps keep adding up across it. Runs {@link #split}'s prefix loop over the bytes, with the
         * same branches and matchers in the same order, keeping only what moves the stamp state: the
         * last absolute seconds, the last relative delta, and whether a wall-clock stamp came. So a
         * line has the same effect whether it is skipped here or split, and the result cannot depend on
         * where a read chunk ends. The common line costs no regex: the matchers run only where their
         * prefix can start (a non-numeric bracket, a digit, "Mmm ").
         */
        void skipped(byte[] b, int from, int to) {
            Bytes s = view.reset(b, from, to);
            int n = to - from;
            int i = 0;
            int secFrom = -1; // absolute seconds text at [secFrom, secTo), or kmsg usec there when secKmsg
            int secTo = 0;
            boolean secKmsg = false;
            int deltaFrom = -1; // relative delta text at [deltaFrom, deltaTo)
            int deltaTo = 0;
            boolean wall = false;
            boolean progress = true;
            for (int guard = 0; progress && i < n && guard < 16; guard++) {
                progress = false;
                char c = s.charAt(i);
                int j;
                if (c == ' ' || c == '\t' || c == '>' || c == '|') {
                    while (i < n && ((c = s.charAt(i)) == ' ' || c == '\t' || c == '>' || c == '|')) {
                        i++;
                    }
                    progress = true;
                } else if (c == '<') {
                    if ((j = priority(s, i, n)) > 0) {
                        i = j;
                        progress = true;
                    }
                } else if (c == '[' && (j = numericStamp(s, i, n)) > 0) {
                    boolean plus = s.charAt(stampFrom) == '+';
                    secFrom = plus ? -1 : stampFrom;
                    secTo = stampTo;
                    secKmsg = false;
                    deltaFrom = plus ? stampFrom + 1 : -1;
                    deltaTo = stampTo;
                    i = j;
                    progress = true;
                } else if (c == '[') {
                    if (bracket.reset(s).region(i, n).lookingAt()) {
                        if (bracket.start(2) >= 0) {
                            if (bracket.start(1) == bracket.end(1)) {
                                secFrom = bracket.start(2);
                                secTo = bracket.end(2);
                                secKmsg = false;
                            } else {
                                deltaFrom = bracket.start(2);
                                deltaTo = bracket.end(2);
                            }
                        } else {
                            wall = true;
                        }
                        i = bracket.end();
                        progress = true;
                    }
                } else if (c >= '0' && c <= '9') {
                    if (iso.reset(s).region(i, n).lookingAt()) {
                        wall = true;
                        i = iso.end();
                        progress = true;
                    } else if (bare.reset(s).region(i, n).lookingAt()) {
                        secFrom = bare.start(1);
                        secTo = bare.end(1);
                        secKmsg = false;
                        i = bare.end();
                        progress = true;
                    }
                } else if (c >= 'A' && c <= 'Z') {
                    if ((j = syslogEnd(s, i, n)) > 0) {
                        wall = true;
                        i = j;
                        progress = true;
                    }
                } else if (c == 'k' && startsWith(s, i, n, "kernel:")) {
                    i += 7;
                    progress = true;
                }
                if (!progress && (j = otherPrefix(s, i, n)) > i) {
                    if (kmsgUsecFrom >= 0) {
                        secFrom = kmsgUsecFrom;
                        secTo = kmsgUsecTo;
                        secKmsg = true;
                        deltaFrom = -1;
                    } else if (traceStampTo > 0) {
                        secFrom = traceStampFrom;
                        secTo = traceStampTo;
                        secKmsg = false;
                        deltaFrom = -1;
                    }
                    i = j;
                    progress = true;
                }
            }
            if (secFrom >= 0) { // as split: seconds win over a delta, either over a wall-clock stamp
                baseLen = secKmsg ? kmsgSeconds(s, secFrom, secTo, base) : copy(b, from + secFrom, secTo - secFrom);
                baseText = null;
                reached = Double.NaN;
            } else if (deltaFrom >= 0) {
                if (baseText != null || baseLen >= 0) {
                    relative(parseSeconds(new String(b, from + deltaFrom, deltaTo - deltaFrom,
                            java.nio.charset.StandardCharsets.ISO_8859_1)));
                }
            } else if (wall) {
                baseText = null;
                baseLen = -1;
                reached = Double.NaN;
            }
        }

        private int copy(byte[] b, int from, int n) {
            System.arraycopy(b, from, base, 0, n); // at most 20 bytes: fits
            return n;
        }

        /** End of a {@code <N>} syslog priority at {@code i}, or -1. */
        private static int priority(CharSequence s, int i, int n) {
            int j = i + 1;
            while (j < n && j < i + 5 && Chars.digit(s.charAt(j))) {
                j++;
            }
            return j > i + 1 && j < n && s.charAt(j) == '>' ? j + 1 : -1;
        }

        LogLine split(long no, String raw) {
            int n = raw.length();
            int i = 0;
            String stamp = null;
            String seconds = null;
            String delta = null;
            boolean wall = false;
            Instant instant = null;
            boolean progress = true;
            int j;
            for (int guard = 0; progress && i < n && guard < 16; guard++) {
                progress = false;
                char c = raw.charAt(i);
                if (c == ' ' || c == '\t' || c == '>' || c == '|') {
                    while (i < n && ((c = raw.charAt(i)) == ' ' || c == '\t' || c == '>' || c == '|')) {
                        i++;
                    }
                    progress = true;
                } else if (c == '<') {
                    if ((j = priority(raw, i, n)) > 0) {
                        i = j;
                        progress = true;
                    }
                } else if (c == '[' && (j = numericStamp(raw, i, n)) > 0) {
                    // the common [   12.345678] stamp, without a regex; its text is from the '+' or first digit to the ']'
                    String t = raw.substring(stampFrom, stampTo);
                    stamp = t;
                    seconds = t.charAt(0) == '+' ? null : t;
                    delta = seconds == null ? t.substring(1) : null;
                    i = j;
                    progress = true;
                } else if (c == '[') {
                    bracket.reset(raw).region(i, n);
                    if (bracket.lookingAt()) {
                        if (bracket.group(2) != null) {
                            stamp = bracket.group(1) + bracket.group(2);
                            if (bracket.group(1).isEmpty()) {
                                seconds = bracket.group(2);
                            } else {
                                delta = bracket.group(2);
                            }
                        } else {
                            wall = true; // [Mon Nov 27 10:00:00 2026], or the --reltime minute [Nov27 10:00]
                            if (bracket.group(3) != null) {
                                stamp = bracket.group(3);
                            }
                        }
                        i = bracket.end();
                        progress = true;
                    }
                } else if (c >= '0' && c <= '9') {
                    iso.reset(raw).region(i, n);
                    bare.reset(raw).region(i, n);
                    if (iso.lookingAt()) {
                        String s = raw.substring(i, iso.end()).trim();
                        int sp = s.indexOf(' ', 11);
                        String t = sp < 0 ? s : s.substring(0, sp);
                        if (stamp == null) {
                            stamp = t;
                        }
                        instant = parseInstant(t);
                        wall = true;
                        i = iso.end();
                        progress = true;
                    } else if (bare.lookingAt()) {
                        stamp = bare.group(1);
                        seconds = bare.group(1);
                        i = bare.end();
                        progress = true;
                    }
                } else if (c >= 'A' && c <= 'Z') {
                    if ((j = syslogEnd(raw, i, n)) > 0) {
                        if (stamp == null) {
                            stamp = raw.substring(i, i + 15);
                        }
                        wall = true;
                        i = j;
                        progress = true;
                    }
                } else if (c == 'k' && raw.startsWith("kernel:", i)) {
                    i += 7;
                    progress = true;
                }
                if (!progress && (j = otherPrefix(raw, i, n)) > i) {
                    if (kmsgUsecFrom >= 0) { // the /dev/kmsg record's usec: monotonic, as a kernel stamp
                        String t = kmsgSeconds(raw, kmsgUsecFrom, kmsgUsecTo);
                        stamp = t;
                        seconds = t;
                        delta = null;
                    } else if (traceStampTo > 0) {
                        stamp = raw.substring(traceStampFrom, traceStampTo);
                        seconds = stamp;
                        delta = null;
                    }
                    i = j;
                    progress = true;
                }
            }
            int sep = devicePrefixEnd(raw, i);
            LogLine l = sep > 0 ? new LogLine(no, raw, i, raw.indexOf(' ', i), sep) : new LogLine(no, raw, i, -1, -1);
            l.stamp = stamp;
            l.secondsText = seconds;
            l.instant = instant;
            if (seconds != null) {
                base(seconds);
            } else if (delta != null) {
                l.relativeSeconds = relative(parseSeconds(delta));
            } else if (wall) {
                baseText = null; // relative stamps now count from a wall-clock time, not kernel seconds
                baseLen = -1;
                reached = Double.NaN;
            }
            return l;
        }

        /**
         * Where {@link #SYSLOG} matched at {@code i} would end ({@code lookingAt}), or -1: by hand, as
         * every line of a syslog file starts with one and a regex per line costs more than the rest of a
         * skipped line. {@code SyslogPrefixTest} checks it against the pattern.
         */
        static int syslogEnd(CharSequence s, int i, int n) {
            if (i + 15 > n || !Chars.upper(s.charAt(i)) || !syslogStart(s, i, n)) {
                return -1; // [A-Z][a-z]{2} and a space
            }
            char d = s.charAt(i + 4);
            if (!(d == ' ' || Chars.digit(d)) || !Chars.digit(s.charAt(i + 5)) || s.charAt(i + 6) != ' '
                    || !twoDigits(s, i + 7) || s.charAt(i + 9) != ':' || !twoDigits(s, i + 10) || s.charAt(i + 12) != ':'
                    || !twoDigits(s, i + 13)) {
                return -1; // [ \d]\d \d\d:\d\d:\d\d
            }
            int k = i + 15;
            if (k + 1 < n && s.charAt(k) == '.' && Chars.digit(s.charAt(k + 1))) { // (?:\.\d+)?
                k += 2;
                while (k < n && Chars.digit(s.charAt(k))) {
                    k++;
                }
            }
            if (k < n && s.charAt(k) == ' ') { // (?: [\w.-]+ kernel(?:\[\d+\])?:)?
                int e = k + 1;
                while (e < n && (Chars.word(s.charAt(e)) || s.charAt(e) == '.' || s.charAt(e) == '-')) {
                    e++;
                }
                if (e > k + 1 && startsWith(s, e, n, " kernel")) {
                    int m = e + 7;
                    if (m < n && s.charAt(m) == '[') {
                        int q = m + 1;
                        while (q < n && Chars.digit(s.charAt(q))) {
                            q++;
                        }
                        if (q > m + 1 && q < n && s.charAt(q) == ']') {
                            m = q + 1;
                        }
                    }
                    if (m < n && s.charAt(m) == ':') {
                        k = m + 1;
                    }
                }
            }
            return k < n && s.charAt(k) == ' ' ? k + 1 : k; // " ?"
        }

        private static boolean twoDigits(CharSequence s, int i) {
            return Chars.digit(s.charAt(i)) && Chars.digit(s.charAt(i + 1));
        }

        /** Whether {@link #SYSLOG}'s {@code [A-Z][a-z]{2} } can start at {@code i} (whose char is a capital). */
        private static boolean syslogStart(CharSequence s, int i, int n) {
            return i + 3 < n && Chars.lower(s.charAt(i + 1)) && Chars.lower(s.charAt(i + 2)) && s.charAt(i + 3) == ' ';
        }

        /** Where {@link #numericStamp} found the stamp's text: from the '+' or first digit to the ']'. */
        private int stampFrom;
        private int stampTo;

        /** End (after the optional space) of a {@code [ +12.345678]} stamp at {@code i}, or -1. */
        private int numericStamp(CharSequence s, int i, int n) {
            int k = i + 1;
            while (k < n && s.charAt(k) == ' ') {
                k++;
            }
            stampFrom = k;
            if (k < n && s.charAt(k) == '+') {
                k++;
            }
            int d = k;
            while (k < n && k - d < 10 && Chars.digit(s.charAt(k))) {
                k++;
            }
            if (k == d || k >= n || s.charAt(k) != '.') {
                return -1;
            }
            int f = ++k;
            while (k < n && k - f < 9 && Chars.digit(s.charAt(k))) {
                k++;
            }
            if (k == f || k >= n || s.charAt(k) != ']') {
                return -1;
            }
            stampTo = k;
            k++;
            return k < n && s.charAt(k) == ' ' ? k + 1 : k;
        }

        /** Where {@link #otherPrefix} found a /dev/kmsg usec field (from -1: none) or a trace stamp (to 0: none). */
        private int kmsgUsecFrom;
        private int kmsgUsecTo;
        private int traceStampFrom;
        private int traceStampTo;

        private static final String[] FACILITIES = {"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
            "uucp", "cron", "authpriv", "ftp", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"};
        /** The facilities by first letter, in {@link #FACILITIES}' order: most bodies start with none's letter. */
        private static final String[][] FACILITIES_BY_FIRST = new String[128][0];

        static {
            for (String f : FACILITIES) {
                String[] a = FACILITIES_BY_FIRST[f.charAt(0)];
                a = java.util.Arrays.copyOf(a, a.length + 1);
                a[a.length - 1] = f;
                FACILITIES_BY_FIRST[f.charAt(0)] = a;
            }
        }

        private static final String[] LEVELS = {"emerg", "alert", "crit", "err", "warn", "notice", "info", "debug"};

        /**
         * End of one of the prefixes that {@link #split}'s first-character dispatch does not know, at
         * {@code i}, or -1: a /dev/kmsg record header {@code prio,seq,usec,flags[,more];}; a
         * {@code dmesg -x} column {@code kern  :err   : }; the host and ident of {@code journalctl -o
         * short-monotonic} ({@code myhost kernel: }); a trace-buffer offset {@code 0x123477BBFA |}; a trace
         * stamp {@code 1263.468579: }; a vendor column {@code [pid:134,cpu0,irq/13-foo]}; a
         * {@code CONFIG_PRINTK_CALLER} column {@code [    T123]} / {@code [  C0]}.
         */
        private int otherPrefix(CharSequence s, int i, int n) {
            kmsgUsecFrom = -1;
            traceStampTo = 0;
            char c = s.charAt(i);
            int j;
            if (c == '[') {
                return bracketColumn(s, i, n);
            }
            if (Chars.digit(c)) {
                if ((j = kmsgHeader(s, i, n)) > 0 || (j = traceStamp(s, i, n)) > 0 || (j = traceOffset(s, i, n)) > 0) {
                    return j;
                }
            }
            if ((j = facilityLevel(s, i, n)) > 0) {
                return j;
            }
            return hostKernel(s, i, n);
        }

        /** {@code prio,seq,usec,flags[,key=value...];} (the kernel's /dev/kmsg record header). */
        private int kmsgHeader(CharSequence s, int i, int n) {
            int j = digits(s, i, n, 3);
            if (j < 0 || j >= n || s.charAt(j) != ',' || (j = digits(s, j + 1, n, 20)) < 0 || j >= n || s.charAt(j) != ',') {
                return -1;
            }
            int u = j + 1;
            int e = digits(s, u, n, 20);
            if (e < 0 || e >= n || s.charAt(e) != ',') {
                return -1;
            }
            for (int k = e + 1; k < n && k < e + 64; k++) {
                char c = s.charAt(k);
                if (c == ';') {
                    if (e - u <= 16) { // a stamp only while it fits the seconds text (always, in practice)
                        kmsgUsecFrom = u;
                        kmsgUsecTo = e;
                    }
                    return k + 1;
                }
                if (c == ' ' || c == '\t') {
                    return -1;
                }
            }
            return -1;
        }

        /** {@code 1263.468579: } (seconds with six decimals and a colon, as trace tools print it). */
        private int traceStamp(CharSequence s, int i, int n) {
            int d = digits(s, i, n, 10);
            if (d < 0 || d >= n || s.charAt(d) != '.') {
                return -1;
            }
            int f = digits(s, d + 1, n, 6);
            if (f != d + 7 || f >= n || s.charAt(f) != ':') {
                return -1;
            }
            traceStampFrom = i;
            traceStampTo = f;
            return f + 1 < n && s.charAt(f + 1) == ' ' ? f + 2 : f + 1;
        }

        /** {@code 0x<hex> |} (a trace-buffer offset column); ends before the '|'. */
        private static int traceOffset(CharSequence s, int i, int n) {
            if (i + 2 >= n || s.charAt(i) != '0' || s.charAt(i + 1) != 'x') {
                return -1;
            }
            int j = i + 2;
            while (j < n && j < i + 2 + 16 && Chars.hexDigit(s.charAt(j)) >= 0) {
                j++;
            }
            if (j == i + 2) {
                return -1;
            }
            while (j < n && s.charAt(j) == ' ') {
                j++;
            }
            return j < n && s.charAt(j) == '|' ? j : -1;
        }

        /** {@code dmesg -x}: {@code %-6s:%-6s: } of a known facility and level. */
        private static int facilityLevel(CharSequence s, int i, int n) {
            char first = s.charAt(i);
            if (first >= 0x80) {
                return -1;
            }
            int j = word(s, i, n, FACILITIES_BY_FIRST[first]); // only those that can match, not all twenty
            if (j < 0 || (j = colon(s, j, n)) < 0 || (j = word(s, j, n, LEVELS)) < 0 || (j = colon(s, j, n)) < 0) {
                return -1;
            }
            return j < n && s.charAt(j) == ' ' ? j + 1 : j;
        }

        /** {@code <host> kernel: } or {@code <host> kernel[123]: }. */
        private static int hostKernel(CharSequence s, int i, int n) {
            int j = i;
            while (j < n && j < i + 64 && (Chars.word(s.charAt(j)) || s.charAt(j) == '-' || s.charAt(j) == '.')) {
                j++;
            }
            if (j == i || j + 8 > n || s.charAt(j) != ' ' || !startsWith(s, j + 1, n, "kernel")) {
                return -1;
            }
            j += 7;
            if (j < n && s.charAt(j) == '[') {
                j = digits(s, j + 1, n, 10);
                if (j < 0 || j >= n || s.charAt(j) != ']') {
                    return -1;
                }
                j++;
            }
            if (j >= n || s.charAt(j) != ':') {
                return -1;
            }
            return j + 1 < n && s.charAt(j + 1) == ' ' ? j + 2 : j + 1;
        }

        /** {@code [pid:...]} vendor column or {@code [ *T123]} / {@code [ *C0]} caller column. */
        private static int bracketColumn(CharSequence s, int i, int n) {
            int j;
            if (startsWith(s, i + 1, n, "pid:")) {
                j = i + 5;
                while (j < n && j < i + 80 && s.charAt(j) != ']' && s.charAt(j) != '[') {
                    j++;
                }
                if (j >= n || s.charAt(j) != ']') {
                    return -1;
                }
            } else {
                j = i + 1;
                while (j < n && s.charAt(j) == ' ') {
                    j++;
                }
                if (j >= n || (s.charAt(j) != 'T' && s.charAt(j) != 'C')) {
                    return -1;
                }
                j = digits(s, j + 1, n, 10);
                if (j < 0 || j >= n || s.charAt(j) != ']') {
                    return -1;
                }
            }
            return j + 1 < n && s.charAt(j + 1) == ' ' ? j + 2 : j + 1;
        }

        /** End of 1..max ASCII digits at {@code i}, or -1. */
        private static int digits(CharSequence s, int i, int n, int max) {
            int j = i;
            while (j < n && j - i < max && Chars.digit(s.charAt(j))) {
                j++;
            }
            return j == i || (j < n && Chars.digit(s.charAt(j))) ? -1 : j;
        }

        /** End of one of {@code words} at {@code i}, or -1. */
        private static int word(CharSequence s, int i, int n, String[] words) {
            for (String w : words) {
                if (startsWith(s, i, n, w)) {
                    return i + w.length();
                }
            }
            return -1;
        }

        /** End of spaces then ':' at {@code i}, or -1. */
        private static int colon(CharSequence s, int i, int n) {
            int j = i;
            while (j < n && j < i + 8 && s.charAt(j) == ' ') {
                j++;
            }
            return j < n && s.charAt(j) == ':' ? j + 1 : -1;
        }

        private static boolean startsWith(CharSequence s, int i, int n, String w) {
            if (i + w.length() > n) {
                return false;
            }
            for (int k = 0; k < w.length(); k++) {
                if (s.charAt(i + k) != w.charAt(k)) {
                    return false;
                }
            }
            return true;
        }

        /** The kmsg usec digits {@code s[from..to)} as seconds text with six decimals ({@code 1000000} is {@code 1.000000}). */
        static String kmsgSeconds(CharSequence s, int from, int to) {
            byte[] b = new byte[24];
            return new String(b, 0, kmsgSeconds(s, from, to, b), java.nio.charset.StandardCharsets.ISO_8859_1);
        }

        /** {@link #kmsgSeconds(CharSequence, int, int)} into {@code out} (18 bytes hold 16 digits); its length. */
        static int kmsgSeconds(CharSequence s, int from, int to, byte[] out) {
            int whole = to - 6; // the whole seconds are the digits before the last six
            int lead = from;
            while (lead < whole - 1 && s.charAt(lead) == '0') {
                lead++; // 0001000000 is 1.000000, as dmesg prints it
            }
            int k = 0;
            if (lead >= whole) {
                out[k++] = '0';
            }
            for (int i = lead; i < whole; i++) {
                out[k++] = (byte) s.charAt(i);
            }
            out[k++] = '.';
            for (int i = whole; i < to; i++) {
                out[k++] = i < from ? (byte) '0' : (byte) s.charAt(i);
            }
            return k;
        }

        /** Index of the ':' that ends a {@code <driver> <device>: } prefix at {@code from}, or -1. */
        private static int devicePrefixEnd(String s, int from) {
            int n = Math.min(s.length(), from + 200);
            int i = from;
            while (i < n && isDriverChar(s.charAt(i))) {
                i++;
            }
            if (i == from || i >= n || s.charAt(i) != ' ') {
                return -1;
            }
            int j = i + 1;
            int lastColon = -1;
            while (j < n) {
                char c = s.charAt(j);
                if (c == ':') {
                    if (j + 1 >= s.length() || s.charAt(j + 1) == ' ' || s.charAt(j + 1) == '\t') {
                        lastColon = j;
                        break;
                    }
                } else if (!isDriverChar(c)) {
                    break;
                }
                j++;
            }
            return lastColon > i + 1 ? lastColon : -1;
        }

        private static boolean isDriverChar(char c) {
            return Chars.word(c) || c == '-' || c == '.';
        }
    }

    /**
     * Kernel monotonic seconds, NaN when the line has no kernel stamp (or a relative one with nothing
     * absolute before it). Parsed on demand.
     */
    double seconds() {
        return secondsText == null ? relativeSeconds : parseSeconds(secondsText);
    }

    private static final double[] POW10 = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

    /**
     * {@code digits.digits}, as {@link Double#parseDouble}: with at most 15 digits the digits are an
     * exact double and so is the power of ten, and one IEEE division of exact operands is correctly
     * rounded, which is what parseDouble returns. Anything else goes to parseDouble.
     */
    static double parseSeconds(String s) {
        int n = s.length();
        int dot = s.indexOf('.');
        if (dot > 0 && n - 1 <= 15 && n - dot - 1 <= 9 && n - dot - 1 > 0) {
            long v = 0;
            boolean ok = true;
            for (int i = 0; i < n && ok; i++) {
                char c = s.charAt(i);
                if (i != dot) {
                    ok = c >= '0' && c <= '9';
                    v = v * 10 + (c - '0');
                }
            }
            if (ok) {
                return v / POW10[n - dot - 1];
            }
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * The instant of an ISO stamp ({@link #ISO}'s text). One without a zone is UTC, as the CLI reads a
     * {@code --since} without one, so that both compare; null only for an impossible date or time.
     */
    static Instant parseInstant(String s) {
        try {
            String t = s.replace(',', '.');
            if (t.charAt(10) == ' ') {
                t = t.substring(0, 10) + 'T' + t.substring(11);
            }
            if (t.endsWith("Z")) {
                return Instant.parse(t);
            }
            int zone = Math.max(t.indexOf('+', 19), t.indexOf('-', 19)); // yyyy-MM-ddTHH:mm:ss is 19 chars
            if (zone < 0) {
                return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
            }
            if (t.length() - zone == 5) { // +hhmm
                t = t.substring(0, zone + 3) + ":" + t.substring(zone + 3);
            }
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
            return null; // 2024-02-30T25:61:00: no instant
        }
    }

    /** A byte range as ISO-8859-1 chars, for reading a skipped line's prefixes without a String. */
    private static final class Bytes implements CharSequence {
        private byte[] b;
        private int from;
        private int n;

        Bytes reset(byte[] b, int from, int to) {
            this.b = b;
            this.from = from;
            this.n = to - from;
            return this;
        }

        @Override
        public int length() {
            return n;
        }

        @Override
        public char charAt(int i) {
            return (char) (b[from + i] & 0xff);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new String(b, from + start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return subSequence(0, n).toString();
        }
    }
}
