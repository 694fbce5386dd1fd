package io.faultline.adapters.kernellog;

/** Bounded number parsing for log fields: absurd values are format errors, never exceptions. */
final class Num {
    private Num() {
    }

    /** Hex digits (no {@code 0x}) as an unsigned 64-bit value. */
    static long hex(String s, String field) throws LineFormatException {
        if (s == null || s.isEmpty()) {
            throw new LineFormatException(field + ": missing");
        }
        int i = 0;
        while (i < s.length() - 1 && s.charAt(i) == '0') {
            i++;
        }
        if (s.length() - i > 16) {
            throw new LineFormatException(field + ": 0x" + cut(s) + " exceeds 64 bits");
        }
        long v = 0;
        for (; i < s.length(); i++) {
            int d = Chars.hexDigit(s.charAt(i)); // ASCII only: Character.digit takes U+0661 for 1
            if (d < 0) {
                throw new LineFormatException(field + ": '" + cut(s) + "' is not hex");
            }
            v = (v << 4) | d;
        }
        return v;
    }

    /** Hex digits, at most {@code bits} wide. */
    static int hex(String s, String field, int bits) throws LineFormatException {
        long v = hex(s, field);
        if (bits < 64 && (v >>> bits) != 0) {
            throw new LineFormatException(field + ": 0x" + cut(s) + " exceeds " + bits + " bits");
        }
        return (int) v;
    }

    /** Hex with an optional {@code 0x}. */
    static long hex0x(String s, String field) throws LineFormatException {
        if (s != null && (s.startsWith("0x") || s.startsWith("0X"))) {
            s = s.substring(2);
        }
        return hex(s, field);
    }

    /**
     * {@link #hex0x(String, String)} of {@code s[from..to)}, without the substring unless the value is
     * bad (the error names it as that method would).
     */
    static long hex0x(String s, int from, int to, String field) throws LineFormatException {
        int i = from;
        if (to - i >= 2 && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')) {
            i += 2;
        }
        if (i == to || to - i > 16 + 64) { // empty, or surely too long: the String method words the error
            return hex0x(s.substring(from, to), field);
        }
        while (i < to - 1 && s.charAt(i) == '0') {
            i++;
        }
        if (to - i > 16) {
            return hex0x(s.substring(from, to), field);
        }
        long v = 0;
        for (; i < to; i++) {
            int d = Chars.hexDigit(s.charAt(i)); // ASCII only: Character.digit takes U+0661 for 1
            if (d < 0) {
                return hex0x(s.substring(from, to), field);
            }
            v = (v << 4) | d;
        }
        return v;
    }

    /** Decimal, 0..max. */
    static long dec(String s, String field, long max) throws LineFormatException {
        if (s == null || s.isEmpty()) {
            throw new LineFormatException(field + ": missing");
        }
        if (s.length() > 19) {
            throw new LineFormatException(field + ": " + cut(s) + " out of range");
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                throw new LineFormatException(field + ": '" + cut(s) + "' is not decimal");
            }
            v = v * 10 + d;
        }
        if (v > max) {
            throw new LineFormatException(field + ": " + s + " out of range (max " + max + ")");
        }
        return v;
    }

    private static String cut(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
