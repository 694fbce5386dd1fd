package io.faultline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.adapters.kernellog.KernelLogListener;
import io.faultline.adapters.kernellog.KernelLogParser;
import io.faultline.adapters.kernellog.LogRecord;
import io.faultline.adapters.kernellog.UnparsedLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The charts' points span every fault of a device, however many, and their weights add up to the count. */
class DeviceSummaryPointsTest {
    @TempDir
    Path tmp;

    private static List<LogRecord> records(int n) {
        List<LogRecord> out = new ArrayList<>();
        KernelLogParser p = new KernelLogParser(new KernelLogListener() {
            @Override
            public void fault(LogRecord r) {
                out.add(r);
            }

            @Override
            public void unparsed(UnparsedLine line) {
            }

            @Override
            public void suppressed(String source, long count, long line) {
            }

            @Override
            public void overflow(String source, String text, long line) {
            }
        });
        for (int i = 1; i <= n; i++) {
            p.accept(String.format("[%d.000000] rk_iommu ff650800.iommu: Page fault at 0x%x of type read", i, 0x1000 * i));
        }
        p.endOfInput();
        return out;
    }

    @Test
    void pointsCoverAllFaultsAndWeightsAddUp() {
        List<LogRecord> rs = records(20_000);
        for (int n : new int[] {1, 4095, 4096, 4097, 8192, 8193, 12_345, 20_000}) {
            DeviceSummary d = new DeviceSummary("x");
            for (int i = 0; i < n; i++) {
                d.add(rs.get(i), null, 100 + i);
            }
            long sum = 0;
            for (int i = 0; i < d.kept; i++) {
                sum += d.weight(i);
                assertEquals(100 + i * d.stride, d.lines[i], "point " + i + " is fault i * stride, n=" + n);
                assertEquals(1 + i * d.stride, d.seconds[i], 1e-9);
            }
            assertEquals(n, sum, "n=" + n);
            assertTrue(d.kept <= DeviceSummary.POINTS);
            assertTrue((d.kept - 1) * d.stride <= n - 1 && n - 1 < d.kept * d.stride, "the last point is near the last fault, n=" + n);
        }
    }

    @Test
    void htmlChartSpansAllFaultsBeyondTheKeptPoints() throws Exception {
        StringBuilder log = new StringBuilder();
        for (int i = 1; i <= 6000; i++) {
            log.append(String.format("[%d.000000] rk_iommu ff650800.iommu: Page fault at 0x%x of type read%n", i, 0x1000 * i));
        }
        Path f = tmp.resolve("many.log");
        Files.writeString(f, log);
        Path html = tmp.resolve("r.html");
        Run r = Run.args("triage", "--html", html.toString(), f.toString());
        assertEquals(FaultlineCli.FOUND, r.exit, r::toString);
        String h = Files.readString(html);
        assertTrue(h.contains(">6000.000 s</text>"), "the axis reaches the last fault");
        long drawn = 0;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<title>(?:about )?(\\d+) fault\\(s\\)</title>").matcher(h);
        while (m.find()) {
            drawn += Long.parseLong(m.group(1));
        }
        assertEquals(6000, drawn, "the bars add up to every fault");
        assertTrue(h.contains("drawn from every n-th fault"), "the page says the chart samples");
    }
}
