package io.faultline.adapters.kernellog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The String scan finds exactly the keys the text contains; the byte scan and the line scan agree with it. */
class KeyScannerTest {
    private static final String[] KEYS = {"DMAR:[", "Event logged [", " @0x", "UNKNOWN", "arm-smmu-v3"};
    private static final KeyScanner SCANNER = new KeyScanner(KEYS, new int[] {1, 2, 4, 8, 16});
    /*
     * For the line scan: short keys (under STRIDE + 3 characters, checked at an anchor byte) and long
     * ones (probed every STRIDE bytes), two sharing a bit.
     */
    private static final String[] LINE_KEYS = {"DMAR:[", "Event logged [", " @0x", "UNKNOWN", "arm-smmu-v3", "event: ",
        "fault reason", "fault status reg ", "@@@@", "a@"};
    private static final int[] LINE_BITS = {1, 2, 4, 8, 16, 32, 64, 64, 128, 256};
    private static final KeyScanner LINES = new KeyScanner(LINE_KEYS, LINE_BITS);

    @Test
    void lineScanFindsEveryKeyAtEveryAlignment() {
        for (int k = 0; k < LINE_KEYS.length; k++) {
            for (int pad = 0; pad < 2 * KeyScanner.STRIDE; pad++) {
                byte[] b = ("x".repeat(pad) + LINE_KEYS[k] + "y").getBytes(StandardCharsets.US_ASCII);
                assertEquals(naiveHits(b, 0, b.length), lineHits(LINES, b, 0, b.length), LINE_KEYS[k] + " at " + pad);
                assertEquals(LINE_BITS[k], lineHits(LINES, b, 0, b.length).get(pad), LINE_KEYS[k] + " at " + pad);
                assertEquals(Map.of(), lineHits(LINES, b, pad + 1, b.length), "a key starting before the line");
                assertEquals(Map.of(), lineHits(LINES, b, 0, pad + LINE_KEYS[k].length() - 1), "a key ending after it");
            }
        }
    }

    /** {@link KeyScanner#lineHits} as start offset to the OR of the bits of the keys starting there. */
    private static Map<Integer, Integer> lineHits(KeyScanner s, byte[] b, int from, int to) {
        int[] at = new int[4096];
        int[] bits = new int[4096];
        int n = s.lineHits(b, from, to, at, bits, 0);
        Map<Integer, Integer> r = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            r.merge(at[i], bits[i], (x, y) -> x | y);
        }
        return r;
    }

    /** The definition of {@link #lineHits}: every occurrence of every key inside {@code from..to}. */
    private static Map<Integer, Integer> naiveHits(byte[] b, int from, int to) {
        String s = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
        Map<Integer, Integer> r = new TreeMap<>();
        for (int k = 0; k < LINE_KEYS.length; k++) {
            for (int i = s.indexOf(LINE_KEYS[k]); i >= 0; i = s.indexOf(LINE_KEYS[k], i + 1)) {
                r.merge(i, LINE_BITS[k], (x, y) -> x | y);
            }
        }
        return r;
    }

    /** Up to {@code max} pieces: a key one time in {@code oneIn}, else a character of {@code alphabet}. */
    private static String randomText(Random rnd, int max, int oneIn, String[] keys, String alphabet) {
        StringBuilder b = new StringBuilder();
        int n = rnd.nextInt(max);
        for (int i = 0; i < n; i++) {
            b.append(rnd.nextInt(oneIn) == 0 ? keys[rnd.nextInt(keys.length)] : String.valueOf(alphabet.charAt(rnd.nextInt(alphabet.length()))));
        }
        return b.toString();
    }

    @Test
    void lineScanFindsExactlyEveryOccurrenceInRandomBytes() {
        Random rnd = new Random(7);
        String alphabet = "DMAR:[Event logged @0xUNKOWarm-sv3 faultsg";
        for (int t = 0; t < 20_000; t++) {
            byte[] b = randomText(rnd, 60, 6, LINE_KEYS, alphabet).getBytes(StandardCharsets.ISO_8859_1);
            for (int i = 0; i < b.length && rnd.nextInt(3) == 0; i++) {
                b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256); // garbage and non-ASCII bytes
            }
            int from = b.length == 0 ? 0 : rnd.nextInt(Math.min(5, b.length + 1));
            int to = b.length - (b.length - from == 0 ? 0 : rnd.nextInt(Math.min(5, b.length - from + 1)));
            assertEquals(naiveHits(b, from, to), lineHits(LINES, b, from, to),
                    () -> new String(b, StandardCharsets.ISO_8859_1));
        }
    }

    /** The definition: the bits of the keys the text contains. */
    private static int naive(String s) {
        int found = 0;
        for (int k = 0; k < KEYS.length; k++) {
            if (s.contains(KEYS[k])) {
                found |= 1 << k;
            }
        }
        return found;
    }

    @Test
    void keysAtTheEdgesAndOverlappingAreFound() {
        assertEquals(1, SCANNER.scan("DMAR:["));
        assertEquals(1 | 4, SCANNER.scan("DMAR:[ @0x"));
        assertEquals(16, SCANNER.scan("xarm-smmu-v3"));
        assertEquals(0, SCANNER.scan("arm-smmu-v"));
        assertEquals(0, SCANNER.scan("\u0144MAR:[")); // U+0144 shares its low byte with 'D', not its character
        byte[] b = "..UNKNOWN..".getBytes(StandardCharsets.US_ASCII);
        assertEquals(8, SCANNER.scan(b, 2, 9));
        assertEquals(0, SCANNER.scan(b, 2, 8));
        assertEquals(0, SCANNER.scan(b, 3, 11));
    }

    @Test
    void byteScanFindsWhatTheDecodedStringScanFinds() {
        Random rnd = new Random(42);
        String alphabet = "DMAR:[Event logged @0xUNKOWarm-sv3 \u00e9\u2603\t\u0001";
        for (int t = 0; t < 20_000; t++) {
            byte[] bytes = randomText(rnd, 40, 8, KEYS, alphabet).getBytes(StandardCharsets.UTF_8);
            if (rnd.nextInt(4) == 0 && bytes.length > 0) { // invalid UTF-8 too
                bytes[rnd.nextInt(bytes.length)] = (byte) (0x80 | rnd.nextInt(0x80));
            }
            String decoded = new String(bytes, StandardCharsets.UTF_8);
            int expected = SCANNER.scan(decoded);
            assertEquals(naive(decoded), expected, decoded);
            assertEquals(expected, SCANNER.scan(bytes, 0, bytes.length), decoded);
        }
    }
}
