package io.faultline.adapters.kernellog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The DMAR request line is read in place in the raw line: nothing in its prefixes counts as part of the body. */
class DmarBodyInPlaceTest {
    private static final String REQUEST = "Request device [00:02.0] fault addr 1000 [fault reason 06] x";

    @Test
    void theStampsBracketIsNotTheRecordsBracket() {
        Collector c = Collector.lines("[  144.480641] DMAR:" + REQUEST);
        assertTrue(c.faults.isEmpty());
        assertEquals(1, c.unparsed.size(), "no '[DMA Read]' in the body");
    }

    @Test
    void aBodyThatStartsWithTheBracketIsRead() {
        LogRecord r = Collector.lines("<6>[  144.480641] [DMA Read] " + REQUEST).only();
        assertEquals(0x1000, r.fault().address());
        assertEquals("0000:00:02.0", r.device());
    }

    @Test
    void theIntrRemapHeadMustFitInTheBody() {
        assertEquals(1, Collector.lines("[  144.480641] R: Request device [[f0:1f.0] fault index 21").unparsed.size());
        assertEquals(1, Collector.lines("[  144.480641] INTR-REMAP: Request device [[f0:1f.0] fault index 21").faults.size());
    }
}
