package io.faultline.adapters.kernellog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-written PCI-name shape check accepts exactly what the regular expression below matches (any
 * hex digit as function: the range is {@link Bdf#checked}'s business), and the range check rejects
 * device numbers above 0x1f and functions above 7.
 */
class BdfTest {
    private static final Pattern BDF = Pattern.compile("(?:([0-9a-f]{4}):)?([0-9a-f]{2}):([0-9a-f]{2})\\.([0-9a-f])");

    @Test
    void agreesWithTheRegex() {
        Random rnd = new Random(11);
        String alphabet = "0123456789abcdefgA:.8 ";
        for (int t = 0; t < 300_000; t++) {
            int n = rnd.nextBoolean() ? 7 : rnd.nextBoolean() ? 12 : rnd.nextInt(14);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < n; i++) {
                b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            if (rnd.nextInt(3) == 0 && n == 7) {
                b.setCharAt(2, ':');
                b.setCharAt(5, '.');
            }
            if (rnd.nextInt(3) == 0 && n == 12) {
                b.setCharAt(4, ':');
                b.setCharAt(7, ':');
                b.setCharAt(10, '.');
            }
            String s = b.toString();
            assertEquals(BDF.matcher(s).matches(), Bdf.shaped(s), s);
        }
        assertEquals(true, Bdf.shaped("0000:05:00.0"));
        assertEquals(true, Bdf.shaped("05:1f.8"));
        assertEquals(false, Bdf.shaped("05:1f.g"));
    }

    @Test
    void rangeCheckRejectsDeviceAbove1fAndFunctionAbove7() throws LineFormatException {
        assertEquals("0000:05:1f.7", Bdf.checked("05:1f.7", "T"));
        assertEquals("0001:ff:00.0", Bdf.checked("0001:ff:00.0", "T"));
        assertEquals(0xff00 | 0x1f << 3 | 7, Bdf.rid(Bdf.checked("0002:ff:1f.7", "T")));
        LineFormatException dev = assertThrows(LineFormatException.class, () -> Bdf.checked("0000:01:3f.0", "T"));
        assertEquals("T: device number 0x3f out of range (max 0x1f)", dev.getMessage());
        LineFormatException fn = assertThrows(LineFormatException.class, () -> Bdf.checked("01:00.8", "T"));
        assertEquals("T: function 8 out of range (max 7)", fn.getMessage());
        LineFormatException hex = assertThrows(LineFormatException.class, () -> Bdf.checked("01:00.c", "T"));
        assertEquals("T: function c out of range (max 7)", hex.getMessage(), "the function as printed, like the device");
    }
}
