package io.faultline.adapters.kernellog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Prefixes, timestamps, line numbers, bounded memory and garbage. */
class StreamingTest {
    private static final String LINE = "DMAR: [DMA Read NO_PASID] Request device [00:02.0] fault addr 0x1000 "
            + "[fault reason 0x06] PTE Read access is not set";

    @ParameterizedTest
    @ValueSource(strings = {"[  144.480641] ", "[  +0.000462] ", "    8.490171] ", "<3>", "<3>[ 1.5] ", "kernel: ",
        "Nov 27 15:59:39 myhost kernel: ", "Nov  7 15:59:39 myhost kernel: [ 12.5] ",
        "2014-04-25T09:37:53.595431+01:00 host kernel: ", "> ", "> > \t", "\t", "[Fri Nov 27 15:59:39 2026] ",
        "0x123477BBFA |   1263.468579: ", "[pid:134,cpu0,irq/13-foo] ", "kernel: [  221.562629] "})
    void everyPrefixIsTolerated(String prefix) {
        LogRecord r = Collector.lines(prefix + LINE).only();
        assertEquals(0x1000L, r.fault().address());
        assertEquals(6, r.reasonCode());
        assertEquals(prefix + LINE, r.text());
    }

    @Test
    void stampDigitsAreAsciiOnly() { // the kernel prints ASCII digits; Character.isDigit would take U+0661 too
        LogRecord r = Collector.lines("[  \u0661\u0662.345678] " + LINE).only();
        assertNull(r.stamp());
        assertTrue(Double.isNaN(r.seconds()));
        assertEquals(0x1000L, r.fault().address(), "the line is still read");
        assertEquals("12.345678", Collector.lines("[  12.345678] " + LINE).only().stamp());
    }

    @Test
    void timestampsAreKeptAndNeverTakenForFields() {
        LogRecord k = Collector.lines("[  144.480641] " + LINE).only();
        assertEquals(144.480641, k.seconds(), 1e-9);
        assertEquals("144.480641", k.stamp());
        LogRecord iso = Collector.lines("2014-04-25T09:37:53.595431+01:00 host kernel: " + LINE).only();
        assertEquals(Instant.parse("2014-04-25T08:37:53.595431Z"), iso.instant());
        LogRecord rel = Collector.lines("[  +0.000462] " + LINE).only();
        assertTrue(Double.isNaN(rel.seconds()), "a relative stamp is not a time");
        LogRecord none = Collector.lines(LINE).only();
        assertNull(none.stamp());
    }

    @Test
    void relativeStampsCountOnFromTheLastAbsoluteKernelStamp() {
        Collector c = Collector.lines("[  100.000000] " + LINE, "[  +0.250000] " + LINE, "[  +1.500000] noise",
                "[  +0.000462] " + LINE, "[Nov27 10:00] " + LINE, "[  +0.100000] " + LINE, "[  200.5] " + LINE,
                "[ +0.5] " + LINE);
        assertEquals(100.0, c.faults.get(0).seconds(), 1e-9);
        assertEquals(100.25, c.faults.get(1).seconds(), 1e-9);
        assertEquals(101.750462, c.faults.get(2).seconds(), 1e-9); // the noise line's delta counts too
        assertEquals("+0.000462", c.faults.get(2).stamp());
        assertTrue(Double.isNaN(c.faults.get(3).seconds()), "a wall-clock stamp is not kernel seconds");
        assertTrue(Double.isNaN(c.faults.get(4).seconds()), "after a wall-clock stamp, deltas count from it");
        assertEquals(201.0, c.faults.get(6).seconds(), 1e-9);
    }

    @Test
    void relativeStampsAddUpAcrossSkippedNoiseLinesInTheByteFeed() {
        String log = "[  100.000000] noise\n[  +0.250000] more noise\n[  +0.5] " + LINE + "\n[  100.000000] noise\n"
                + "[  +0.5] " + LINE + "\n";
        Collector fed = Collector.parse(log);
        assertEquals(100.75, fed.faults.get(0).seconds(), 1e-9);
        assertEquals(100.5, fed.faults.get(1).seconds(), 1e-9); // the same absolute stamp again restarts the sum
        Collector split = Collector.lines(log.split("\n"));
        assertEquals(fed.faults.get(0).seconds(), split.faults.get(0).seconds());
        assertEquals(fed.faults.get(1).seconds(), split.faults.get(1).seconds());
    }

    @Test
    void lineNumbersAreOneBasedFirstLinesAndCrlfCounts() {
        Collector c = Collector.parse("noise\r\n" + LINE + "\r\nmore\r\n" + LINE + "\n");
        assertEquals(2, c.faults.size());
        assertEquals(2, c.faults.get(0).line());
        assertEquals(4, c.faults.get(1).line());
    }

    @Test
    void suppressedCountsArePerSource() {
        Collector c = Collector.lines("dmar_fault: 893 callbacks suppressed", "dmar_fault: 7 callbacks suppressed",
                "amd_iommu_report_page_fault: 2 callbacks suppressed", "printk: 5 output lines suppressed due to ratelimiting",
                "dmar_fault: 99999999999999999999999 callbacks suppressed");
        assertEquals(900L, c.suppressed.get("dmar_fault"));
        assertEquals(2L, c.suppressed.get("amd_iommu_report_page_fault"));
        assertEquals(1, c.unparsed.size(), "absurd count is unparsed, not a crash");
        assertEquals(5, c.unparsed.get(0).line());
    }

    @Test
    void onlyIommuRateLimitNoticesAreCounted() {
        Collector c = Collector.lines("kauditd_printk_skb: 12 callbacks suppressed", "net_ratelimit: 400 callbacks suppressed",
                "[ 3.0] xhci_hcd_irq: 9 callbacks suppressed", "kauditd_printk_skb: 99999999999999999999999 callbacks suppressed",
                "dmar_fault: 3 callbacks suppressed", "arm_smmu_context_fault: 4 callbacks suppressed",
                "arm_smmu_dump_event: 5 callbacks suppressed", "qcom_iommu_fault: 6 callbacks suppressed",
                "apple_dart_irq: 7 callbacks suppressed", "exynos_sysmmu_irq: 8 callbacks suppressed",
                "ipmmu_domain_irq: 9 callbacks suppressed", "tegra30_mc_handle_irq: 10 callbacks suppressed",
                "mtk_iommu_isr: 11 callbacks suppressed", "amd_iommu_report_page_fault: 12 callbacks suppressed",
                "intel_iommu_prq: 13 callbacks suppressed", "printk: 14 output lines suppressed due to ratelimiting",
                "[ 1.1] printk: systemd: 35 output lines suppressed due to ratelimiting",
                "arm_smmu_cmdq_issue_cmdlist: 7 callbacks suppressed", "mc_handle_irq: 4 callbacks suppressed");
        // /dev/kmsg writers' notices, command-queue timeouts and a memory controller that is not Tegra's: not faults
        assertEquals(java.util.List.of("dmar_fault", "arm_smmu_context_fault", "arm_smmu_dump_event", "qcom_iommu_fault",
                "apple_dart_irq", "exynos_sysmmu_irq", "ipmmu_domain_irq", "tegra30_mc_handle_irq", "mtk_iommu_isr",
                "amd_iommu_report_page_fault", "intel_iommu_prq"), new java.util.ArrayList<>(c.suppressed.keySet()));
        assertTrue(c.unparsed.isEmpty(), "a non-IOMMU notice is ignored, even with an absurd count: " + c.unparsed);
        assertTrue(c.faults.isEmpty());
    }

    @Test
    void isoStampsWithoutAZoneAreUtc() { // as --since without a zone
        assertEquals(Instant.parse("2024-05-01T10:30:00Z"),
                Collector.lines("2024-05-01T10:30:00 host kernel: " + LINE).only().instant());
        assertEquals(Instant.parse("2024-05-01T10:30:00.123456Z"),
                Collector.lines("2024-05-01T10:30:00.123456 host kernel: " + LINE).only().instant());
        assertEquals(Instant.parse("2024-05-01T10:30:00.5Z"),
                Collector.lines("2024-05-01 10:30:00,5 host kernel: " + LINE).only().instant());
        assertEquals(Instant.parse("2024-05-01T08:30:00Z"),
                Collector.lines("2024-05-01T10:30:00+0200 host kernel: " + LINE).only().instant(), "a zone still counts");
        assertEquals("2024-05-01T10:30:00", Collector.lines("2024-05-01T10:30:00 host kernel: " + LINE).only().stamp());
    }

    @Test
    void hugeLineIsCutAndReportedWhenItMentionsAFault() throws IOException {
        String huge = LINE + "x".repeat(KernelLogParser.MAX_LINE_CHARS * 3);
        Collector c = Collector.lines("a", huge, "b" + "y".repeat(KernelLogParser.MAX_LINE_CHARS * 2), LINE);
        assertEquals(1, c.faults.size());
        assertEquals(4, c.faults.get(0).line(), "line counting survives cut lines");
        assertEquals(1, c.unparsed.size());
        assertEquals(2, c.unparsed.get(0).line());
        assertTrue(c.unparsed.get(0).why().contains("limit"));
        Collector viaAccept = new Collector();
        KernelLogParser p = new KernelLogParser(viaAccept);
        p.accept(huge);
        p.flush();
        assertEquals(1, viaAccept.unparsed.size());
    }

    @Test
    void invalidUtf8AndBinaryGarbageNeverThrow() throws IOException {
        Random rnd = new Random(42);
        byte[] junk = new byte[200_000];
        rnd.nextBytes(junk);
        byte[] good = ("\n" + LINE + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[junk.length + good.length + 3];
        System.arraycopy(junk, 0, all, 0, junk.length);
        System.arraycopy(good, 0, all, junk.length, good.length);
        all[all.length - 3] = (byte) 0xff;
        all[all.length - 2] = (byte) 0xc3;
        all[all.length - 1] = 0;
        Collector c = new Collector();
        KernelLogParser p = new KernelLogParser(c);
        p.parse(new ByteArrayInputStream(all));
        assertEquals(1, c.faults.size());
        assertTrue(p.lines() > 1);
    }

    @Test
    void openRecordsAreBounded() {
        Collector c = new Collector();
        KernelLogParser p = new KernelLogParser(c);
        for (int i = 0; i < 1000; i++) {
            p.accept("arm-smmu-v3 smmu" + i + ": event 0x10 received:");
        }
        assertTrue(c.faults.size() >= 1000 - KernelLogParser.MAX_OPEN, "oldest open records were closed");
        p.flush();
        assertEquals(1000, c.faults.size());
        assertTrue(c.faults.stream().allMatch(LogRecord::truncated));
    }

    @Test
    void everySampleCutAtEveryPositionIsReportedOrIgnoredNeverDroppedNorThrown() throws IOException {
        for (com.fasterxml.jackson.databind.JsonNode sample : KernelLogSamplesTest.samples()) {
            if (!sample.get("expected").get("fault").asBoolean()) {
                continue;
            }
            String text = sample.get("text").asText();
            for (int cut = 1; cut < text.length(); cut++) {
                String part = text.substring(0, cut);
                Collector c = Collector.parse(part);
                if (KernelLogParser.mentionsFault(part)) {
                    int id = cut;
                    assertTrue(c.faults.size() + c.unparsed.size() >= 1,
                            () -> sample.get("id").asText() + " cut at " + id + " was dropped: " + part);
                }
            }
        }
    }

    @Test
    void mixedFamiliesInOneLogAreAllFound() {
        Collector c = Collector.lines("[ 1.0] " + LINE,
                "[ 1.1] AMD-Vi: Event logged [IO_PAGE_FAULT device=05:00.0 domain=0x0012 address=0x1000 flags=0x0070]",
                "[ 1.2] arm-smmu 5000000.iommu: Unhandled context fault: fsr=0x402, iova=0xff3cf000, fsynr=0x300003, cbfrsynra=0x409, cb=10",
                "[ 1.3] rk_iommu ff650800.iommu: Page fault at 0x0000000004382010 of type write");
        assertEquals(4, c.faults.size());
        assertTrue(c.unparsed.isEmpty());
    }
}
