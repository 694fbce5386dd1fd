package io.faultline.adapters.kernellog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/** The hand reader of {@code DRHD: handling fault status reg N} says PFO exactly when the regex matches with bit 0 set. */
class FaultStatusLineTest {
    private static final String HEAD = "DRHD: handling fault status reg ";

    @Test
    void pfoAsTheRegexReadsIt() {
        assertTrue(DmarLines.faultOverflow(HEAD + "3", 0));
        assertTrue(DmarLines.faultOverflow("DMAR: " + HEAD + "ffffffff \t", 6));
        assertFalse(DmarLines.faultOverflow(HEAD + "2", 0));
        assertFalse(DmarLines.faultOverflow(HEAD + "100000001", 0), "nine digits");
        assertFalse(DmarLines.faultOverflow(HEAD + "3A", 0), "uppercase is no [0-9a-f]");
        Random rnd = new Random(9);
        String alphabet = "0123456789abcdefABx \t\u2028";
        for (int t = 0; t < 200_000; t++) {
            StringBuilder b = new StringBuilder(HEAD);
            for (int i = rnd.nextInt(12); i > 0; i--) {
                b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            String s = b.toString();
            Matcher m = DmarLines.FSTS.matcher(s);
            boolean expected = m.matches() && (Long.parseLong(m.group(1), 16) & 1) != 0;
            assertEquals(expected, DmarLines.faultOverflow(s, 0), s);
        }
    }
}
