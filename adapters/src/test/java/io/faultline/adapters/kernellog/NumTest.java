package io.faultline.adapters.kernellog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The range form of {@code hex0x} returns what the String form returns for the substring, or fails with its message. */
class NumTest {

    private static String outcome(ThrowingLong f) {
        try {
            return "value " + f.get();
        } catch (LineFormatException e) {
            return "error " + e.getMessage();
        }
    }

    @FunctionalInterface
    private interface ThrowingLong {
        long get() throws LineFormatException;
    }

    @Test
    void rangeHex0xAgreesWithTheSubstringForm() {
        Random rnd = new Random(11);
        String alphabet = "0123456789abcdefABCDEFxXg -\u0661\uff10";
        for (int t = 0; t < 50_000; t++) {
            StringBuilder b = new StringBuilder();
            if (rnd.nextBoolean()) {
                b.append(rnd.nextBoolean() ? "0x" : "0X");
            }
            int n = rnd.nextInt(rnd.nextInt(8) == 0 ? 120 : 20);
            for (int i = 0; i < n; i++) {
                b.append(rnd.nextInt(3) == 0 ? '0' : alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            String s = "k=" + b + ",";
            int from = 2;
            int to = s.length() - 1;
            assertEquals(outcome(() -> Num.hex0x(s.substring(from, to), "flags")), outcome(() -> Num.hex0x(s, from, to, "flags")), s);
        }
    }

    @Test
    void onlyAsciiHexDigitsCount() { // Character.digit took U+0661..U+0663 for 1..3 and U+FF10 for 0
        for (String bad : new String[] {"\u0661\u0662\u0663", "0x\u0661\u0662\u0663", "1\uff10", "0x\uff21"}) {
            String s = "address=" + bad + " ";
            assertEquals("error", outcome(() -> Num.hex0x(bad, "address")).substring(0, 5), bad);
            assertEquals("error", outcome(() -> Num.hex0x(s, 8, s.length() - 1, "address")).substring(0, 5), bad);
            assertTrue(outcome(() -> Num.hex0x(bad, "address")).contains("address"), "the error names the field");
        }
        assertEquals("value 43981", outcome(() -> Num.hex0x("0xaBcD", "address")), "ASCII upper and lower case still count");
        Collector c = Collector.lines("nvme 0000:01:00.0: AMD-Vi: Event logged [IO_PAGE_FAULT domain=0x0000 "
                + "address=0x\u0661\u0662\u0663 flags=0x0070]");
        assertEquals(0, c.faults.size(), c.faults::toString);
        assertEquals(1, c.unparsed.size());
        assertTrue(c.unparsed.get(0).why().contains("address"), c.unparsed.get(0).why());
    }
}
