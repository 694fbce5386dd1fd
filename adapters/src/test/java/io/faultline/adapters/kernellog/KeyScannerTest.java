package io.faultline.adapters.kernellog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The String scan finds exactly the keys the text contains; the byte scan and the 4-byte pre-filter agree with it. */
class KeyScannerTest {
    private static final String[] KEYS = {"DMAR:[", "Event logged [", " @0x", "UNKNOWN", "arm-smmu-v3"};
    private static final KeyScanner SCANNER = new KeyScanner(KEYS, new int[] {1, 2, 4, 8, 16});

    @Test
    void everyKeyStartPassesThePreFilter() {
        for (String k : KEYS) {
            int w = 0;
            boolean hit = false;
            for (byte b : ("xx" + k).getBytes(StandardCharsets.US_ASCII)) {
                w = (w << 8) | (b & 0xff);
                hit |= SCANNER.mayStart(w);
            }
            assertTrue(hit, k);
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
            StringBuilder b = new StringBuilder();
            int n = rnd.nextInt(40);
            for (int i = 0; i < n; i++) {
                b.append(rnd.nextInt(8) == 0 ? KEYS[rnd.nextInt(KEYS.length)] : String.valueOf(alphabet.charAt(rnd.nextInt(alphabet.length()))));
            }
            byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
            if (rnd.nextInt(4) == 0 && bytes.length > 0) { // invalid UTF-8 too
                bytes[rnd.nextInt(bytes.length)] = (byte) (0x80 | rnd.nextInt(0x80));
            }
            String decoded = new String(bytes, StandardCharsets.UTF_8);
            int expected = SCANNER.scan(decoded);
            assertEquals(naive(decoded), expected, decoded);
            assertEquals(expected, SCANNER.scan(bytes, 0, bytes.length), decoded);
            int w = 0;
            boolean hit = false;
            for (byte x : bytes) {
                w = (w << 8) | (x & 0xff);
                hit |= SCANNER.mayStart(w);
            }
            assertTrue(expected == 0 || hit, decoded);
        }
    }
}
