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
}
