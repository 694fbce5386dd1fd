package io.faultline.adapters.kernellog;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
