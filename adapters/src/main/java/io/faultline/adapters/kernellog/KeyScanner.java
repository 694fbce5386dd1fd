package io.faultline.adapters.kernellog;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One pass over a line finds which families' fixed texts occur in it (Aho-Corasick automaton over
 * printable ASCII), so that a line that mentions no IOMMU fault costs one scan, not a search per
 * key and family.
 */
final class KeyScanner {
    private static final int LO = 32;
    private static final int HI = 127;
    private static final int WIDTH = HI - LO;

    private final int[] next;
    private final int[] out;
    /**
     * Hashed set of the keys' first four bytes, for a pre-filter faster than the automaton: each
     * position costs one independent table probe (no chain of dependent loads), and a line where
     * no probe hits contains no key. Null when a key is shorter than four characters.
     */
    private final long[] grams;

    /** {@code keys[i]} belong to family bit {@code bits[i]}. */
    KeyScanner(String[] keys, int[] bits) {
        List<int[]> gotoRows = new ArrayList<>();
        List<Integer> outs = new ArrayList<>();
        gotoRows.add(newRow());
        outs.add(0);
        for (int k = 0; k < keys.length; k++) {
            int s = 0;
            for (char c : keys[k].toCharArray()) {
                if (c < LO || c >= HI) {
                    throw new IllegalArgumentException("key must be printable ASCII: " + keys[k]);
                }
                int[] row = gotoRows.get(s);
                if (row[c - LO] < 0) {
                    row[c - LO] = gotoRows.size();
                    gotoRows.add(newRow());
                    outs.add(0);
                }
                s = row[c - LO];
            }
            outs.set(s, outs.get(s) | bits[k]);
        }
        grams = grams(keys);
        int n = gotoRows.size();
        next = new int[n * WIDTH];
        out = new int[n];
        int[] fail = new int[n];
        for (int s = 0; s < n; s++) {
            out[s] = outs.get(s);
        }
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int c = 0; c < WIDTH; c++) {
            int t = gotoRows.get(0)[c];
            next[c] = t < 0 ? 0 : t;
            if (t > 0) {
                fail[t] = 0;
                queue.add(t);
            }
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            out[s] |= out[fail[s]];
            for (int c = 0; c < WIDTH; c++) {
                int t = gotoRows.get(s)[c];
                if (t < 0) {
                    next[s * WIDTH + c] = next[fail[s] * WIDTH + c];
                } else {
                    fail[t] = next[fail[s] * WIDTH + c];
                    next[s * WIDTH + c] = t;
                    queue.add(t);
                }
            }
        }
    }

    private static int[] newRow() {
        int[] r = new int[WIDTH];
        Arrays.fill(r, -1);
        return r;
    }

    /** The OR of the bits of every key that occurs in {@code s}. */
    int scan(String s) {
        int state = 0;
        int found = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < LO || c >= HI) {
                state = 0;
                continue;
            }
            state = next[state * WIDTH + c - LO];
            found |= out[state];
        }
        return found;
    }

    /**
     * The keys found in bytes {@code from..to} of {@code b}. Bytes outside printable ASCII reset the
     * automaton, as {@link #scan(String)} does for the characters they decode to (only ASCII bytes
     * decode to printable ASCII, one to one), so it finds exactly the keys a scan of the decoded
     * line finds.
     */
    int scan(byte[] b, int from, int to) {
        int state = 0;
        int found = 0;
        for (int i = from; i < to; i++) {
            int c = b[i];
            if (c < LO || c >= HI) {
                state = 0;
                continue;
            }
            state = next[state * WIDTH + c - LO];
            found |= out[state];
        }
        return found;
    }

    /**
     * Whether the four bytes ending in {@code window} (big-endian: the last byte read is the low
     * byte) may begin a key. Never false for a key's first four bytes.
     */
    boolean mayStart(int window) {
        if (grams == null) {
            return true;
        }
        int h = (window * 0x9E3779B1) >>> 16;
        return (grams[h >>> 6] & (1L << h)) != 0;
    }

    private static long[] grams(String[] keys) {
        long[] g = new long[1 << 10];
        for (String k : keys) {
            if (k.length() < 4) {
                return null;
            }
            int w = (k.charAt(0) << 24) | (k.charAt(1) << 16) | (k.charAt(2) << 8) | k.charAt(3);
            int h = (w * 0x9E3779B1) >>> 16;
            g[h >>> 6] |= 1L << h;
        }
        return g;
    }
}
