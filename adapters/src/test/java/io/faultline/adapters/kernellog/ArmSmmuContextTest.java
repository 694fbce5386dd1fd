package io.faultline.adapters.kernellog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * The hand reader of the arm-smmu context fault line never disagrees with {@code ArmSmmuLines.CONTEXT}:
 * what it accepts the regex matches with the same groups (what it declines goes to the regex anyway),
 * and it accepts the forms of every era but Tegra's sid tail.
 */
class ArmSmmuContextTest {
    private static final String[] PIECES = {"Unhandled context fault: ", "fsr=0x", "iova=0x", "fsynr=0x", " cbfrsynra=0x",
        " cb=", ", sid=25(0x19 - AFI)", ", ", ",", " ", "\t", "402", "ff3cf000", "10", "_", "zz", "\u2028", "0x", ")"};
    private static final String[] BASE = {
        "Unhandled context fault: fsr=0x402, iova=0xff3cf000, fsynr=0x300003, cbfrsynra=0x409, cb=10",
        "Unhandled context fault: fsr=0x402, iova=0x1000, fsynr=0x0, cb=1",
        "Unhandled context fault: iova=0x1000, fsynr=0x0, cbfrsynra=0x21, cb=5 \t",
        "Unhandled context fault: iova=0x1000, fsynr=0x0, cb=255",
    };

    @Test
    void acceptsEveryEraButTheSidTail() {
        for (String b : BASE) {
            assertNotNull(ArmSmmuContext.match(b, 0), b);
            check(b);
        }
        String tegra = "Unhandled context fault: fsr=0x402, iova=0x1000, fsynr=0x0, cb=1, sid=25(0x19 - AFI)";
        assertNull(ArmSmmuContext.match(tegra, 0), "sid tail: the regex decides");
        assertTrue(ArmSmmuLines.CONTEXT.matcher(tegra).matches());
        String prefixed = "x: " + BASE[0];
        assertNotNull(ArmSmmuContext.match(prefixed, 3), "read from the given index");
    }

    @Test
    void acceptsOnlyWhatTheRegexMatchesWithTheSameGroups() {
        RandomLines lines = new RandomLines(7, BASE, PIECES, " x0fF,=:_\t", 14);
        for (int t = 0; t < 300_000; t++) {
            check(lines.next());
        }
    }

    private static void check(String s) {
        String[] g = ArmSmmuContext.match(s, 0);
        if (g == null) {
            return; // declined: the caller asks the regex
        }
        Matcher m = ArmSmmuLines.CONTEXT.matcher(s);
        assertTrue(m.matches(), "accepted but the regex does not match: " + s);
        String[] expected = new String[ArmSmmuContext.GROUPS];
        for (int i = 1; i < ArmSmmuContext.GROUPS; i++) {
            expected[i] = m.group(i);
        }
        assertArrayEquals(expected, g, s);
    }
}
