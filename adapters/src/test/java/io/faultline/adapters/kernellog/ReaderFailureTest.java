package io.faultline.adapters.kernellog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A reader that throws (a bug) costs its line, listed unparsed with the exception, never the rest of the log. */
class ReaderFailureTest {
    private static final String DMAR = "DMAR: [DMA Read NO_PASID] Request device [00:02.0] fault addr 0x1000 "
            + "[fault reason 0x06] PTE Read access is not set";
    private static final String AMD = "AMD-Vi: Event logged [IO_PAGE_FAULT device=05:00.0 domain=0x0012 "
            + "address=0x1000 flags=0x0070]";

    /** The real heads, with the DMAR one ({@code HEADS.get(0)}) replaced. */
    private static Collector parse(KernelLogParser.Head dmar, String... lines) {
        List<KernelLogParser.Head> heads = new ArrayList<>(KernelLogParser.HEADS);
        heads.set(0, dmar);
        Collector c = new Collector();
        KernelLogParser p = new KernelLogParser(c, heads);
        byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        p.feed(bytes, 0, bytes.length);
        p.endOfInput();
        return c;
    }

    @Test
    void aHeadThatThrowsCostsOnlyItsLine() {
        Collector c = parse((l, out) -> {
            throw new IllegalStateException("boom");
        }, DMAR, AMD, DMAR);
        assertEquals(1, c.faults.size(), "the AMD-Vi line after it is still read");
        assertEquals(2, c.unparsed.size());
        assertEquals(1, c.unparsed.get(0).line());
        assertEquals(3, c.unparsed.get(1).line());
        assertTrue(c.unparsed.get(0).why().startsWith("parser error, please report: java.lang.IllegalStateException: boom"),
                c.unparsed.get(0).why());
    }

    @Test
    void aWaitingRecordThatThrowsOnOfferOrCloseCostsOnlyItsRecord() {
        for (boolean onOffer : new boolean[] {true, false}) {
            Collector c = parse((l, out) -> {
                out.open(new Pending(l) {
                    @Override
                    boolean offer(LogLine line, Out o) {
                        if (onOffer) {
                            throw new IllegalArgumentException("offer");
                        }
                        return false;
                    }

                    @Override
                    void close(Out o) {
                        throw new IllegalArgumentException("close");
                    }
                });
                return true;
            }, "DMAR: Request device [ waits", "DMAR: Request device [ waits too", AMD);
            assertEquals(1, c.faults.size(), "onOffer=" + onOffer);
            // offer throws on line 2: record 1 is lost with its line; close throws: records 1 and 2, closed by the next head
            assertEquals(onOffer ? 1 : 2, c.unparsed.size(), "onOffer=" + onOffer + ": " + c.unparsed);
            assertTrue(c.unparsed.get(0).why().contains(onOffer ? "offer" : "close"), c.unparsed.get(0).why());
            assertEquals(1, c.unparsed.get(0).line());
        }
    }
}
