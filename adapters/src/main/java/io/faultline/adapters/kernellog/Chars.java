package io.faultline.adapters.kernellog;

/**
 * The character classes the hand-written line readers share, each as the regex class it replaces
 * matches it, so a reader and the pattern it stands in for accept the same text.
 */
final class Chars {
    private Chars() {
    }

    /** Regex {@code \d} (ASCII only, unlike {@link Character#isDigit}). */
    static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The value of an ASCII hex digit ({@code [0-9a-fA-F]}), or -1 ({@link Character#digit} would take U+0661 too). */
    static int hexDigit(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    /** Regex {@code [A-Z]}. */
    static boolean upper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    /** Regex {@code [a-z]}. */
    static boolean lower(char c) {
        return c >= 'a' && c <= 'z';
    }

    /** The value of a lowercase hex digit ({@code [0-9a-f]}), or -1. */
    static int lowerHexDigit(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }

    /** The value of the {@code n} lowercase hex digits at {@code from} (which must be in range), or -1. */
    static int lowerHex(String s, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            int d = lowerHexDigit(s.charAt(i));
            if (d < 0) {
                return -1;
            }
            v = v << 4 | d;
        }
        return v;
    }

    /** How many lowercase hex digits run from {@code from}. */
    static int lowerHexRun(String s, int from) {
        int i = from;
        while (i < s.length() && lowerHexDigit(s.charAt(i)) >= 0) {
            i++;
        }
        return i - from;
    }

    /** {@code \w} of java.util.regex: ASCII letters, digits and underscore (a table: one load, no branch chain). */
    static boolean word(char c) {
        return c < 128 && WORD[c];
    }

    private static final boolean[] WORD = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            WORD[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        }
    }

    /** End of the run of {@link #word} characters at {@code i} (regex {@code \w*}). */
    static int wordEnd(String s, int i) {
        while (i < s.length() && word(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** End of the run of {@link #digit} characters at {@code i} (regex {@code \d*}). */
    static int digitEnd(String s, int i) {
        while (i < s.length() && digit(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Index of the first character at or after {@code from} that is no {@link #space} (regex {@code \s*}). */
    static int skipSpaces(String s, int from) {
        int i = from;
        while (i < s.length() && space(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** {@code \s} of java.util.regex: space, tab, newline, vertical tab, form feed, carriage return. */
    static boolean space(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }
}
