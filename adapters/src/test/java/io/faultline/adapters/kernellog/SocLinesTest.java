package io.faultline.adapters.kernellog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.api.Access;
import io.faultline.api.Family;
import io.faultline.api.Stage;
import org.junit.jupiter.api.Test;

/** SoC IOMMU lines (linux-fault-model.md §4): stage only where §4 allows, access never defaulted. */
class SocLinesTest {

    @Test
    void aStatusWithBit31SetIsReportedWithItsNameNotAnException() {
        LogRecord omap = Collector.lines("omap-iommu 55082000.mmu: 55082000.mmu: errs:0x80000002 da:0x9f000000 "
                + "pgd:0x00000000c1a2b3c4 *pgd:px00000000").only();
        assertEquals(0x9f000000L, omap.fault().address());
        assertEquals(io.faultline.api.Reason.named("errs"), omap.fault().reason(), "no int reason code holds 0x80000002");
        LogRecord ipmmu = Collector.lines("ipmmu-vmsa e67b0000.mmu: Unhandled fault: status 0x80000104 iova 0x12345000").only();
        assertEquals(0x12345000L, ipmmu.fault().address());
        assertEquals(io.faultline.api.Reason.named("Unhandled fault"), ipmmu.fault().reason());
        assertEquals(0x104, Collector.lines("ipmmu-vmsa e67b0000.mmu: Unhandled fault: status 0x00000104 iova 0x1000")
                .only().fault().reason().code(), "a status that fits keeps its code");
    }

    @Test
    void rockchipWithWalkLinesIsOneRecordAndValidBitsGivePermission() {
        String p = "[ 42.2] rk_iommu ff650800.iommu: ";
        Collector c = Collector.lines(p + "Page fault at 0x0000000004382010 of type read",
                p + "iova = 0x04382010: dte_index: 0x10 pte_index: 0x382 page_offset: 0x10",
                p + "mmu_dte_addr: 0x0000000031d6c000 dte@0x0000000031d6c040: 0x31d6d001 valid: 1 "
                        + "pte@0x0000000031d6de08: 0x2a000007 valid: 1 page@0x000000002a000000 flags: 0x7");
        LogRecord r = c.only();
        assertEquals(Family.ROCKCHIP_IOMMU, r.fault().family());
        assertEquals(Access.READ, r.fault().access());
        assertEquals(Stage.PTE, r.fault().stage());
        assertEquals("permission", r.fault().reason().name());
        assertNull(r.device());
        assertEquals("rk_iommu ff650800.iommu", r.source());
        assertNull(r.note());
    }

    @Test
    void rockchipAloneSaysWalkDetailMissingAndBusErrorHasNoStage() {
        Collector c = Collector.lines("rk_iommu ff650800.iommu: Page fault at 0x0000000004382010 of type write",
                "rk_iommu ff650800.iommu: BUS_ERROR occurred at 0x0000000000001000",
                "rk_iommu ff650800.iommu: Enable stall request timed out, status: 0x00004b");
        assertEquals(2, c.faults.size());
        assertEquals("walk detail missing", c.faults.get(1).note().equals("walk detail missing")
                ? c.faults.get(1).note() : c.faults.get(0).note());
        LogRecord bus = c.faults.stream().filter(r -> r.line() == 2).findFirst().orElseThrow();
        assertEquals(Stage.NONE, bus.fault().stage());
        assertTrue(c.unparsed.isEmpty());
    }

    @Test
    void mediatekAllFormsTranslationBitGivesPte() {
        String[] lines = {"mtk-iommu 10205000.iommu: fault type=0x5 iova=0x1000 pa=0x0 larb=0 port=3",
            "mtk-iommu 10205000.iommu: fault type=0x1 iova=0x1000 pa=0x0 larb=0 port=3 layer=1 write",
            "mtk-iommu 10205000.iommu: fault type=0x280 iova=0x1000 pa=0x0 master=0x1e3(larb=1 port=3) layer=0 read",
            "mtk-iommu 10205000.iommu: fault type=0x2 iova=0x1000 pa=0x0 larb=0 port=3 layer=0 read",
            "mtk-iommu 10205000.iommu: iommu fault type=0x1 iova=0x1000 pa=0x0 larb=2 port=1 is_vpu=0 layer=0 read"};
        Collector c = Collector.lines(lines);
        assertEquals(5, c.faults.size(), c.unparsed::toString);
        assertEquals(Access.UNKNOWN, c.faults.get(0).fault().access(), "v1 has no direction");
        assertEquals(Stage.PTE, c.faults.get(0).fault().stage());
        assertEquals(Access.WRITE, c.faults.get(1).fault().access());
        assertEquals(Stage.PTE, c.faults.get(2).fault().stage());
        assertEquals(Stage.NONE, c.faults.get(3).fault().stage(), "multi-hit is not a translation stage");
        assertEquals(Stage.PTE, c.faults.get(4).fault().stage());
    }

    @Test
    void tegraMcSmmuPageFaultIsPteOtherErrorsAreNot() {
        Collector c = Collector.lines(
                "tegra-mc 70019000.memory-controller: gpusrd: read @0x00000000fffff000: Page fault (SMMU translation error [--S])",
                "tegra-mc 70019000.memory-controller: dc0r: secure write @0x0000000080000000: EMEM address decode error (EMEM decode error)",
                "tegra-mc 70019000.memory-controller: unknown interrupt channel 0x00000001");
        assertEquals(2, c.faults.size(), c.unparsed::toString);
        assertEquals(Stage.PTE, c.faults.get(0).fault().stage());
        assertEquals(Access.READ, c.faults.get(0).fault().access());
        assertEquals(Stage.NONE, c.faults.get(1).fault().stage());
        assertEquals(Access.WRITE, c.faults.get(1).fault().access());
        assertTrue(c.unparsed.isEmpty());
    }

    @Test
    void exynosOldAndNewFormsAndTheGuessedDirection() {
        Collector c = Collector.lines("exynos-sysmmu 13e80000.sysmmu: fimd: AW PTW FAULT occurred at 0x1000",
                "exynos-sysmmu 13e80000.sysmmu: fimd: [READ] PAGE FAULT occurred at 0x2000",
                "exynos-sysmmu 13e80000.sysmmu: Page table base: 0x0000000040000000",
                "exynos-sysmmu 13e80000.sysmmu: \tLv1 entry: 0x40001001",
                "exynos-sysmmu 13e80000.sysmmu: fimd: [WRITE] ACCESS PROTECTION FAULT occurred at 0x3000",
                "exynos-sysmmu 13e80000.sysmmu: fimd: [READ] MULTI-HIT FAULT occurred at 0x4000");
        assertEquals(4, c.faults.size(), c.unparsed::toString);
        assertEquals(Stage.PGD, c.faults.get(0).fault().stage());
        assertEquals(Access.WRITE, c.faults.get(0).fault().access());
        LogRecord page = c.faults.get(1);
        assertEquals(Stage.PTE, page.fault().stage());
        assertEquals(Access.UNKNOWN, page.fault().access(), "v1-v3 label PAGE as READ by table");
        assertEquals(3, page.text().split("\n").length, "page-table dump belongs to the fault");
        assertEquals(Stage.PTE, c.faults.get(2).fault().stage());
        assertEquals(Stage.NONE, c.faults.get(3).fault().stage());
        assertEquals(Access.READ, c.faults.get(3).fault().access());
    }

    @Test
    void ipmmuAbortMergesWithItsUnhandledLine_statusBitPositionsUnverified() {
        String p = "ipmmu-vmsa e67b0000.mmu: ";
        Collector c = Collector.lines(p + "Page Table Walk Abort @0x12345000", p + "Unhandled fault: status 0x00000104 iova 0x12345000",
                p + "Multiple TLB hits @0x00001000", p + "Unhandled fault: status 0x00000002 iova 0x00002000");
        assertEquals(3, c.faults.size(), c.faults::toString);
        assertEquals(Stage.PGD, c.faults.get(0).fault().stage());
        assertEquals(2, c.faults.get(0).text().split("\n").length);
        assertEquals(Access.UNKNOWN, c.faults.get(0).fault().access());
        assertTrue(c.faults.stream().anyMatch(r -> r.fault().stage() == Stage.NONE), "MHIT alone");
        assertTrue(c.faults.stream().anyMatch(r -> r.fault().stage() == Stage.PTE && r.fault().address() == 0x2000));
    }

    @Test
    void appleDartNamesGiveStageAndAccess() {
        String p = "apple-dart 382f00000.iommu: translation fault: status:0x1 stream:3 code:0x";
        Collector c = Collector.lines(p + "1 (WRITE FAULT) at 0x1000", p + "8 (NO TTBR FOR IOVA) at 0x2000",
                p + "4 (NO PTE FOR IOVA) at 0x3000", p + "3 (unknown) at 0x4000");
        assertEquals(4, c.faults.size());
        assertEquals(Access.WRITE, c.faults.get(0).fault().access());
        assertEquals(3, c.faults.get(0).fault().requesterId());
        assertEquals(Stage.CONTEXT, c.faults.get(1).fault().stage());
        assertEquals(Stage.PTE, c.faults.get(2).fault().stage());
        assertEquals(Access.UNKNOWN, c.faults.get(2).fault().access());
        assertEquals(Stage.NONE, c.faults.get(3).fault().stage());
    }

    @Test
    void sun50iRdIsOnlyAGuess() {
        Collector c = Collector.lines("sun50i-iommu 30f0000.iommu: Page fault for 0x0000000001000000 (master 3, dir rd)",
                "sun50i-iommu 30f0000.iommu: Page fault while iommu not attached to any domain?",
                "sun50i-iommu 30f0000.iommu: Page fault for 0x0000000001000000 (master 3, dir wr)");
        assertEquals(2, c.faults.size());
        assertEquals(Access.UNKNOWN, c.faults.get(0).fault().access());
        assertEquals("direction guessed by driver", c.faults.get(0).note());
        assertEquals(Access.WRITE, c.faults.get(1).fault().access());
        assertEquals(Stage.PTE, c.faults.get(1).fault().stage());
    }

    @Test
    void remoteprocLineMergesWithTheOmapLine_errsBitsUnverified() {
        Collector c = Collector.lines("remoteproc remoteproc0: iommu fault: da 0x9f000000 flags 0x0",
                "omap-iommu 55082000.mmu: 55082000.mmu: errs:0x00000002 da:0x9f000000 pgd:0x00000000c1a2b3c4 *pgd:px00000000",
                "remoteproc remoteproc0: crash detected in 55020000.ipu: type mmufault");
        LogRecord r = c.only();
        assertEquals(Stage.PTE, r.fault().stage());
        assertEquals(0x9f000000L, r.fault().address());
        LogRecord alone = Collector.lines("remoteproc remoteproc0: iommu fault: da 0x9f000000 flags 0x1").only();
        assertEquals(Stage.NONE, alone.fault().stage());
        assertEquals(Access.WRITE, alone.fault().access());
        LogRecord walk = Collector.lines("omap-iommu 55082000.mmu: 55082000.mmu: errs:0x00000008 da:0x9f000000 "
                + "pgd:0x00000000c1a2b3c4 *pgd:0x9e001c01 pte:0x00000000c1a2b3c8 *pte:0x00000000").only();
        assertEquals(Stage.PGD, walk.fault().stage());
    }

    @Test
    void msmIommuDumpGivesOneRecordPerContext() {
        Collector c = Collector.lines("msm_iommu: Unexpected IOMMU page fault!", "msm_iommu: base = 08e2a000",
                "msm_iommu: Fault occurred in context 1.", "msm_iommu: Interesting registers:",
                "msm_iommu: FAR    = 40001000    PAR    = 00000000", "msm_iommu: FSR    = 00000002 [TF ]",
                "msm_iommu: FSYNR0 = 00000000    FSYNR1 = 00000000", "msm_iommu: Fault occurred in context 2.",
                "msm_iommu: FAR    = 50000000    PAR    = 00000000", "msm_iommu: FSR    = 00000040 [HTWSEEF ]",
                "usb 1-1: something");
        assertEquals(2, c.faults.size(), c.unparsed::toString);
        assertEquals(0x40001000L, c.faults.get(0).fault().address());
        assertEquals(Stage.PTE, c.faults.get(0).fault().stage());
        assertEquals(3, c.faults.get(0).line());
        assertEquals(Stage.PGD, c.faults.get(1).fault().stage());
        assertFalse(c.faults.get(1).truncated());
    }

    @Test
    void eachSocFaultCarriesItsDriversFamily() {
        String[][] cases = {
            {"rockchip-iommu", "rk_iommu ff650800.iommu: BUS_ERROR occurred at 0x0000000000001000"},
            {"mtk-iommu", "mtk-iommu 10205000.iommu: fault type=0x5 iova=0x1000 pa=0x0 larb=0 port=3"},
            {"tegra-mc", "tegra-mc 70019000.memory-controller: gpusrd: read @0x00000000fffff000: Page fault "
                    + "(SMMU translation error [--S])"},
            {"exynos-sysmmu", "exynos-sysmmu 13e80000.sysmmu: fimd: AW PTW FAULT occurred at 0x1000"},
            {"ipmmu-vmsa", "ipmmu-vmsa e67b0000.mmu: Unhandled fault: status 0x00000002 iova 0x00002000"},
            {"apple-dart", "apple-dart 382f00000.iommu: translation fault: status:0x1 stream:3 code:0x1 (WRITE FAULT) at 0x1"},
            {"sun50i-iommu", "sun50i-iommu 30f0000.iommu: Page fault for 0x0000000001000000 (master 3, dir wr)"},
            {"omap-iommu", "omap-iommu 55082000.mmu: 55082000.mmu: errs:0x00000002 da:0x9f000000 pgd:0x00000000c1a2b3c4 "
                    + "*pgd:px00000000"},
            {"msm-iommu", "msm_iommu: Unexpected IOMMU page fault!"}};
        for (String[] k : cases) {
            assertEquals(Family.ofId(k[0]), Collector.lines(k[1]).only().fault().family(), k[1]);
        }
        assertEquals(Family.OMAP_IOMMU, Collector.lines("remoteproc remoteproc0: iommu fault: da 0x9f000000 flags 0x0",
                "omap-iommu 55082000.mmu: 55082000.mmu: errs:0x00000002 da:0x9f000000 pgd:0x00000000c1a2b3c4 "
                        + "*pgd:px00000000").only().fault().family(), "merged with the OMAP line");
        assertEquals(Family.KERNEL_LOG, Collector.lines("remoteproc remoteproc0: iommu fault: da 0x9f000000 flags 0x1")
                .only().fault().family(), "remoteproc alone names no IOMMU");
    }

    @Test
    void lookAlikesOfSection411AreNotFaults() {
        Collector c = Collector.lines("rk_iommu ff650800.iommu: Enable stall request timed out, status: 0x00004b",
                "rk_iommu ff650800.iommu: iova: 0x0000000000001000 already mapped to 0x0000000010000000 cannot remap to phys: 0x0000000020000000 prot: 0x3",
                "mtk-iommu 10205000.iommu: Partial TLB flush timed out, falling back to full flush",
                "exynos-sysmmu 13e80000.sysmmu: hardware version: 3.3",
                "ipmmu-vmsa e67b0000.mmu: TLB sync timed out -- MMU may be deadlocked",
                "apple-dart 382f00000.iommu: DART [pagesize 4000, bypass support: 1, bypass forced: 0] initialized",
                "omap-iommu 55082000.mmu: bogus pte 0x0, da 0x1000", "remoteproc remoteproc0: recovering 55020000.ipu",
                "msm_iommu: Invalid device ID in context interrupt handler",
                "rk-vcodec ff360000.rkvdec: vcodec, fault addr 0x00151800 status 6b");
        assertEquals(0, c.faults.size(), c.faults::toString);
        assertEquals(0, c.unparsed.size(), c.unparsed::toString);
    }

    @Test
    void brokenSocLinesAreUnparsed() {
        Collector c = Collector.lines("rk_iommu ff650800.iommu: Page fault at 0xzz of type write",
                "apple-dart 382f00000.iommu: translation fault: status:0x1 stream:-3 code:0x1 (WRITE FAULT) at 0x1000",
                "sun50i-iommu 30f0000.iommu: Page fault for 0x1000 (master 99, dir wr)");
        assertEquals(0, c.faults.size());
        assertEquals(3, c.unparsed.size());
    }

    @Test
    void reasonTextIsTheNameTheLinePrints() {
        String[][] named = {
            {"NO PTE FOR IOVA", "apple-dart 382f00000.iommu: translation fault: status:0x1 stream:3 code:0x4 (NO PTE FOR IOVA) at 0x1"},
            {"unknown", "apple-dart 382f00000.iommu: translation fault: status:0x1 stream:3 code:0x3 (unknown) at 0x1"},
            {"AR PAGE", "exynos-sysmmu 13e80000.sysmmu: fimd: AR PAGE FAULT occurred at 0x1000"},
            {"ACCESS PROTECTION", "exynos-sysmmu 13e80000.sysmmu: fimd: [WRITE] ACCESS PROTECTION FAULT occurred at 0x3000"},
            {"Page fault", "tegra-mc 70019000.memory-controller: gpusrd: read @0x00000000fffff000: Page fault "
                    + "(SMMU translation error [--S])"},
            {"EMEM address decode error", "tegra-mc 70019000.memory-controller: dc0r: secure write @0x0000000080000000: "
                    + "EMEM address decode error (EMEM decode error)"},
            {"Page Table Walk Abort", "ipmmu-vmsa e67b0000.mmu: Page Table Walk Abort @0x12345000"},
            {"Multiple TLB hits", "ipmmu-vmsa e67b0000.mmu: Multiple TLB hits @0x00001000"},
            {"BUS_ERROR", "rk_iommu ff650800.iommu: BUS_ERROR occurred at 0x0000000000001000"}};
        for (String[] k : named) {
            assertEquals(k[0], Collector.lines(k[1]).only().reasonText(), k[1]);
        }
        String p = "ipmmu-vmsa e67b0000.mmu: ";
        assertEquals("Page Table Walk Abort", Collector.lines(p + "Page Table Walk Abort @0x12345000",
                p + "Unhandled fault: status 0x00000104 iova 0x12345000").only().reasonText(), "merged with its Unhandled line");
        Collector msm = Collector.lines("msm_iommu: Unexpected IOMMU page fault!", "msm_iommu: Fault occurred in context 1.",
                "msm_iommu: FAR    = 40001000    PAR    = 00000000", "msm_iommu: FSR    = 00000042 [TF HTWSEEF ]",
                "msm_iommu: Fault occurred in context 2.", "msm_iommu: FAR    = 50000000    PAR    = 00000000");
        assertEquals("TF HTWSEEF", msm.faults.get(0).reasonText());
        assertNull(msm.faults.get(1).reasonText(), "no FSR line printed for context 2");
    }

    @Test
    void linesThatPrintNoReasonNameKeepReasonTextNull() {
        String[] lines = {"rk_iommu ff650800.iommu: Page fault at 0x0000000004382010 of type write",
            "rk_iommu ff650800.iommu: unexpected int_status: 0x00000010",
            "mtk-iommu 10205000.iommu: fault type=0x5 iova=0x1000 pa=0x0 larb=0 port=3",
            "sun50i-iommu 30f0000.iommu: Page fault for 0x0000000001000000 (master 3, dir wr)",
            "ipmmu-vmsa e67b0000.mmu: Unhandled fault: status 0x00000002 iova 0x00002000",
            "omap-iommu 55082000.mmu: 55082000.mmu: errs:0x00000002 da:0x9f000000 pgd:0x00000000c1a2b3c4 *pgd:px00000000",
            "remoteproc remoteproc0: iommu fault: da 0x9f000000 flags 0x1"};
        for (String l : lines) {
            assertNull(Collector.lines(l).only().reasonText(), l);
        }
    }
}
