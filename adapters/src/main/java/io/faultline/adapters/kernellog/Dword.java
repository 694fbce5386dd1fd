package io.faultline.adapters.kernellog;

/**
 * One SMMUv3 event dword line, {@code 0x0000020100000000} or {@code 0x00000180 00000010} (the
 * regular language {@code \s*0x([0-9a-f]{16})\s*|\s*0x([0-9a-f]{8}) ([0-9a-f]{8})\s*}, whole text),
 * read by hand: it is every fourth line of a raw event dump.
 */
final class Dword {
    private Dword() {
    }

    /** Where the hex digits start when {@code t} is a dword line, else -1. */
    static int start(String t) {
        int n = t.length();
        int i = 0;
        while (i < n && Chars.space(t.charAt(i))) {
            i++;
        }
        if (i + 2 > n || t.charAt(i) != '0' || t.charAt(i + 1) != 'x') {
            return -1;
        }
        int h = i + 2;
        int d = Chars.lowerHexRun(t, h);
        int j;
        if (d == 16) {
            j = h + 16;
        } else if (d == 8 && h + 8 < n && t.charAt(h + 8) == ' ' && Chars.lowerHexRun(t, h + 9) == 8) {
            j = h + 17;
        } else {
            return -1;
        }
        while (j < n && Chars.space(t.charAt(j))) {
            j++;
        }
        return j == n ? h : -1;
    }

    /** The 64-bit value of a line {@link #start} accepted (the two halves of the split form joined). */
    static long value(String t) {
        long v = 0;
        for (int i = start(t), k = 0; k < 16; i++) {
            char c = t.charAt(i);
            if (c != ' ') {
                v = (v << 4) | Chars.lowerHexDigit(c);
                k++;
            }
        }
        return v;
    }
}
