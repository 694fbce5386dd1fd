package io.faultline.adapters.kernellog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.adapters.armsmmu.ArmSmmuCapture;
import io.faultline.adapters.armsmmu.ArmSmmuFaultDecoder;
import io.faultline.adapters.armsmmu.ArmSmmuRegisters;
import io.faultline.api.Access;
import io.faultline.api.Family;
import io.faultline.api.Stage;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** arm-smmu v1/v2 and qcom_iommu context and global faults, every era (arm-smmu.md §7.2). */
class ArmSmmuLinesTest {
    private static final String P = "arm-smmu 5000000.iommu: ";

    @Test
    void cbfrsynraEra() {
        LogRecord r = Collector.lines(P + "Unhandled context fault: fsr=0x402, iova=0xff3cf000, fsynr=0x300003, "
                + "cbfrsynra=0x409, cb=10").only();
        assertEquals(Family.ARM_SMMU, r.fault().family());
        assertEquals(0x409, r.fault().requesterId());
        assertEquals(Access.READ, r.fault().access());
        assertEquals(Stage.PTE, r.fault().stage());
        assertEquals("TF", r.fault().reason().name());
    }

    @Test
    void privilegedReadAndWriteFromFsynr() {
        assertEquals(Access.of(true, false, false, true), ctx("fsr=0x402, iova=0x1000, fsynr=0x7c0020, cbfrsynra=0x1, cb=0").access());
        assertEquals(Access.WRITE, ctx("fsr=0x402, iova=0x1000, fsynr=0x6f0013, cbfrsynra=0x1, cb=0").access());
    }

    @Test
    void olderErasWithoutCbfrsynraOrFsr() {
        io.faultline.api.Fault noCbfr = ctx("fsr=0x2, iova=0x00001000, fsynr=0x10, cb=1");
        assertFalse(noCbfr.hasRequesterId());
        assertEquals(Stage.PTE, noCbfr.stage());
        io.faultline.api.Fault noFsr = ctx("iova=0x00001000, fsynr=0x10, cb=1");
        assertEquals(Stage.NONE, noFsr.stage(), "no FSR: the cause is unknown");
        assertEquals(Access.WRITE, noFsr.access());
    }

    @Test
    void externalFaultIsPteOnlyWithPtwfAndTlbConflictHasNoStage() {
        assertEquals(Stage.PTE, ctx("fsr=0x10, iova=0x1000, fsynr=0x400, cbfrsynra=0x1, cb=0").stage());
        assertEquals(Stage.NONE, ctx("fsr=0x10, iova=0x1000, fsynr=0x0, cbfrsynra=0x1, cb=0").stage());
        assertEquals(Stage.NONE, ctx("fsr=0x20, iova=0x1000, fsynr=0x0, cbfrsynra=0x1, cb=0").stage());
    }

    @Test
    void qcomIommuAndTegraVariants() {
        LogRecord q = Collector.lines("qcom-iommu 1ef0000.iommu-ctx: Unhandled context fault: fsr=0x402, "
                + "iova=0x00000000ff3cf000, fsynr=0x10, cb=3").only();
        assertEquals(0xff3cf000L, q.fault().address());
        LogRecord t = Collector.lines(P + "Unhandled context fault: fsr=0x402, iova=0x1000, fsynr=0x0, cb=1, sid=25(0x19 - AFI)").only();
        assertEquals(25, t.fault().requesterId());
    }

    @Test
    void detailLinesOf611AndQualcommBelongToTheFault() {
        Collector c = Collector.lines(P + "Unhandled context fault: fsr=0x402, iova=0x1000, fsynr=0x0, cbfrsynra=0x21, cb=5",
                P + "FSR    = 00000402 [Format=2 TF], SID=0x21", P + "FSYNR0 = 00000000 [S1CBNDX=0 PLVL=0]",
                P + "soft iova-to-phys=0x0000000000000000");
        LogRecord r = c.only();
        assertEquals(4, r.text().split("\n").length);
    }

    @Test
    void globalFaultWithItsGfsrLine() {
        LogRecord usf = Collector.lines(P + "Unexpected global fault, this could be serious",
                P + "\tGFSR 0x00000002, GFSYNR0 0x00000002, GFSYNR1 0x00000043, GFSYNR2 0x00000000").only();
        assertEquals(Stage.CONTEXT, usf.fault().stage());
        assertEquals(0x43, usf.fault().requesterId());
        assertEquals(Access.WRITE, usf.fault().access());
        assertFalse(usf.fault().hasAddress(), "sGFAR is not printed");
        LogRecord blocked = Collector.lines(P + "Blocked unknown Stream ID 0x43; boot with \"arm-smmu.disable_bypass=0\" to allow, "
                + "but this may have security implications",
                P + "\tGFSR 0x00000002, GFSYNR0 0x00000002, GFSYNR1 0x00000043, GFSYNR2 0x00000000").only();
        assertEquals(0x43, blocked.fault().requesterId());
        LogRecord caf = Collector.lines(P + "Unexpected global fault, this could be serious",
                P + "\tGFSR 0x00000020, GFSYNR0 0x00000000, GFSYNR1 0x00000000, GFSYNR2 0x00000000").only();
        assertEquals(Stage.NONE, caf.fault().stage());
    }

    @Test
    void globalHeadWithoutGfsrIsTruncated() {
        LogRecord r = Collector.lines(P + "Unexpected global fault, this could be serious", P + "something else").only();
        assertTrue(r.truncated());
        assertEquals(Stage.NONE, r.fault().stage());
    }

    @Test
    void reservedFsrBitsAndSuppressedCount() {
        Collector c = Collector.lines(P + "Unhandled context fault: fsr=0x1000, iova=0x1000, fsynr=0x0, cbfrsynra=0x1, cb=0",
                P + "Unhandled context fault: fsr=0x402, iova=0x1000, fsynr=0x0, cbfrsynra=0x1, cb=999",
                "arm_smmu_context_fault: 41 callbacks suppressed");
        assertEquals(0, c.faults.size());
        assertEquals(2, c.unparsed.size());
        assertTrue(c.unparsed.get(0).why().contains("reserved"));
        assertEquals(41L, c.suppressed.get("arm_smmu_context_fault"));
    }

    /** A printed register value reads the same from a log line as from a capture: same reason, stage, type. */
    @ParameterizedTest
    @ValueSource(ints = {0x402, 0x2, 0x40000000, 0xc0000000, 0x80000002, 0x40000008, 0x100, 0x10})
    void logLineAndCaptureAgreeOnEveryFsr(int fsr) throws Exception {
        io.faultline.api.Fault line = ctx(String.format("fsr=0x%x, iova=0x1000, fsynr=0x400, cbfrsynra=0x21, cb=5", fsr));
        ByteBuffer capture = ByteBuffer.allocate(ArmSmmuCapture.SIZE);
        ArmSmmuCapture.writeContext(capture, 0, fsr, 0x400, 0x1000, 0x21, 5);
        io.faultline.api.Fault decoded = ArmSmmuFaultDecoder.decode(capture, 0);
        assertEquals(decoded.reason(), line.reason());
        assertEquals(decoded.stage(), line.stage());
        assertEquals(decoded.type(), line.type());
        assertEquals(decoded.access(), line.access());
    }

    @Test
    void registerWithNoCauseBitIsCodeZeroAndNoFsrIsUnnamedContextFault() {
        assertEquals(io.faultline.api.Reason.of(0, ArmSmmuRegisters.NO_CAUSE),
                ctx("fsr=0x40000000, iova=0x1000, fsynr=0x0, cbfrsynra=0x1, cb=0").reason());
        assertEquals(io.faultline.api.Reason.named("context fault"), ctx("iova=0x00001000, fsynr=0x10, cb=1").reason());
        LogRecord multiOnly = Collector.lines(P + "Unexpected global fault, this could be serious",
                P + "\tGFSR 0x80000000, GFSYNR0 0x00000000, GFSYNR1 0x00000000, GFSYNR2 0x00000000").only();
        assertEquals(io.faultline.api.Reason.of(0, ArmSmmuRegisters.NO_CAUSE), multiOnly.fault().reason());
    }

    private static io.faultline.api.Fault ctx(String fields) {
        return Collector.lines(P + "Unhandled context fault: " + fields).only().fault();
    }
}
