package io.faultline.adapters.kernellog;

/**
 * The one-line DMAR request format read by hand, group for group as {@code DmarLines.ONE} reads it:
 * at every choice the regex's first option (greedy quantifiers, alternatives in order) is taken, and
 * where that option fails the line is declined (null) and the caller falls back to the regex. So an
 * accepted line has exactly the groups the regex would give; an unusual one costs the regex.
 */
final class DmarOne {
    private DmarOne() {
    }

    static final int GROUPS = 15;

    /** The groups (1..14, null where a group did not take part) of {@code s} from {@code at} to its end, or null. */
    static String[] match(String s, int at) {
        String[] g = new String[GROUPS];
        int n = s.length();
        int i = at;
        if (!s.startsWith("[", i)) {
            return null;
        }
        i++;
        if (s.startsWith("DMA Read", i)) {
            g[1] = "DMA Read";
        } else if (s.startsWith("DMA Write", i)) {
            g[1] = "DMA Write";
        } else if (s.startsWith("INTR-REMAP", i)) {
            g[1] = "INTR-REMAP";
        } else {
            return null;
        }
        i += g[1].length();
        if (s.startsWith(" ", i)) { // (?: (NO_PASID|w/o PASID|PASID 0x(\w+)|w/ PASID (\w+)))?
            int k = i + 1;
            if (s.startsWith("NO_PASID", k)) {
                g[2] = "NO_PASID";
                k += 8;
            } else if (s.startsWith("w/o PASID", k)) {
                g[2] = "w/o PASID";
                k += 9;
            } else if ((k = pasid(s, k, "PASID 0x", g, 3)) < 0 && (k = pasid(s, i + 1, "w/ PASID ", g, 4)) < 0) {
                return null;
            }
            i = k;
        }
        if (!s.startsWith("] Request device [", i)) {
            return null;
        }
        i += 18;
        if ((i = hex2(s, i, g, 5)) < 0 || !s.startsWith(":", i) || (i = hex2(s, i + 1, g, 6)) < 0
                || !s.startsWith(".", i) || i + 1 >= n || !digit(s.charAt(i + 1)) || !s.startsWith("]", i + 2)) {
            return null;
        }
        g[7] = s.substring(i + 1, i + 2);
        i += 3;
        if (s.startsWith(" PASID ", i)) { // (?: PASID (\w+))?
            int e = Chars.wordEnd(s, i + 7);
            if (e == i + 7) {
                return null;
            }
            g[8] = s.substring(i + 7, e);
            i = e;
        }
        if (s.startsWith(" ", i)) { // " ?fault "
            i++;
        }
        if (!s.startsWith("fault ", i)) {
            return null;
        }
        i += 6;
        if (s.startsWith("addr ", i)) {
            g[9] = "addr";
        } else if (s.startsWith("index ", i)) {
            g[9] = "index";
        } else {
            return null;
        }
        i += g[9].length() + 1;
        if (s.startsWith("0x", i)) { // (0x)?(\w+)
            g[10] = "0x";
            i += 2;
        }
        int e = Chars.wordEnd(s, i);
        if (e == i) {
            return null;
        }
        g[11] = s.substring(i, e);
        i = e;
        // (?: ?\[fault reason (0x)?(\w+)\] ?(.*)|\s*)
        int k = s.startsWith(" ", i) ? i + 1 : i;
        if (s.startsWith("[fault reason ", k)) {
            k += 14;
            if (s.startsWith("0x", k)) {
                g[12] = "0x";
                k += 2;
            }
            e = Chars.wordEnd(s, k);
            if (e == k || !s.startsWith("]", e)) {
                return null;
            }
            g[13] = s.substring(k, e);
            k = e + 1;
            if (s.startsWith(" ", k)) {
                k++;
            }
            for (int j = k; j < n; j++) {
                char c = s.charAt(j);
                if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                    return null; // '.' stops there
                }
            }
            g[14] = s.substring(k);
            return g;
        }
        for (int j = i; j < n; j++) {
            if (!Chars.space(s.charAt(j))) {
                return null;
            }
        }
        return g;
    }

    /** {@code <prefix>(\w+)} at {@code k} into group 2 (all) and {@code group} (the word): the index after it, or -1. */
    private static int pasid(String s, int k, String prefix, String[] g, int group) {
        int w = k + prefix.length();
        int e = s.startsWith(prefix, k) ? Chars.wordEnd(s, w) : w;
        if (e == w) {
            return -1;
        }
        g[group] = s.substring(w, e);
        g[2] = s.substring(k, e);
        return e;
    }

    /** {@code (?:0x)?([0-9a-f]{2})} at {@code i} into group {@code group}: the index after it, or -1. */
    private static int hex2(String s, int i, String[] g, int group) {
        if (s.startsWith("0x", i)) {
            i += 2;
        }
        if (i + 2 > s.length() || Chars.lowerHex(s, i, 2) < 0) {
            return -1;
        }
        g[group] = s.substring(i, i + 2);
        return i + 2;
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }
}
