package io.faultline.adapters.kernellog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The DMAR request line is read in place in the raw line: nothing in its prefixes counts as part of the body. */
class DmarBodyInPlaceTest {
    private static final String REQUEST = "Request device [00:02.0] fault addr 1000 [fault reason 06] x";

    @Test
    void aBodyThatStartsWithTheBracketIsRead() {
        LogRecord r = Collector.lines("<6>[  144.480641] [DMA Read] " + REQUEST).only();
        assertEquals(0x1000, r.fault().address());
        assertEquals("0000:00:02.0", r.device());
    }
}
