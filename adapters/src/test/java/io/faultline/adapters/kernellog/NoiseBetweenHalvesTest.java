package io.faultline.adapters.kernellog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.api.Stage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kernel prints the halves of a split record with separate printk calls, so unrelated lines land
 * between them. A line with no IOMMU key and no device prefix must not close a record waiting without
 * one; the result is the same by accept(String), by bytes in one chunk and by bytes in small chunks.
 */
class NoiseBetweenHalvesTest {
    private static final String AMD_HEAD = "AMD-Vi: Event logged [";
    private static final String AMD_TAIL = "IO_PAGE_FAULT device=05:00.0 domain=0x0012 address=0x00000000ff6101b0 flags=0x0070]";
    private static final String DMAR_HEAD = "DMAR: [DMA Read] Request device [00:02.0] fault addr 1000";
    private static final String DMAR_TAIL = "DMAR:[fault reason 06] PTE Read access is not set";
    private static final String[] NOISE = {"random noise line", "[  12.000000] random noise line",
        "[  12.5] kauditd_printk_skb: 12 callbacks suppressed", "Nov 27 15:59:39 myhost kernel: CPU0: Core temperature above threshold"};

    /** The same lines by accept(String), by bytes in one chunk and by bytes in chunks of 1..7; all must agree. */
    private static Collector all(String... lines) {
        Collector byAccept = Collector.accepted(List.of(lines));
        Collector oneChunk = Collector.lines(lines);
        Collector small = Collector.fed(List.of(lines), 1, 2, 3, 4, 5, 6, 7);
        assertEquals(report(byAccept), report(oneChunk));
        assertEquals(report(byAccept), report(small));
        return oneChunk;
    }

    private static String report(Collector c) {
        return c.faults + " " + c.faults.stream().map(LogRecord::text).toList() + " " + c.unparsed + " " + c.suppressed;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void amdEventTextAfterANoiseLineStillJoins(int noise) {
        Collector c = all(AMD_HEAD, NOISE[noise], AMD_TAIL);
        LogRecord r = c.only();
        assertEquals(0xff6101b0L, r.fault().address());
        assertEquals("0000:05:00.0", r.device());
        assertEquals(AMD_HEAD + "\n" + AMD_TAIL, r.text());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void dmarReasonLineAfterNoiseLinesStillJoins(int noise) {
        Collector c = all(DMAR_HEAD, NOISE[noise], NOISE[(noise + 1) % NOISE.length], DMAR_TAIL);
        LogRecord r = c.only();
        assertEquals(Stage.PTE, r.fault().stage());
        assertEquals(6, r.reasonCode());
        assertFalse(r.truncated());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void aNewHeadOfTheSameFamilyStillClosesTheWaitingRecord(int noise) {
        Collector amd = all(AMD_HEAD, NOISE[noise], AMD_HEAD, AMD_TAIL);
        assertEquals(1, amd.faults.size());
        assertEquals(1, amd.unparsed.size());
        assertTrue(amd.unparsed.get(0).why().contains("without its event text"));
        Collector dmar = all(DMAR_HEAD, NOISE[noise], DMAR_HEAD, DMAR_TAIL);
        assertEquals(2, dmar.faults.size());
        assertTrue(dmar.faults.get(0).truncated(), "the first request lost its reason line");
        assertFalse(dmar.faults.get(1).truncated());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void noiseStillCountsTowardTheGap(int noise) {
        List<String> lines = new ArrayList<>();
        lines.add(AMD_HEAD);
        for (int i = 0; i <= Pending.MAX_GAP; i++) {
            lines.add(NOISE[noise]);
        }
        lines.add(AMD_TAIL);
        Collector c = all(lines.toArray(new String[0]));
        assertEquals(1, c.unparsed.size(), "the head expired: " + c.unparsed);
        assertEquals(1, c.unparsed.get(0).line());
    }
}
