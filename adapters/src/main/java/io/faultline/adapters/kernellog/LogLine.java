package io.faultline.adapters.kernellog;

import java.time.Instant;
import java.time.OffsetDateTime;
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
    private static final Pattern SYSLOG = Pattern.compile(
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
    /** Text after the printk prefixes. */
    final String body;
    /** {@code dev_printk} driver and device, or null. */
    final String driver;
    final String device;
    /** Text after the device prefix (== body when there is none). */
    final String text;

    private LogLine(long no, String raw, String body, String driver, String device, String text) {
        this.no = no;
        this.raw = raw;
        this.body = body;
        this.driver = driver;
        this.device = device;
        this.text = text;
    }

    private String source;

    /** {@code "<driver> <device>"}, or "" without a device prefix: the key for joining lines. */
    String source() {
        String s = source;
        if (s == null) {
            s = driver == null ? "" : driver + " " + device;
            source = s;
        }
        return s;
    }

    /** Matchers are reused: one parser, one thread. */
    static final class Splitter {
        private final Matcher iso = ISO.matcher("");
        private final Matcher syslog = SYSLOG.matcher("");
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

        /**
         * A line the parser counts without splitting: only its leading {@code [ seconds]} or
         * {@code [ +delta]} stamp matters here, so that relative stamps keep adding up across it.
         */
        void skipped(byte[] b, int from, int to) {
            int i = from;
            while (i < to && (b[i] == ' ' || b[i] == '\t')) {
                i++;
            }
            if (i >= to || b[i] != '[') {
                return;
            }
            int k = i + 1;
            while (k < to && b[k] == ' ') {
                k++;
            }
            boolean plus = k < to && b[k] == '+';
            int d = plus ? k + 1 : k;
            int e = d;
            while (e < to && e - d < 10 && b[e] >= '0' && b[e] <= '9') {
                e++;
            }
            if (e == d || e >= to || b[e] != '.') {
                return;
            }
            int f = ++e;
            while (e < to && e - f < 9 && b[e] >= '0' && b[e] <= '9') {
                e++;
            }
            if (e == f || e >= to || b[e] != ']') {
                return; // not the [ digits.digits] stamp split() reads
            }
            if (plus) {
                if (baseText != null || baseLen >= 0) {
                    relative(parseSeconds(new String(b, d, e - d, java.nio.charset.StandardCharsets.ISO_8859_1)));
                }
            } else {
                System.arraycopy(b, d, base, 0, e - d); // at most 20 bytes: fits
                baseLen = e - d;
                baseText = null;
                reached = Double.NaN;
            }
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
                    j = i + 1;
                    while (j < n && j < i + 5 && Chars.digit(raw.charAt(j))) {
                        j++;
                    }
                    if (j > i + 1 && j < n && raw.charAt(j) == '>') {
                        i = j + 1;
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
                    syslog.reset(raw).region(i, n);
                    if (syslog.lookingAt()) {
                        if (stamp == null) {
                            stamp = raw.substring(i, i + 15);
                        }
                        wall = true;
                        i = syslog.end();
                        progress = true;
                    }
                } else if (c == 'k' && raw.startsWith("kernel:", i)) {
                    i += 7;
                    progress = true;
                }
            }
            String body = raw.substring(i);
            String driver = null;
            String device = null;
            String text = body;
            int sep = devicePrefixEnd(body);
            if (sep > 0) {
                int sp = body.indexOf(' ');
                driver = body.substring(0, sp);
                device = body.substring(sp + 1, sep);
                text = body.substring(Math.min(body.length(), sep + 2));
            }
            LogLine l = new LogLine(no, raw, body, driver, device, text);
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

        /** Where {@link #numericStamp} found the stamp's text: from the '+' or first digit to the ']'. */
        private int stampFrom;
        private int stampTo;

        /** End (after the optional space) of a {@code [ +12.345678]} stamp at {@code i}, or -1. */
        private int numericStamp(String s, int i, int n) {
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

        /** Index of the ':' that ends a {@code <driver> <device>: } prefix at the start, or -1. */
        private static int devicePrefixEnd(String s) {
            int n = Math.min(s.length(), 200);
            int i = 0;
            while (i < n && isDriverChar(s.charAt(i))) {
                i++;
            }
            if (i == 0 || i >= n || s.charAt(i) != ' ') {
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

    private static Instant parseInstant(String s) {
        try {
            String t = s.replace(',', '.');
            if (t.charAt(10) == ' ') {
                t = t.substring(0, 10) + 'T' + t.substring(11);
            }
            if (t.endsWith("Z")) {
                return Instant.parse(t);
            }
            if (t.length() > 5) {
                char sign = t.charAt(t.length() - 5);
                if ((sign == '+' || sign == '-') && t.charAt(t.length() - 3) != ':') {
                    t = t.substring(0, t.length() - 2) + ":" + t.substring(t.length() - 2);
                }
            }
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
            return null; // no zone: not an instant
        }
    }
}
