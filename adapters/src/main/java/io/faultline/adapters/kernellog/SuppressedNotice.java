package io.faultline.adapters.kernellog;

/**
 * Finds a rate-limit notice in a line as {@code find()} of the regex
 * {@code ([\w.]+): (\d+) callbacks suppressed|(\d+) output lines suppressed due to ratelimiting}
 * would ({@link KernelLogParser#SUPPRESSED}), without a regex: the leftmost start where either form
 * matches, the first form first. A {@code [\w.]} run can only end at its ':' and a digit run at its
 * space, so each form is checked once per run, not once per start.
 */
final class SuppressedNotice {
    private SuppressedNotice() {
    }

    private static final String CALLBACKS = " callbacks suppressed";
    private static final String OUTPUT = " output lines suppressed due to ratelimiting";

    /** Groups 1..3 of the regex's first match in {@code s} (null where a group did not take part), or null. */
    static String[] find(String s) {
        int n = s.length();
        int wordEnd = 0; // end of the [\w.] run holding p, once reached
        boolean wordOk = false;
        int digitEnd = 0;
        boolean digitOk = false;
        int countEnd = 0;
        for (int p = 0; p < n; p++) {
            char c = s.charAt(p);
            if (Chars.word(c) || c == '.') {
                if (p >= wordEnd) { // a new run: does "<run>: <digits> callbacks suppressed" follow?
                    wordEnd = p + 1;
                    while (wordEnd < n && (Chars.word(s.charAt(wordEnd)) || s.charAt(wordEnd) == '.')) {
                        wordEnd++;
                    }
                    countEnd = s.startsWith(": ", wordEnd) ? Chars.digitEnd(s, wordEnd + 2) : -1;
                    wordOk = countEnd > wordEnd + 2 && s.startsWith(CALLBACKS, countEnd);
                }
                if (wordOk) {
                    return new String[] {null, s.substring(p, wordEnd), s.substring(wordEnd + 2, countEnd), null};
                }
            }
            if (Chars.digit(c)) {
                if (p >= digitEnd) {
                    digitEnd = Chars.digitEnd(s, p);
                    digitOk = s.startsWith(OUTPUT, digitEnd);
                }
                if (digitOk) {
                    return new String[] {null, null, null, s.substring(p, digitEnd)};
                }
            }
        }
        return null;
    }
}
