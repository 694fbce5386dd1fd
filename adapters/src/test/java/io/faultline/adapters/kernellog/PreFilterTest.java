package io.faultline.adapters.kernellog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The byte-level pre-filter in {@link KernelLogParser#feed} skips lines without making Strings; it
 * must report exactly what {@link KernelLogParser#accept(String)} reports line by line, in any
 * chunking, with ordinary kernel noise between (and inside) multi-line records.
 */
class PreFilterTest {
    private static final String[] NOISE = {
        "[    1.000000] usb 1-1: new high-speed USB device number 2 using xhci_hcd",
        "[    1.000001] e1000e 0000:00:1f.6 eno1: NIC Link is Up 1000 Mbps Full Duplex",
        "[    1.000002] EXT4-fs (nvme0n1p2): mounted filesystem with ordered data mode",
        "Nov 27 15:59:39 myhost kernel: wlp2s0: associated \u00e9t\u00e9 \u2603",
        "[    1.000003] arm-smmu-v3 arm-smmu-v3.0.auto: ias 48-bit, oas 48-bit (features 0x00001fef)",
        "[    1.000004] kauditd_printk_skb: 12 callbacks suppressed",
        "",
        "[    1.000005] DM AR: not a marker, nor is UNKN\u00e9OWN or DMAR\u0001:[",
    };

    private static List<String> log() throws IOException {
        List<String> lines = new ArrayList<>();
        int k = 0;
        for (JsonNode s : KernelLogSamplesTest.samples()) {
            for (String l : s.get("text").asText().split("\n", -1)) {
                lines.add(l);
                if ((k++ & 1) == 0) { // noise inside multi-line records too
                    lines.add(NOISE[k % NOISE.length]);
                }
            }
            for (String n : NOISE) {
                lines.add(n);
            }
        }
        for (JsonNode s : KernelLogSamplesTest.samples()) { // each noise line right after each record's head
            String[] rec = s.get("text").asText().split("\n", -1);
            for (String n : NOISE) {
                lines.add(rec[0]);
                lines.add(n);
                for (int i = 1; i < rec.length; i++) {
                    lines.add(rec[i]);
                }
            }
        }
        return lines;
    }

    private static String report(Collector c) {
        StringBuilder b = new StringBuilder();
        for (LogRecord r : c.faults) {
            b.append(r).append(" | ").append(r.text()).append(" | ").append(r.reasonText()).append('\n');
        }
        b.append(c.unparsed).append('\n').append(c.suppressed).append('\n').append(c.overflows);
        return b.toString();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 17, 4096, 1 << 20})
    void bytesInAnyChunksReportWhatStringLinesReport(int chunk) throws IOException {
        List<String> lines = log();
        Collector byLine = Collector.accepted(lines);
        Collector byBytes = Collector.fed(lines, chunk);
        KernelLogParser p = byLine.parser;
        KernelLogParser q = byBytes.parser;

        assertTrue(byLine.faults.size() >= 5, "the mix still holds faults: " + byLine.faults.size());
        assertEquals(report(byLine), report(byBytes));
        assertEquals(p.lines(), q.lines());
        assertEquals(p.faults(), q.faults());
        assertEquals(p.unparsedCount(), q.unparsedCount());
    }
}
