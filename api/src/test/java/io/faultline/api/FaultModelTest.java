package io.faultline.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FaultModelTest {

    @Test
    void stageTableFollowsTheSeedDesign() {
        assertEquals(Culprit.HOST_IOMMU_DRIVER, Stage.CONTEXT.culprit());
        assertEquals(Culprit.GUEST_IOMMU_DRIVER_OR_HOST_USER_SPACE, Stage.PASID.culprit());
        assertEquals(Culprit.GUEST_IOMMU_DRIVER, Stage.PGD.culprit());
        assertEquals(Culprit.DEVICE_DRIVER, Stage.PTE.culprit());
        assertEquals(Culprit.UNKNOWN, Stage.NONE.culprit());
        assertEquals(DefaultAction.SHUT_DOWN_DEVICE, Stage.CONTEXT.defaultAction());
        assertEquals(DefaultAction.LOG_ONLY, Stage.NONE.defaultAction());
        assertFalse(Stage.CONTEXT.guestVisible());
        assertFalse(Stage.NONE.guestVisible());
        assertTrue(Stage.PASID.guestVisible() && Stage.PGD.guestVisible() && Stage.PTE.guestVisible());
    }

    @Test
    void linuxNumberingIsKept() {
        assertEquals(1, FaultType.UNRECOVERABLE.linuxCode());
        assertEquals(2, FaultType.PAGE_REQUEST.linuxCode());
        assertEquals(0, PageResponse.SUCCESS.linuxCode());
        assertEquals(1, PageResponse.INVALID.linuxCode());
        assertEquals(2, PageResponse.FAILURE.linuxCode());
    }

    @Test
    void accessIsInternedAndSummarisedAsTriageExpects() {
        assertSame(Access.of(true, false, false, false), Access.READ);
        assertSame(Access.of(false, false, false, false), Access.UNKNOWN);
        assertEquals("write", Access.of(true, true, false, false).summary(), "read-write counts as write");
        assertEquals("exec", Access.of(true, false, true, true).summary());
        assertEquals("unknown", Access.UNKNOWN.summary());
        assertEquals("read|exec|priv", Access.of(true, false, true, true).toString());
        assertFalse(Access.of(false, false, true, true).read(), "exec and privileged never imply read");
    }

    @Test
    void unsetFieldsMeanTheSourceDidNotSay() {
        UnrecoverableFault f = UnrecoverableFault.builder(Family.ARM_SMMU_V3).build();
        assertFalse(f.hasRequesterId());
        assertFalse(f.hasPasid());
        assertFalse(f.hasAddress());
        assertEquals(Stage.NONE, f.stage());
        assertSame(Reason.NONE, f.reason());
        assertSame(Access.UNKNOWN, f.access());
        assertEquals(Culprit.UNKNOWN, f.culprit());
    }

    @Test
    void pasidZeroIsAValidPasidAndOutOfRangeIsRejected() {
        assertTrue(UnrecoverableFault.builder(Family.SYNTHETIC).pasid(0).build().hasPasid());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UnrecoverableFault.builder(Family.SYNTHETIC).pasid(0x100000));
        assertTrue(e.getMessage().contains("20 bits"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PageRequest.builder(Family.SYNTHETIC).groupIndex(-1));
    }

    @Test
    void faultsAreValuesAndPrintReadably() {
        UnrecoverableFault a = UnrecoverableFault.builder(Family.ARM_SMMU_V3).requesterId(0x180).address(0xffffe040L)
                .access(Access.WRITE).stage(Stage.PTE).reason(Reason.of(0x10, "F_TRANSLATION")).build();
        UnrecoverableFault b = UnrecoverableFault.builder(Family.ARM_SMMU_V3).requesterId(0x180).address(0xffffe040L)
                .access(Access.WRITE).stage(Stage.PTE).reason(Reason.of(0x10, "F_TRANSLATION")).build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, UnrecoverableFault.builder(Family.ARM_SMMU_V3).requesterId(0x181).build());
        assertEquals("UNRECOVERABLE PTE [arm-smmu-v3] rid=0x180 addr=0xffffe040 write reason=0x10 F_TRANSLATION",
                a.toString());
        PageRequest p = PageRequest.builder(Family.INTEL_VTD).requesterId(0x10).pasid(5).groupIndex(3).lastInGroup(true)
                .address(0x1000).access(Access.READ).privateData(0xabL).build();
        assertEquals(Stage.PTE, p.stage(), "a page request is a missing leaf mapping by default");
        assertEquals("PAGE_REQUEST PTE [intel-vtd] rid=0x10 pasid=0x5 addr=0x1000 read group=3 last private=0xab",
                p.toString());
    }

    @Test
    void reasonsKeepTheirRawCode() {
        assertEquals("0x6 PTE Read access is not set", Reason.of(6, "PTE Read access is not set").toString());
        assertFalse(Reason.named("IO_PAGE_FAULT").hasCode());
        assertThrows(IllegalArgumentException.class, () -> Reason.of(-2, "x"));
        assertEquals(Family.AMD_VI, Family.ofId("amd-vi"));
        assertThrows(IllegalArgumentException.class, () -> Family.ofId("nope"));
    }

    @Test
    void aGroupEndsWithItsLastRequest() {
        PageRequest first = PageRequest.builder(Family.SYNTHETIC).groupIndex(1).build();
        PageRequest last = PageRequest.builder(Family.SYNTHETIC).groupIndex(1).lastInGroup(true).build();
        PageRequestGroup g = PageRequestGroup.of(List.of(first, last));
        assertSame(last, g.last());
        assertEquals(2, g.size());
        assertThrows(IllegalArgumentException.class, () -> PageRequestGroup.of(List.of(last, first)));
        assertThrows(IllegalArgumentException.class, () -> PageRequestGroup.of(List.of()));
    }

    @Test
    void generatedCodeNullChecksNameTheHandler() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> FaultDispatcher.requireResponse(null, "Pager.onPage"));
        assertTrue(e.getMessage().startsWith("Pager.onPage returned null"), e.getMessage());
        assertSame(Disposition.HANDLED, FaultDispatcher.requireDisposition(Disposition.HANDLED, "X.y"));
    }
}
