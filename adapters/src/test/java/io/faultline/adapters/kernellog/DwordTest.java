package io.faultline.adapters.kernellog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written dword reader accepts exactly what the dword regular expression matches, with the same value. */
class DwordTest {
    private static final Pattern DWORD = Pattern.compile("\\s*0x([0-9a-f]{16})\\s*|\\s*0x([0-9a-f]{8}) ([0-9a-f]{8})\\s*");

    @Test
    void agreesWithTheRegexOnNearMisses() {
        Random rnd = new Random(7);
        String[] parts = {"0x", "0", "f", "a", "9", "g", "A", " ", "\t", "\u000b", "x", "00000180", "0000020100000000", "\u00a0"};
        for (int t = 0; t < 200_000; t++) {
            StringBuilder b = new StringBuilder();
            int n = rnd.nextInt(8);
            for (int i = 0; i < n; i++) {
                b.append(parts[rnd.nextInt(parts.length)]);
            }
            check(b.toString());
        }
        check("0x0000020100000000");
        check("  0x00000180 00000010 ");
        check("0x00000180  00000010");
        check("0x0000018000000010a");
    }

    private static void check(String s) {
        Matcher m = DWORD.matcher(s);
        boolean matches = m.matches();
        assertEquals(matches, Dword.start(s) >= 0, s);
        if (matches) {
            long expected = m.group(1) != null ? Long.parseUnsignedLong(m.group(1), 16)
                    : Long.parseUnsignedLong(m.group(2) + m.group(3), 16);
            assertEquals(expected, Dword.value(s), s);
        }
    }
}
