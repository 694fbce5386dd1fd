package io.faultline.adapters.kernellog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Random;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * The hand reader of the one-line DMAR format never disagrees with the regex: what it accepts the
 * regex matches with the same groups (what it declines goes to the regex anyway), and it accepts
 * the printed forms of every era.
 */
class DmarOneTest {
    private static final String[] PIECES = {"[", "]", "DMA Read", "DMA Write", "INTR-REMAP", " NO_PASID", " w/o PASID",
        " PASID 0x", " w/ PASID ", " Request device [", "0x", "00", "1f", ":", ".", "7", " PASID ", "ffffffff", " ",
        "fault ", "addr ", "index ", "9c000000", "[fault reason ", "06", "h", " PTE Read access is not set", "\t",
        "\u2028", "_", "zz", "fault"};

    @Test
    void acceptsOnlyWhatTheRegexMatchesWithTheSameGroups() {
        Random rnd = new Random(3);
        String[] base = {
            "[DMA Read] Request device [00:02.0] PASID ffffffff fault addr 9c000000 [fault reason 06] PTE Read access is not set",
            "[DMA Read NO_PASID] Request device [0x00:0x02.0] fault addr 0x70ad5000 [fault reason 0x07] Next page table ptr is invalid",
            "[DMA Write] Request device [00:12.0] fault addr 0 [fault reason 05] PTE Write access is not set",
            "[INTR-REMAP] Request device [f0:1f.0] fault index 21 [fault reason 0x26] Blocked an interrupt request",
            "[DMA Write w/ PASID 1] Request device [00:02.0] fault addr 1000 [fault reason 0x21h] x",
            "[DMA Read PASID 0x5] Request device [00:02.0]fault addr 1000",
            "[DMA Read] Request device [00:02.0] fault addr 1000  \t",
        };
        for (String b : base) {
            assertNotNull(DmarOne.match(b, 0), b);
            check(b);
        }
        for (int t = 0; t < 300_000; t++) {
            String s;
            if (rnd.nextBoolean()) { // mutate a real line
                StringBuilder b = new StringBuilder(base[rnd.nextInt(base.length)]);
                int edits = 1 + rnd.nextInt(3);
                for (int e = 0; e < edits && b.length() > 0; e++) {
                    int at = rnd.nextInt(b.length());
                    switch (rnd.nextInt(3)) {
                        case 0 -> b.deleteCharAt(at);
                        case 1 -> b.insert(at, PIECES[rnd.nextInt(PIECES.length)]);
                        default -> b.setCharAt(at, " x0fF[]:._\t".charAt(rnd.nextInt(11)));
                    }
                }
                s = b.toString();
            } else { // assemble pieces
                StringBuilder b = new StringBuilder();
                int n = rnd.nextInt(16);
                for (int i = 0; i < n; i++) {
                    b.append(PIECES[rnd.nextInt(PIECES.length)]);
                }
                s = b.toString();
            }
            check(s);
        }
    }

    private static void check(String s) {
        String[] g = DmarOne.match(s, 0);
        if (g == null) {
            return; // declined: the caller asks the regex
        }
        Matcher m = DmarLines.ONE.matcher(s);
        assertNotNull(m.matches() ? m : null, "accepted but the regex does not match: " + s);
        String[] expected = new String[DmarOne.GROUPS];
        for (int i = 1; i < DmarOne.GROUPS; i++) {
            expected[i] = m.group(i);
        }
        assertArrayEquals(expected, g, s);
    }
}
