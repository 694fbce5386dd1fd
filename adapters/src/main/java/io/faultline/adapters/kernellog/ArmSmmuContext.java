package io.faultline.adapters.kernellog;

/**
 * The arm-smmu {@code Unhandled context fault} line read by hand, group for group as
 * {@code ArmSmmuLines.CONTEXT} reads it (the way {@link DmarOne} stands in for its regex): at every
 * choice the regex's first option is taken (greedy runs, an optional part when its text is there), and
 * where that option fails the line is declined (null) and the caller falls back to the regex. Tegra's
 * {@code , sid=...} tail is always left to the regex. It is the most common arm-smmu fault line.
 */
final class ArmSmmuContext {
    private ArmSmmuContext() {
    }

    static final int GROUPS = 7;
    private static final String HEAD = "Unhandled context fault: ";

    /** The groups (1..6, null where a group did not take part) of {@code s} from {@code at} to its end, or null. */
    static String[] match(String s, int at) {
        if (!s.startsWith(HEAD, at)) {
            return null;
        }
        String[] g = new String[GROUPS];
        int i = at + HEAD.length();
        if (s.startsWith("fsr=0x", i)) { // (?:fsr=0x(\w+), )?
            if ((i = hexWord(s, i + 6, ", ", g, 1)) < 0) {
                return null;
            }
        }
        if (!s.startsWith("iova=0x", i) || (i = hexWord(s, i + 7, ", ", g, 2)) < 0
                || !s.startsWith("fsynr=0x", i) || (i = hexWord(s, i + 8, ",", g, 3)) < 0) {
            return null;
        }
        if (s.startsWith(" cbfrsynra=0x", i)) { // (?: cbfrsynra=0x(\w+),)?
            if ((i = hexWord(s, i + 13, ",", g, 4)) < 0) {
                return null;
            }
        }
        if (!s.startsWith(" cb=", i)) {
            return null;
        }
        int d = i + 4;
        int e = Chars.digitEnd(s, d);
        if (e == d) {
            return null;
        }
        g[5] = s.substring(d, e);
        return Chars.skipSpaces(s, e) == s.length() ? g : null; // \s* to the end; a sid tail goes to the regex
    }

    /** {@code (\w+)} at {@code i} into group {@code group}, followed by {@code then}: the index after that, or -1. */
    private static int hexWord(String s, int i, String then, String[] g, int group) {
        int e = Chars.wordEnd(s, i);
        if (e == i || !s.startsWith(then, e)) {
            return -1;
        }
        g[group] = s.substring(i, e);
        return e + then.length();
    }
}
