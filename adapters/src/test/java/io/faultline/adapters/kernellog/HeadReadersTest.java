package io.faultline.adapters.kernellog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/** The hand readers of the Rockchip fault line and the SMMUv3 event header agree with their regexes on every line. */
class HeadReadersTest {
    @Test
    void rockchipFaultAsTheRegex() {
        String[] base = {"Page fault at 0x0000000004382010 of type write", "Page fault at 0x1 of type read \t",
            "x Page fault at 0xab_c of type read"};
        String[] pieces = {"Page fault at 0x", " of type ", "read", "write", "ff", "_", " ", "\t", "\u2028", "x"};
        RandomLines lines = new RandomLines(13, base, pieces, " 0xfw_\t", 8);
        check("Page fault at 0x0000000004382010 of type write", 0);
        check("x Page fault at 0xab_c of type read", 2);
        for (int t = 0; t < 200_000; t++) {
            String s = lines.next();
            check(s, 0);
            if (s.length() > 2) {
                check(s, 2);
            }
        }
    }

    private static void check(String s, int k) {
        Matcher m = SocLines.RK_FAULT.matcher(s).region(k, s.length());
        int e = SocLines.rockchipFault(s, k);
        if (!m.matches()) {
            assertEquals(-1, e, s);
            return;
        }
        assertEquals(m.end(1), e, s);
        assertEquals(m.group(1), s.substring(k + 16, e), s);
        assertEquals(m.group(2).equals("write"), s.charAt(e + 9) == 'w', s);
    }

    @Test
    void smmuV3HeaderAsTheRegex() {
        String[] base = {"event 0x10 received:", "event 0xa received: \t", "event 0x10 received:x"};
        String[] pieces = {"event 0x", " received:", "1", "f", "A", " ", "\t", "g", "\u2028"};
        RandomLines lines = new RandomLines(17, base, pieces, " 0fA:\t", 6);
        for (int t = 0; t < 200_000; t++) {
            String s = lines.next();
            Matcher m = SmmuV3Lines.HEADER.matcher(s);
            assertEquals(m.matches() ? Integer.parseInt(m.group(1), 16) : -1, SmmuV3Lines.header(s), s);
        }
        assertEquals(0x10, SmmuV3Lines.header("event 0x10 received:"));
    }
}
