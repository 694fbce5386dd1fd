package io.faultline.adapters.kernellog;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One pass over a line finds which families' fixed texts occur in it, so that a line that mentions
 * no IOMMU fault costs one scan, not a search per key and family. {@link #scan(String)} probes a bit
 * set of the keys' first four characters at each position (independent loads, no chain of automaton
 * states) and compares whole keys only where a probe hits; key sets with a shorter key use an
 * Aho-Corasick automaton over printable ASCII instead. {@link #lineHits} (the parser's byte-level
 * pre-filter) probes only every {@link #STRIDE}-th position and reports where each key starts.
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
    /** Per gram hash: indices of the keys whose first four characters hash there (null: none). */
    private final int[][] byGram;
    private final char[][] keyChars;
    private final int[] keyBits;
    /**
     * The line scan of {@link #lineHits}: every {@link #STRIDE}-th position of a line is probed with
     * the four bytes there. A key of at least {@code STRIDE + 3} characters has its four-byte grams at
     * offsets {@code 0..STRIDE-1} in {@link #strideGrams}, so exactly one probe lands in it. Shorter
     * keys are checked where their anchor byte occurs ({@link #isAnchor}).
     */
    private final long[] strideGrams;
    /** Per gram hash: {@code key << 2 | offset} of the key grams that hash there (null: none). */
    private final int[][] strideByGram;
    private final boolean[] anchor = new boolean[256];
    /** Per anchor byte: {@code key << 8 | offset of the anchor in the key} of the short keys it anchors. */
    private final int[][] anchored = new int[256][];
    /** Four bytes of a byte[] as one int, first byte highest (as the windows are built from chars). */
    private static final java.lang.invoke.VarHandle BIG_ENDIAN_INT =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.BIG_ENDIAN);
    /** 3, so that every key of six or more characters is probed and only the shortest need anchors. */
    static final int STRIDE = 3;
    /** The keys as bytes (they are ASCII), for {@link Arrays#equals(byte[], int, int, byte[], int, int)}. */
    private final byte[][] keyBytes;

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
        keyChars = new char[keys.length][];
        for (int k = 0; k < keys.length; k++) {
            keyChars[k] = keys[k].toCharArray();
        }
        keyBits = bits.clone();
        keyBytes = new byte[keys.length][];
        for (int k = 0; k < keys.length; k++) {
            keyBytes[k] = keys[k].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
        if (grams != null) {
            byGram = new int[1 << 16][];
            for (int k = 0; k < keys.length; k++) {
                int h = hash(keys[k].charAt(0) << 24 | keys[k].charAt(1) << 16 | keys[k].charAt(2) << 8 | keys[k].charAt(3));
                int[] old = byGram[h];
                int[] now = old == null ? new int[1] : Arrays.copyOf(old, old.length + 1);
                now[now.length - 1] = k;
                byGram[h] = now;
            }
        } else {
            byGram = null;
        }
        strideGrams = new long[1 << 10];
        strideByGram = new int[1 << 16][];
        for (int k = 0; k < keys.length; k++) {
            char[] c = keyChars[k];
            if (c.length >= STRIDE + 3) {
                for (int o = 0; o < STRIDE; o++) {
                    int h = hash(c[o] << 24 | c[o + 1] << 16 | c[o + 2] << 8 | c[o + 3]);
                    strideGrams[h >>> 6] |= 1L << h;
                    strideByGram[h] = append(strideByGram[h], k << 2 | o);
                }
            } else {
                int o = anchorOffset(c);
                anchor[c[o]] = true;
                anchored[c[o]] = append(anchored[c[o]], k << 8 | o);
            }
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

    private static int[] append(int[] a, int v) {
        int[] r = a == null ? new int[1] : Arrays.copyOf(a, a.length + 1);
        r[r.length - 1] = v;
        return r;
    }

    /** A short key's anchor: its first character that is no letter, digit or space (rarer in text), else its first. */
    private static int anchorOffset(char[] key) {
        for (int o = 0; o < key.length; o++) {
            if (!Character.isLetterOrDigit(key[o]) && key[o] != ' ') {
                return o;
            }
        }
        return 0;
    }

    /** Whether {@link #anchorHits} must be called where byte {@code b} occurs (for {@link #lineHits}'s callers). */
    boolean isAnchor(byte b) {
        return anchor[b & 0xff];
    }

    /**
     * Every key occurrence inside bytes {@code from..to} of {@code b} (one line, no line end in it):
     * {@link #anchorHits} at each anchor byte, then {@link #strideHits}. Occurrences are appended as
     * (start - from, bits) to {@code at}/{@code bits} from index {@code found} while there is room;
     * returns the new count, which may exceed the arrays (then some were not stored). One start may be
     * reported twice, with the bits of different keys.
     */
    int lineHits(byte[] b, int from, int to, int[] at, int[] bits, int found) {
        for (int p = from; p < to; p++) {
            if (anchor[b[p] & 0xff]) {
                found = anchorHits(b, p, from, to, at, bits, found);
            }
        }
        return strideHits(b, from, to, at, bits, found);
    }

    /** The short keys anchored at {@code p} that lie inside {@code from..to}: see {@link #lineHits}. */
    int anchorHits(byte[] b, int p, int from, int to, int[] at, int[] bits, int found) {
        for (int e : anchored[b[p] & 0xff]) {
            int k = e >>> 8;
            int start = p - (e & 0xff);
            if (start >= from && matches(b, start, to, keyBytes[k])) {
                found = add(at, bits, found, start - from, keyBits[k]);
            }
        }
        return found;
    }

    /** The keys of {@link #STRIDE} + 3 or more characters inside {@code from..to}: see {@link #lineHits}. */
    int strideHits(byte[] b, int from, int to, int[] at, int[] bits, int found) {
        final long[] g = strideGrams;
        for (int p = from; p + 4 <= to; p += STRIDE) {
            int h = hash((int) BIG_ENDIAN_INT.get(b, p)); // one load, not four: the same big-endian window
            if ((g[h >>> 6] & (1L << h)) != 0) {
                for (int e : strideByGram[h]) {
                    int k = e >>> 2;
                    int start = p - (e & 3);
                    if (start >= from && matches(b, start, to, keyBytes[k])) {
                        found = add(at, bits, found, start - from, keyBits[k]);
                    }
                }
            }
        }
        return found;
    }

    private static boolean matches(byte[] b, int start, int to, byte[] key) {
        int end = start + key.length;
        return end <= to && Arrays.equals(b, start, end, key, 0, key.length);
    }

    private static int add(int[] at, int[] bits, int found, int offset, int keyBits) {
        if (found < at.length) {
            at[found] = offset;
            bits[found] = keyBits;
        }
        return found + 1;
    }

    private static int[] newRow() {
        int[] r = new int[WIDTH];
        Arrays.fill(r, -1);
        return r;
    }

    /** The OR of the bits of every key that occurs in {@code s}. */
    int scan(String s) {
        if (byGram == null) {
            return automaton(s);
        }
        int found = 0;
        int window = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            window = (window << 8) | (s.charAt(i) & 0xff);
            int h = hash(window);
            if ((grams[h >>> 6] & (1L << h)) != 0 && i >= 3) {
                found |= verify(s, i - 3, h);
            }
        }
        return found;
    }

    /**
     * The keys found in bytes {@code from..to} of {@code b}: exactly the keys a scan of the decoded
     * line finds, as keys are printable ASCII and only ASCII bytes decode to ASCII characters.
     */
    int scan(byte[] b, int from, int to) {
        if (byGram == null) {
            return automaton(b, from, to);
        }
        int found = 0;
        int window = 0;
        for (int i = from; i < to; i++) {
            window = (window << 8) | (b[i] & 0xff);
            int h = hash(window);
            if ((grams[h >>> 6] & (1L << h)) != 0 && i >= from + 3) {
                found |= verify(b, i - 3, to, h);
            }
        }
        return found;
    }

    // A gram hit is rare in text without keys; only then are the keys of that hash compared.
    private int verify(String s, int at, int h) {
        int found = 0;
        for (int k : byGram[h]) {
            char[] key = keyChars[k];
            if (at + key.length <= s.length()) {
                int j = 0;
                while (j < key.length && s.charAt(at + j) == key[j]) {
                    j++;
                }
                if (j == key.length) {
                    found |= keyBits[k];
                }
            }
        }
        return found;
    }

    private int verify(byte[] b, int at, int to, int h) {
        int found = 0;
        for (int k : byGram[h]) {
            char[] key = keyChars[k];
            if (at + key.length <= to) {
                int j = 0;
                while (j < key.length && b[at + j] == key[j]) {
                    j++;
                }
                if (j == key.length) {
                    found |= keyBits[k];
                }
            }
        }
        return found;
    }

    private static int hash(int window) {
        return (window * 0x9E3779B1) >>> 16;
    }

    /** Aho-Corasick scan, for key sets with a key shorter than four characters. */
    private int automaton(String s) {
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

    private int automaton(byte[] b, int from, int to) {
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

    private static long[] grams(String[] keys) {
        long[] g = new long[1 << 10];
        for (String k : keys) {
            if (k.length() < 4) {
                return null;
            }
            int w = (k.charAt(0) << 24) | (k.charAt(1) << 16) | (k.charAt(2) << 8) | k.charAt(3);
            int h = hash(w);
            g[h >>> 6] |= 1L << h;
        }
        return g;
    }
}
