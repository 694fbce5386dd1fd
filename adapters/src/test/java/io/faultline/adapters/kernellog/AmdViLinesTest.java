package io.faultline.adapters.kernellog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.api.Access;
import io.faultline.api.Family;
import io.faultline.api.Stage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** AMD-Vi event lines, all codes and eras (amd-vi.md §5). */
class AmdViLinesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ILLEGAL_DEV_TABLE_ENTRY device=00:14.0 pasid=0x00000 address=0xfee00000 flags=0x0000]|1|CONTEXT|0000:00:14.0",
        "IO_PAGE_FAULT device=00:13.1 domain=0x0000 address=0x41ab55200 flags=0x0050]|2|PTE|0000:00:13.1",
        "DEV_TAB_HARDWARE_ERROR device=00:02.0 address=0x1000 flags=0x0000]|3|CONTEXT|0000:00:02.0",
        "PAGE_TAB_HARDWARE_ERROR device=00:02.0 pasid=0x0000 address=0x1000 flags=0x0000]|4|PGD|0000:00:02.0",
        "ILLEGAL_COMMAND_ERROR address=0x1000]|5|NONE|",
        "COMMAND_HARDWARE_ERROR address=0x1000 flags=0x0000]|6|NONE|",
        "IOTLB_INV_TIMEOUT device=00:02.0 address=0x1000]|7|NONE|0000:00:02.0",
        "INVALID_DEVICE_REQUEST device=00:00.1 address=0x000000fdf8000020 flags=0x0a00]|8|NONE|0000:00:00.1",
        "INVALID_PPR_REQUEST device=00:02.0 pasid=0x00001 address=0x1000 flags=0x0000 tag=0x001]|9|NONE|0000:00:02.0",
        "RMP_PAGE_FAULT device=0000:03:00.0, vmg_tag=0x0001, gpa=0x1000, flags_rmp=0x0000, flags=0x0000]|13|NONE|0000:03:00.0",
        "RMP_HW_ERROR device=0001:03:00.0, vmg_tag=0x0001, spa=0x100f, flags=0x0000]|14|NONE|0001:03:00.0",
        "UNKNOWN event[0]=0x00000000 event[1]=0xa0000000 event[2]=0x00000000 event[3]=0x00000000|10|NONE|"})
    void everyEventCodeHasItsStage(String event, int code, Stage stage, String device) {
        LogRecord r = Collector.lines("iommu ivhd0: AMD-Vi: Event logged [" + event).only();
        assertEquals(Family.AMD_VI, r.fault().family());
        assertEquals(code, r.fault().reason().code());
        assertEquals(stage, r.fault().stage());
        assertEquals(device, r.device());
        assertNull(r.reasonCode());
        assertEquals(event.substring(0, event.indexOf(' ')), r.reasonText());
    }

    @Test
    void unknownLineWithEventWordsIsDecodedByTheEventLogDecoder() {
        LogRecord r = Collector.lines("iommu ivhd0: AMD-Vi: Event logged [UNKNOWN event[0]=0x00000010 event[1]=0x20500000 "
                + "event[2]=0x00001000 event[3]=0x00000000").only();
        assertEquals(2, r.fault().reason().code());
        assertEquals("0000:00:02.0", r.device());
        assertEquals(Stage.PTE, r.fault().stage());
        assertEquals(Access.READ, r.fault().access(), "flags 0x050: PE|PR, RW=0");
        assertEquals(0x1000L, r.fault().address());
        Collector bad = Collector.lines("AMD-Vi: Event logged [UNKNOWN event[0]=0x00000000 event[1]=0x00000000 "
                + "event[2]=0x00000000 event[3]=0x00000000");
        assertEquals(1, bad.unparsed.size(), "an all-zero entry is rejected by the decoder");
        assertTrue(bad.unparsed.get(0).why().startsWith("AMD-Vi: event words"), bad.unparsed.toString());
    }

    @Test
    void rmpHwErrorAddressDropsBits2To0() {
        LogRecord r = Collector.lines("AMD-Vi: Event logged [RMP_HW_ERROR device=0000:03:00.0, vmg_tag=0x0001, spa=0x100f, flags=0x0000]").only();
        assertEquals(0x1008L, r.fault().address());
    }

    @Test
    void accessFollowsPrTrAndIFlagsNotLinuxsGuess() {
        assertEquals(Access.WRITE, event("flags=0x0070").access());
        assertEquals(Access.READ, event("flags=0x0050").access());
        assertEquals(Access.UNKNOWN, event("flags=0x0000").access(), "not present: unknown, Linux says read");
        assertEquals(Access.UNKNOWN, event("flags=0x0020").access(), "RW without PR means nothing");
        assertEquals(Access.UNKNOWN, event("flags=0x0038").access(), "interrupt request");
        assertEquals(Access.UNKNOWN, event("flags=0x0130").access(), "ATS translation request");
        assertEquals(Access.of(true, false, true, true), event("flags=0x0013").access(), "GN: NX and !US count");
        assertEquals(Access.READ, event("flags=0x0016").access(), "no GN: NX and US ignored");
    }

    private static io.faultline.api.Fault event(String flags) {
        return Collector.lines("AMD-Vi: Event logged [IO_PAGE_FAULT device=00:01.0 domain=0x0001 address=0x1000 " + flags + "]")
                .only().fault();
    }

    @Test
    void pasidOnlyWithGn() {
        LogRecord gn = Collector.lines("iommu ivhd0: AMD-Vi: Event logged [ILLEGAL_DEV_TABLE_ENTRY device=00:14.0 pasid=0x12345 "
                + "address=0x1000 flags=0x0001]").only();
        assertEquals(0x12345, gn.fault().pasid());
        LogRecord no = Collector.lines("iommu ivhd0: AMD-Vi: Event logged [ILLEGAL_DEV_TABLE_ENTRY device=00:14.0 pasid=0x12345 "
                + "address=0x1000 flags=0x0000]").only();
        assertFalse(no.fault().hasPasid());
        LogRecord ppr = Collector.lines("iommu ivhd0: AMD-Vi: Event logged [INVALID_PPR_REQUEST device=00:02.0 pasid=0x00007 "
                + "address=0x1000 flags=0x0100 tag=0x001]").only();
        assertEquals(7, ppr.fault().pasid(), "INVALID_PPR_REQUEST: GN is 0x100");
    }

    @Test
    void deviceFromTheDriverPrefixWhenTheLineHasNone() {
        LogRecord r = Collector.lines("nvme 0000:01:00.0: AMD-Vi: Event logged [IO_PAGE_FAULT domain=0x0000 address=0xfc189000 flags=0x0000]").only();
        assertEquals("0000:01:00.0", r.device());
        assertEquals(0x100, r.fault().requesterId());
        assertEquals("nvme 0000:01:00.0", r.source());
    }

    @Test
    void era1PaddedAddressAndEra4Segment() {
        assertEquals(0xff6101b0L, Collector.lines("AMD-Vi: Event logged [IO_PAGE_FAULT device=05:00.0 domain=0x0012 "
                + "address=0x00000000ff6101b0 flags=0x0070]").only().fault().address());
        assertEquals("0002:03:00.0", Collector.lines("AMD-Vi: Event logged [IO_PAGE_FAULT device=0002:03:00.0 domain=0x0014 "
                + "address=0x1000 flags=0x0020]").only().device());
    }

    @Test
    void splitFormOfTheDevErrEraIsJoinedBySource() {
        Collector c = Collector.lines("[ 1.0] iommu ivhd0: AMD-Vi: Event logged [",
                "[ 1.0] pcieport 0000:00:01.1: PME: Signaling with IRQ 26",
                "[ 1.0] iommu ivhd0: INVALID_DEVICE_REQUEST device=00:00.1 pasid=0x00000 address=0x000000fdf8000020 flags=0x0a00]");
        LogRecord r = c.only();
        assertEquals(1, r.line());
        assertEquals(8, r.fault().reason().code());
        assertEquals(2, r.text().split("\n").length);
    }

    @Test
    void splitHeadWithoutEventTextIsUnparsedNotDropped() {
        Collector c = Collector.lines("AMD-Vi: Event logged [", "ACPI: something else");
        assertEquals(0, c.faults.size());
        assertEquals(1, c.unparsed.size());
        assertEquals(1, c.unparsed.get(0).line());
    }

    @Test
    void lookAlikesAndOverflow() {
        Collector c = Collector.lines("AMD-Vi: Interrupt remapping enabled", "AMD-Vi: Extended features (0x58f77ef22294a5a): PPR NX GT IA",
                "AMD-Vi: Found IOMMU at 0000:00:00.2 cap 0x40", "AMD-Vi: Completion-Wait loop timed out",
                "AMD-Vi: Event logged [Device not attached to domain properly]", "AMD-Vi:   device=0000:03:00.0 domain=0x0014",
                "AMD-Vi: DTE[0]: 0000000000000003", "AMD-Vi: IOMMU event log overflow",
                "amd_iommu_report_page_fault: 12 callbacks suppressed", "amd_iommu_report_page_fault: 3 callbacks suppressed",
                "perf/amd_iommu: Detected AMD IOMMU #0 (2 banks, 4 counters/bank).");
        assertEquals(0, c.faults.size(), c.faults::toString);
        assertEquals(0, c.unparsed.size(), c.unparsed::toString);
        assertEquals(1, c.overflows.size());
        assertEquals(15L, c.suppressed.get("amd_iommu_report_page_fault"));
    }

    @Test
    void badFieldsAreUnparsedWithTheReason() {
        Collector c = Collector.lines("AMD-Vi: Event logged [IO_PAGE_FAULT device=05:00.0 domain=0x0012 address=0x1000 flags=0x10000]",
                "AMD-Vi: Event logged [IO_PAGE_FAULT device=05:40.0 domain=0x0012 address=0x1000 flags=0x0070]",
                "AMD-Vi: Event logged [BOGUS_EVENT device=05:00.0 address=0x1000]",
                "AMD-Vi: Event logged [IO_PAGE_FAULT device=05:00.0 domain=0x0012 address=0x1000 flags=0x0070",
                "(XEN) AMD-Vi: IO_PAGE_FAULT: 0000:05:00.0 d1 addr 00000000ff6101b0 flags 0x70 PE RW PR");
        assertEquals(0, c.faults.size(), c.faults::toString);
        assertEquals(5, c.unparsed.size(), c.unparsed::toString);
        assertTrue(c.unparsed.get(0).why().contains("12 bits"));
        assertTrue(c.unparsed.get(1).why().contains("device number"));
    }

    @Test
    void ioPageFaultWithTypeBitsSetIsUnparsedLikeTheEventDecoderRejectsIt() {
        // flags=0x%04x prints the whole 12-bit field; IO_PAGE_FAULT defines bits 8:0 only (amd-vi.md 1.3)
        for (String flags : new String[] {"0x0e00", "0x0200", "0x0400", "0x0870"}) {
            Collector c = Collector.lines("AMD-Vi: Event logged [IO_PAGE_FAULT device=00:13.1 domain=0x0000 "
                    + "address=0x41ab55200 flags=" + flags + "]");
            assertTrue(c.faults.isEmpty(), flags);
            assertEquals(1, c.unparsed.size(), flags);
            assertTrue(c.unparsed.get(0).why().contains("reserved"), c.unparsed.get(0).why());
        }
        assertEquals(Access.UNKNOWN, Collector.lines("AMD-Vi: Event logged [IO_PAGE_FAULT device=00:13.1 domain=0x0000 "
                + "address=0x41ab55200 flags=0x01ff]").only().fault().access(), "bits 8:0 all defined; TR set: access unknown");
        assertEquals(8, Collector.lines("iommu ivhd0: AMD-Vi: Event logged [INVALID_DEVICE_REQUEST device=00:00.1 "
                + "address=0x000000fdf8000020 flags=0x0a00]").only().fault().reason().code(), "Type is real here");
    }

    @Test
    void pciNamesOutOfRangeAreUnparsedInDeviceAndInThePrefix() {
        String[] lines = {"AMD-Vi: Event logged [IO_PAGE_FAULT device=00:20.0 domain=0x0000 address=0x1000 flags=0x0050]",
            "AMD-Vi: Event logged [IO_PAGE_FAULT device=0000:00:1f.8 domain=0x0000 address=0x1000 flags=0x0050]",
            "nvme 0000:01:3f.0: AMD-Vi: Event logged [IO_PAGE_FAULT domain=0x0000 address=0x1000 flags=0x0050]",
            "nvme 0000:01:00.9: AMD-Vi: Event logged [IO_PAGE_FAULT domain=0x0000 address=0x1000 flags=0x0050]"};
        for (String l : lines) {
            Collector c = Collector.lines(l);
            assertTrue(c.faults.isEmpty(), l);
            assertEquals(1, c.unparsed.size(), l);
            assertTrue(c.unparsed.get(0).why().contains("out of range"), c.unparsed.get(0).why());
        }
        assertEquals("0000:01:1f.7", Collector.lines("nvme 0000:01:1f.7: AMD-Vi: Event logged [IO_PAGE_FAULT "
                + "domain=0x0000 address=0x1000 flags=0x0050]").only().device());
    }
}
