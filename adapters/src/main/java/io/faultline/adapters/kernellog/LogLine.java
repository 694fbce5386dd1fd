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

    /** {@code "<driver> <device>"}, or "" without a device prefix: the key for joining lines. */
    String source() {
        return driver == null ? "" : driver + " " + device;
    }

    /** Matchers are reused: one parser, one thread. */
    static final class Splitter {
        private final Matcher iso = ISO.matcher("");
        private final Matcher syslog = SYSLOG.matcher("");
        private final Matcher bracket = BRACKET.matcher("");
        private final Matcher bare = BARE_STAMP.matcher("");

        LogLine split(long no, String raw) {
            int n = raw.length();
            int i = 0;
            String stamp = null;
            String seconds = null;
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
                    while (j < n && j < i + 5 && Character.isDigit(raw.charAt(j))) {
                        j++;
                    }
                    if (j > i + 1 && j < n && raw.charAt(j) == '>') {
                        i = j + 1;
                        progress = true;
                    }
                } else if (c == '[' && (j = numericStamp(raw, i, n)) > 0) {
                    // the common [   12.345678] stamp, without a regex
                    String t = raw.substring(raw.indexOf('[', i) + 1, raw.indexOf(']', i)).trim();
                    stamp = t;
                    seconds = t.charAt(0) == '+' ? null : t;
                    i = j;
                    progress = true;
                } else if (c == '[') {
                    bracket.reset(raw).region(i, n);
                    if (bracket.lookingAt()) {
                        if (bracket.group(2) != null) {
                            stamp = bracket.group(1) + bracket.group(2);
                            if (bracket.group(1).isEmpty()) {
                                seconds = bracket.group(2);
                            }
                        } else if (bracket.group(3) != null) {
                            stamp = bracket.group(3);
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
            return l;
        }

        /** End (after the optional space) of a {@code [ +12.345678]} stamp at {@code i}, or -1. */
        private static int numericStamp(String s, int i, int n) {
            int k = i + 1;
            while (k < n && s.charAt(k) == ' ') {
                k++;
            }
            if (k < n && s.charAt(k) == '+') {
                k++;
            }
            int d = k;
            while (k < n && k - d < 10 && Character.isDigit(s.charAt(k))) {
                k++;
            }
            if (k == d || k >= n || s.charAt(k) != '.') {
                return -1;
            }
            int f = ++k;
            while (k < n && k - f < 9 && Character.isDigit(s.charAt(k))) {
                k++;
            }
            if (k == f || k >= n || s.charAt(k) != ']') {
                return -1;
            }
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
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '-' || c == '.';
        }
    }

    /** Kernel monotonic seconds, NaN when the line has no absolute kernel stamp. Parsed on demand. */
    double seconds() {
        return secondsText == null ? Double.NaN : parseSeconds(secondsText);
    }

    private static double parseSeconds(String s) {
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
