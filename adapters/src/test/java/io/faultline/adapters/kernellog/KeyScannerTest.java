package io.faultline.adapters.kernellog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The byte scan and the 4-byte pre-filter agree with the String scan. */
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
