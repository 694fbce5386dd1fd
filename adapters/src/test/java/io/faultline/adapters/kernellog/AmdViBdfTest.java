package io.faultline.adapters.kernellog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written AMD-Vi device check accepts exactly what the former regular expression matched. */
class AmdViBdfTest {
    private static final Pattern BDF = Pattern.compile("(?:([0-9a-f]{4}):)?([0-9a-f]{2}):([0-9a-f]{2})\\.([0-7])");

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
            assertEquals(BDF.matcher(s).matches(), AmdViLines.isBdf(s), s);
        }
        assertEquals(true, AmdViLines.isBdf("0000:05:00.0"));
        assertEquals(true, AmdViLines.isBdf("05:1f.7"));
        assertEquals(false, AmdViLines.isBdf("05:1f.8"));
    }
}
