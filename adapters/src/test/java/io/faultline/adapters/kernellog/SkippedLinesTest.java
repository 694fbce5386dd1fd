package io.faultline.adapters.kernellog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A line without IOMMU keys is counted without becoming a String (the byte path) when it fits in one
 * read chunk, and split like any other line when it does not; both must move the stamp state alike, or
 * a fault's time would depend on where a 64 KiB read ended.
 */
class SkippedLinesTest {
    private static final String FAULT = "DMAR: [DMA Read] Request device [00:02.0] fault addr 9c000000 "
            + "[fault reason 06] PTE Read access is not set";
    /** Noise lines with every prefix form that moves the stamp state, and some that do not. */
    private static final String[] NOISE = {
        "[  100.000000] start", "[  +1.000000] tick", "2024-05-01T10:30:00 host kernel: random noise line",
        "2024-05-01T10:30:00.5+02:00 host kernel: [  200.5] noise", "Nov 27 15:59:39 myhost kernel: noise",
        "Nov  7 15:59:39 myhost kernel: [ 12.5] noise", "[Fri Nov 27 15:59:39 2026] noise", "[Nov27 10:00] noise",
        "[  300.000000 <    0.500000>] dmesg -d noise", "    8.490171] cut stamp noise", "<6>[ 7.25] noise",
        "3,1234,400000000,-;kmsg noise", "kern  :info  : [  500.25] noise", "[  600.0] [    T1] caller noise",
        "[  700.0] myhost kernel: noise", "plain noise", "kernel: [  800.5] noise", "[pid:134,cpu0,irq/13-foo] noise",
        "0x123477BBFA |   1263.468579: trace noise", "[  +0.250000] [    T7] tick",
    };

    /** Every line through accept(String): the reference, where no line is skipped. */
    private static List<Double> byLines(List<String> lines) {
        return seconds(Collector.accepted(lines));
    }

    private static List<Double> byBytes(List<String> lines, int chunk) {
        return seconds(Collector.fed(lines, chunk));
    }

    private static List<Double> seconds(Collector c) {
        List<Double> r = new ArrayList<>();
        c.faults.forEach(f -> r.add(f.seconds()));
        return r;
    }

    @Test
    void aWallClockLineBetweenStampsActsTheSameSkippedOrSplit() {
        List<String> log = List.of("[  100.000000] start", "2024-05-01T10:30:00 host kernel: random noise line",
                "[  +1.000000] " + FAULT);
        assertEquals(byLines(log), byBytes(log, 1 << 16));
        assertEquals(byLines(log), byBytes(log, 7));
    }

    @Test
    void dmesgDeltaAndCutStampsSetTheBaseSkippedOrSplit() {
        List<String> log = List.of("[  300.000000 <    0.500000>] noise", "[  +1.000000] " + FAULT,
                "    8.490171] noise", "[  +0.5] " + FAULT);
        List<Double> expected = byLines(log);
        assertEquals(List.of(301.0, 8.990171), expected);
        assertEquals(expected, byBytes(log, 1 << 16));
    }

    @Test
    void aLineWithNonAsciiTextInItsPrefixesActsTheSame() { // skipped() would count its bytes, split() its chars
        List<String> log = List.of("[   10.000000] base", "[pid:" + "\u00e9".repeat(50) + "] [    3.000000] noise",
                "[  +0.500000] " + FAULT);
        assertEquals(List.of(3.5), byLines(log));
        assertEquals(byLines(log), byBytes(log, 1 << 16));
    }

    @Test
    void randomMixesGiveTheSameTimesWhateverTheChunking() {
        Random rnd = new Random(11);
        for (int t = 0; t < 300; t++) {
            List<String> log = new ArrayList<>();
            for (int i = rnd.nextInt(30) + 1; i > 0; i--) {
                log.add(rnd.nextInt(4) == 0 ? (rnd.nextBoolean() ? "[  +0.125000] " : "[  42.0] ") + FAULT
                        : NOISE[rnd.nextInt(NOISE.length)]);
            }
            List<Double> expected = byLines(log);
            for (int chunk : new int[] {1 << 16, 1 + rnd.nextInt(40)}) {
                assertEquals(expected, byBytes(log, chunk), () -> "chunk " + chunk + ", log:\n" + String.join("\n", log));
            }
        }
    }
}
