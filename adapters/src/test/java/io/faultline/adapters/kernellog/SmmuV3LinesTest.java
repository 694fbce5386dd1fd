package io.faultline.adapters.kernellog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.api.Access;
import io.faultline.api.Family;
import io.faultline.api.FaultType;
import io.faultline.api.PageRequest;
import io.faultline.api.Stage;
import org.junit.jupiter.api.Test;

/** SMMUv3 raw dumps, interleaving, truncation, 6.15 decoded lines, PRI lines (arm-smmu.md §7.1). */
class SmmuV3LinesTest {
    private static final String P = "arm-smmu-v3 arm-smmu-v3.0.auto: ";

    @Test
    void publishedRawDumpWithTabbedDwords() {
        LogRecord r = Collector.lines(P + "event 0x10 received:", P + "\t0x0000018000000010", P + "\t0x0000020100000000",
                P + "\t0x00000000ffffe040", P + "\t0x00000000ffffe000").only();
        assertEquals(Family.ARM_SMMU_V3, r.fault().family());
        assertEquals(0x180, r.fault().requesterId());
        assertEquals(0xffffe040L, r.fault().address(), "InputAddr, never the IPA");
        assertEquals(Access.WRITE, r.fault().access(), "RnW=0 is a write");
        assertEquals(Stage.PTE, r.fault().stage());
        assertEquals("F_TRANSLATION", r.fault().reason().name());
        assertFalse(r.truncated());
        assertEquals(P.substring(0, P.length() - 2), r.source());
    }

    @Test
    void interleavedDumpsOfTwoSmmusAreSeparatedByDevicePrefix() {
        String q = "arm-smmu-v3 arm-smmu-v3.1.auto: ";
        Collector c = Collector.lines(P + "event 0x10 received:", q + "event 0x07 received:", P + "\t0x0000018000000010",
                q + "\t0x0000010000000007", P + "\t0x0000020100000000", q + "\t0x0000000000000000",
                P + "\t0x00000000ffffe040", q + "\t0x0000000000000000", q + "\t0x0000000000000000",
                P + "\t0x00000000ffffe000");
        assertEquals(2, c.faults.size());
        assertTrue(c.unparsed.isEmpty());
        LogRecord forbidden = c.faults.stream().filter(r -> r.line() == 2).findFirst().orElseThrow();
        assertEquals(0x100, forbidden.fault().requesterId());
        assertEquals(Stage.CONTEXT, forbidden.fault().stage());
        assertEquals(Access.WRITE, forbidden.fault().access());
        LogRecord translation = c.faults.stream().filter(r -> r.line() == 1).findFirst().orElseThrow();
        assertEquals(0xffffe040L, translation.fault().address());
    }

    @Test
    void truncatedDumpKeepsWhatDword0SaysAndNeverTakesTheNextRecordsLines() {
        Collector c = Collector.lines(P + "event 0x10 received:", P + "\t0x0000018000000810",
                P + "event 0x10 received:", P + "\t0x0000018000000010", P + "\t0x0000020100000000",
                P + "\t0x00000000ffffe040", P + "\t0x00000000ffffe000");
        assertEquals(2, c.faults.size());
        LogRecord cut = c.faults.get(0);
        assertTrue(cut.truncated());
        assertEquals(0x180, cut.fault().requesterId());
        assertEquals(0, cut.fault().pasid(), "SSV=1 with SubstreamID 0 is PASID 0");
        assertFalse(cut.fault().hasAddress());
        assertEquals(Stage.NONE, cut.fault().stage(), "CLASS/S2 missing: no stage guessed");
        assertFalse(c.faults.get(1).truncated());
    }

    @Test
    void headerAloneAtEndOfInputIsATruncatedFault() {
        LogRecord r = Collector.lines(P + "event 0x04 received:").only();
        assertTrue(r.truncated());
        assertEquals(Stage.CONTEXT, r.fault().stage(), "C_BAD_STE is CONTEXT whatever the dwords say");
    }

    @Test
    void decoded615LinesJoinTheRawDumpAndGiveThePciClient() {
        Collector c = Collector.lines(P + "event 0x10 received:", P + "\t0x0000010000000010", P + "\t0x0000020800000000",
                P + "\t0x0000000000001000", P + "\t0x0000000000000000",
                P + "event: F_TRANSLATION client: 0000:01:00.0 sid: 0x100 ssid: 0x0 iova: 0x1000 ipa: 0x0",
                P + "unpriv data read s1 \"Input address caused fault\" stag: 0x0");
        LogRecord r = c.only();
        assertEquals("0000:01:00.0", r.device());
        assertEquals(Access.READ, r.fault().access());
        assertEquals(7, r.text().split("\n").length);
    }

    @Test
    void stalledEventIsAPageRequestWithItsStag() {
        LogRecord r = Collector.lines(P + "event 0x10 received:", P + "\t0x0000010000000010", P + "\t0x0000020880000007",
                P + "\t0x0000000000001000", P + "\t0x0000000000000000").only();
        assertEquals(FaultType.PAGE_REQUEST, r.fault().type());
        assertEquals(7, ((PageRequest) r.fault()).groupIndex());
        assertTrue(((PageRequest) r.fault()).lastInGroup());
    }

    @Test
    void cdClassAtStage2IsPasidStage() {
        LogRecord r = Collector.lines(P + "event 0x10 received:", P + "\t0x0000010000000010", P + "\t0x0000008000000000",
                P + "\t0x0000000000001000", P + "\t0x0000000000000000").only();
        assertEquals(Stage.PASID, r.fault().stage());
    }

    @Test
    void mailMangledDwordWithASpaceIsAccepted() {
        LogRecord r = Collector.lines(P + "event 0x10 received:", P + "0x00000180 00000010", P + "0x0000020100000000",
                P + "0x00000000ffffe040", P + "0x00000000ffffe000").only();
        assertEquals(0x180, r.fault().requesterId());
    }

    @Test
    void decodedLinesAloneStillGiveAFault() {
        LogRecord r = Collector.lines(P + "event: F_PERMISSION client: (unassigned sid) sid: 0x42 ssid: 0x3 iova: 0xdead000 ipa: 0x0",
                P + "priv inst read s1 \"Stage 1 translation table fetch\" ttd_read stall stag: 0x5").only();
        assertEquals(FaultType.PAGE_REQUEST, r.fault().type());
        assertEquals(0x42, r.fault().requesterId());
        assertEquals(3, r.fault().pasid());
        assertEquals(Access.of(true, false, true, true), r.fault().access());
        assertEquals(Stage.PTE, r.fault().stage());
        assertEquals("F_PERMISSION", r.reasonText());
    }

    @Test
    void priRequestOfThePreIopfDriverIsAPageRequest() {
        LogRecord r = Collector.lines(P + "unexpected PRI request received:",
                P + "\tsid 0x00000100.0x00001: [3L] unprivileged RW access at iova 0x0000000000402000").only();
        PageRequest p = (PageRequest) r.fault();
        assertEquals(3, p.groupIndex());
        assertTrue(p.lastInGroup());
        assertEquals(1, p.pasid());
        assertEquals(Access.of(true, true, false, false), p.access());
        assertEquals(0x402000L, p.address());
    }

    @Test
    void overflowsAreReportedAndOrphanDwordsAreUnparsed() {
        Collector c = Collector.lines(P + "EVTQ overflow detected -- events lost", P + "PRIQ overflow detected -- requests lost",
                P + "\t0x0000018000000010", "arm_smmu_dump_event: 7 callbacks suppressed",
                P + "unexpected global error reported (0x00000004), this could be serious",
                P + "EVTQ write aborted -- events may have been lost");
        assertEquals(3, c.overflows.size());
        assertEquals(1, c.unparsed.size());
        assertEquals(3, c.unparsed.get(0).line());
        assertEquals(7L, c.suppressed.get("arm_smmu_dump_event"));
    }

    @Test
    void reservedBitsInDword0AreUnparsedWithTheReason() {
        Collector c = Collector.lines(P + "event 0x10 received:", P + "\t0x0000018000000110", P + "\t0x0",
                P + "other line");
        assertEquals(0, c.faults.size());
        assertTrue(c.unparsed.get(0).why().contains("reserved"), c.unparsed.toString());
    }

    @Test
    void cmdqErrorDumpIsALookAlikeWithItsTwoCommandDwords() {
        // arm_smmu_cmdq_skip_err: the error line, then the skipped command's two dwords (CMDQ_ENT_DWORDS)
        Collector c = Collector.lines(P + "unexpected global error reported (0x00000001), this could be serious",
                P + "CMDQ error (cons 0x01000022): Illegal command", P + "skipping command in error state:",
                P + "\t0x0000000000000000", P + "\t0x0000000000000000");
        assertTrue(c.faults.isEmpty(), c.faults::toString);
        assertTrue(c.unparsed.isEmpty(), c.unparsed::toString);
        assertTrue(c.overflows.isEmpty(), "a command error loses no event");
    }

    @Test
    void aThirdDwordAfterTheSkippedCommandIsStillAnOrphan() {
        Collector c = Collector.lines(P + "skipping command in error state:", P + "\t0x0000000000000041",
                P + "\t0x0000000000000000", P + "\t0x0000018000000010");
        assertTrue(c.faults.isEmpty());
        assertEquals(1, c.unparsed.size(), c.unparsed::toString);
        assertEquals(4, c.unparsed.get(0).line());
    }

    @Test
    void anEventDumpAfterTheCommandErrorIsStillAFault() {
        Collector c = Collector.lines(P + "skipping command in error state:", P + "\t0x0000000000000041",
                P + "\t0x0000000000000000", P + "event 0x10 received:", P + "\t0x0000018000000010",
                P + "\t0x0000020100000000", P + "\t0x00000000ffffe040", P + "\t0x00000000ffffe000");
        assertEquals(0x180, c.only().fault().requesterId());
        assertEquals(4, c.only().line());
    }

    @Test
    void globalErrorLinesAreLookAlikesAndOnlyQueueWriteAbortsAreOverflows() {
        Collector c = Collector.lines(P + "unexpected global error reported (0x00000105), this could be serious",
                P + "device has entered Service Failure Mode!", P + "GERROR MSI write aborted",
                P + "EVTQ MSI write aborted", P + "PRIQ MSI write aborted", P + "CMDQ MSI write aborted",
                P + "CMDQ error (cons 0x02000010): Abort on command fetch", P + "retrying command fetch",
                P + "CMD_SYNC timeout at 0x00000012 [hwprod 0x00000013, hwcons 0x00000011]",
                P + "PRIQ write aborted -- events may have been lost");
        assertTrue(c.faults.isEmpty(), c.faults::toString);
        assertTrue(c.unparsed.isEmpty(), c.unparsed::toString);
        assertEquals(java.util.List.of(P.substring(0, P.length() - 2) + "@10"), c.overflows);
    }

    @Test
    void rawDumpFollowedByTheDecodedLineKeepsThePrintedEventName() {
        LogRecord r = Collector.lines(P + "event 0x10 received:", P + "\t0x0000010000000010", P + "\t0x0000020800000000",
                P + "\t0x0000000000001000", P + "\t0x0000000000000000",
                P + "event: F_TRANSLATION client: 0000:01:00.0 sid: 0x100 ssid: 0x0 iova: 0x1000 ipa: 0x0",
                P + "unpriv data read s1 \"Input address caused fault\" stag: 0x0").only();
        assertEquals("F_TRANSLATION", r.reasonText());
    }

    @Test
    void rawDumpAloneHasNoReasonText() {
        LogRecord r = Collector.lines(P + "event 0x10 received:", P + "\t0x0000010000000010", P + "\t0x0000020800000000",
                P + "\t0x0000000000001000", P + "\t0x0000000000000000").only();
        assertEquals(null, r.reasonText(), "the raw dump prints the id, not a name");
    }

    @Test
    void decodedClientWithAnImpossibleDeviceOrFunctionIsUnparsed() {
        for (String client : new String[] {"0000:01:3f.0", "0000:01:20.0", "0000:01:00.8", "0000:01:00.f"}) {
            Collector alone = Collector.lines(P + "event: F_TRANSLATION client: " + client
                    + " sid: 0x100 ssid: 0x0 iova: 0x1000 ipa: 0x0");
            assertTrue(alone.faults.isEmpty(), client);
            assertEquals(1, alone.unparsed.size(), client);
            assertTrue(alone.unparsed.get(0).why().contains("out of range"), alone.unparsed.get(0).why());
            Collector joined = Collector.lines(P + "event 0x10 received:", P + "\t0x0000010000000010",
                    P + "\t0x0000020800000000", P + "\t0x0000000000001000", P + "\t0x0000000000000000",
                    P + "event: F_TRANSLATION client: " + client + " sid: 0x100 ssid: 0x0 iova: 0x1000 ipa: 0x0");
            assertTrue(joined.faults.isEmpty(), client);
            assertEquals(1, joined.unparsed.size(), client);
        }
        assertEquals("0000:01:1f.7", Collector.lines(P + "event: F_TRANSLATION client: 0000:01:1f.7"
                + " sid: 0x100 ssid: 0x0 iova: 0x1000 ipa: 0x0").only().device());
    }
}
