package io.faultline.adapters.kernellog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Edges of the AMD-Vi event text reader: the closing ']' and what precedes it, and flags that wrap negative. */
class AmdViEventTextTest {
    private static final String HEAD = "AMD-Vi: Event logged [IO_PAGE_FAULT device=20:00.0 domain=0x0003 address=0x1000 flags=0x0010";

    @Test
    void whitespaceBeforeTheClosingBracketIsNotPartOfTheLastValue() {
        LogRecord plain = Collector.lines(HEAD + "]").only();
        LogRecord spaced = Collector.lines(HEAD + " \t ]").only();
        assertEquals(plain.fault(), spaced.fault());
        assertEquals(plain.device(), spaced.device());
    }

    @Test
    void textAfterTheClosingBracketOrASecondBracketIsUnparsed() {
        assertTrue(Collector.lines(HEAD + " ] ]").faults.isEmpty());
        assertEquals(1, Collector.lines(HEAD + " ] ]").unparsed.size());
        assertEquals(1, Collector.lines(HEAD + "]]").unparsed.size());
    }

    @Test
    void sixteenDigitFlagsThatWrapNegativeStillCountAsPrinted() {
        Collector c = Collector.lines(HEAD.replace("flags=0x0010", "flags=0xffffffffffffffff") + "]");
        assertTrue(c.faults.isEmpty());
        assertTrue(c.unparsed.get(0).why().contains("reserved bits"), c.unparsed.get(0).why());
    }
}
