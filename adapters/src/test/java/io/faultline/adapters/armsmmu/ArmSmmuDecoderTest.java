package io.faultline.adapters.armsmmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Access;
import io.faultline.api.Family;
import io.faultline.api.Fault;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Field-level checks the vectors do not pin down: stalls, errors and their offsets, lenient bits. */
class ArmSmmuDecoderTest {
    private static final int TF_FORMAT2 = 0x402;

    static ByteBuffer context(int fsr, int fsynr0, long far, int cbfrsynra, int cb) {
        ByteBuffer b = ByteBuffer.allocate(ArmSmmuCapture.SIZE);
        ArmSmmuCapture.writeContext(b, 0, fsr, fsynr0, far, cbfrsynra, cb);
        return b;
    }

    static ByteBuffer global(int gfsr, int gfsynr0, int gfsynr1) {
        ByteBuffer b = ByteBuffer.allocate(ArmSmmuCapture.SIZE);
        ArmSmmuCapture.writeGlobal(b, 0, gfsr, gfsynr0, gfsynr1, 0, 0x1000);
        return b;
    }

    static MalformedRecordException error(ByteBuffer b, int offset) {
        MalformedRecordException e = assertThrows(MalformedRecordException.class,
                () -> ArmSmmuFaultDecoder.decode(b, offset));
        assertEquals(Family.ARM_SMMU, e.family());
        return e;
    }

    @Test
    void aStalledContextFaultIsAPageRequestOfItsBankAnsweredThroughCbResume() throws Exception {
        Fault f = ArmSmmuFaultDecoder.decode(context(ArmSmmuRegisters.FSR_SS | TF_FORMAT2, 0x10, 0xdead000, 0x21, 5), 0);
        PageRequest p = assertInstanceOf(PageRequest.class, f);
        assertEquals(5, p.groupIndex());
        assertTrue(p.lastInGroup());
        assertFalse(p.hasPrivateData());
        assertFalse(p.hasPasid());
        assertSame(Stage.PTE, p.stage());
        assertSame(Access.WRITE, p.access());
        assertEquals("TF", p.reason().name());
        assertEquals(ArmSmmuRegisters.RESUME_RETRY, ArmSmmuRegisters.resumeValue(PageResponse.SUCCESS));
        assertEquals(ArmSmmuRegisters.RESUME_TERMINATE, ArmSmmuRegisters.resumeValue(PageResponse.INVALID));
        assertEquals(ArmSmmuRegisters.RESUME_TERMINATE, ArmSmmuRegisters.resumeValue(PageResponse.FAILURE));
        // Without SS the same registers are an unrecoverable fault.
        assertInstanceOf(UnrecoverableFault.class, ArmSmmuFaultDecoder.decode(context(TF_FORMAT2, 0x10, 0, 0x21, 5), 0));
    }

    @Test
    void anExternalFaultIsAPageTableFaultOnlyDuringAWalk() throws Exception {
        int ef = ArmSmmuRegisters.FSR_EF;
        assertSame(Stage.PTE, ArmSmmuFaultDecoder.decode(context(ef, ArmSmmuRegisters.FSYNR0_PTWF, 0, 0, 0), 0).stage());
        assertSame(Stage.NONE, ArmSmmuFaultDecoder.decode(context(ef, 0, 0, 0, 0), 0).stage());
        assertSame(Stage.PTE, ArmSmmuFaultDecoder.decode(context(ArmSmmuRegisters.FSR_ASF, 0, 0, 0, 0), 0).stage());
        assertSame(Stage.NONE, ArmSmmuFaultDecoder.decode(context(ArmSmmuRegisters.FSR_TLBLKF, 0, 0, 0, 0), 0).stage());
    }

    @Test
    void plvlNeverMakesAPgdFault() throws Exception {
        for (int plvl = 0; plvl < 4; plvl++) {
            assertSame(Stage.PTE, ArmSmmuFaultDecoder.decode(context(TF_FORMAT2, plvl, 0, 0, 0), 0).stage());
        }
    }

    @Test
    void reasonNamesJoinTheCauseBitsInTableOrderWithOneInstancePerCode() throws Exception {
        Fault f = ArmSmmuFaultDecoder.decode(context(0x1fe, 0, 0, 0, 0), 0);
        assertEquals(0x1fe, f.reason().code());
        assertEquals("TF|AFF|PF|EF|TLBMCF|TLBLKF|ASF|UUT", f.reason().name());
        assertSame(f.reason(), ArmSmmuFaultDecoder.decode(context(0x1fe | 1 << 31, 0, 0, 0, 0), 0).reason());
        assertEquals("ICF|USF|SMCF|UCBF|UCIF|CAF|EF|PF|UUT", ArmSmmuRegisters.gfsrReason(0x1ff).name());
        assertEquals("PF|ASF", ArmSmmuRegisters.fsrReason(0x88).name());
        assertSame(ArmSmmuRegisters.gfsrReason(0x6), ArmSmmuRegisters.gfsrReason(0x80000006));
    }

    @Test
    void onlyMultiOrOnlyStalledIsAcceptedWithReasonCodeZero() throws Exception {
        Fault multi = ArmSmmuFaultDecoder.decode(context(ArmSmmuRegisters.FSR_MULTI, 0, 0, 0, 0), 0);
        assertEquals(0, multi.reason().code());
        assertEquals(ArmSmmuRegisters.NO_CAUSE, multi.reason().name());
        assertSame(Stage.NONE, multi.stage());
        Fault global = ArmSmmuFaultDecoder.decode(global(ArmSmmuRegisters.GFSR_MULTI, 0, 0), 0);
        assertEquals(0, global.reason().code());
        assertSame(Stage.NONE, global.stage());
    }

    @Test
    void globalFaultsOfTheStreamMappingAreContextFaultsTheOthersHaveNoStage() throws Exception {
        int[] context = {ArmSmmuRegisters.GFSR_ICF, ArmSmmuRegisters.GFSR_USF, ArmSmmuRegisters.GFSR_SMCF,
                ArmSmmuRegisters.GFSR_UCBF};
        for (int bit : context) {
            assertSame(Stage.CONTEXT, ArmSmmuFaultDecoder.decode(global(bit, 0, 0), 0).stage(), Integer.toHexString(bit));
        }
        int[] none = {ArmSmmuRegisters.GFSR_UCIF, ArmSmmuRegisters.GFSR_CAF, ArmSmmuRegisters.GFSR_EF,
                ArmSmmuRegisters.GFSR_PF, ArmSmmuRegisters.GFSR_UUT};
        for (int bit : none) {
            assertSame(Stage.NONE, ArmSmmuFaultDecoder.decode(global(bit, 0, 0), 0).stage(), Integer.toHexString(bit));
        }
        Fault f = ArmSmmuFaultDecoder.decode(global(ArmSmmuRegisters.GFSR_USF, 0xe, 0x00070043), 0);
        assertEquals(0x43, f.requesterId(), "GFSYNR1 [15:0]; the SSD index above is not the stream");
        assertSame(Access.of(false, true, true, true), f.access());
        assertEquals(0x1000, f.address());
    }

    @Test
    void errorsNameTheRegisterAndItsByteInTheBuffer() {
        ByteBuffer b = ByteBuffer.allocate(100);
        ArmSmmuCapture.writeContext(b, 40, 0x602, 0, 0, 0, 0); // FORMAT=3
        MalformedRecordException e = error(b, 40);
        assertEquals("FSR", e.field());
        assertEquals(44, e.offset());
        assertEquals("FSR FORMAT=3 is reserved", e.detail());

        ArmSmmuCapture.writeContext(b, 40, TF_FORMAT2, 0, 0, 0, 256);
        e = error(b, 40);
        assertEquals("context-bank index", e.field());
        assertEquals(64, e.offset());

        ArmSmmuCapture.writeGlobal(b, 40, 0x202, 0, 0, 0, 0); // reserved GFSR bit 9
        e = error(b, 40);
        assertEquals("GFSR", e.field());
        assertEquals(44, e.offset());
        assertTrue(e.detail().contains("0x200"), e.detail());

        b.putInt(40, 2);
        e = error(b, 40);
        assertEquals("kind", e.field());
        assertEquals(40, e.offset());
    }

    @Test
    void truncatedCapturesAreRejectedAtTheLimitNotTheCapacity() throws Exception {
        ByteBuffer b = context(TF_FORMAT2, 0, 0, 0, 0);
        ArmSmmuFaultDecoder.decode(b, 0);
        b.limit(27);
        MalformedRecordException e = error(b, 0);
        assertEquals("capture", e.field());
        assertEquals(0, e.offset());
        assertTrue(e.detail().contains("27 bytes"), e.detail());
        assertEquals("capture", error(b, -4).field());
        assertEquals("capture", error(b, 1000).field());
    }

    @Test
    void upperStreamIdBitsOfCbfrsynraAreIgnoredNotRejected() throws Exception {
        // Bits above [15:0] may hold an SSD index; NVIDIA Tegra needed masking ("top bits not RAZ").
        Fault f = ArmSmmuFaultDecoder.decode(context(TF_FORMAT2, 0, 0, 0xabcd_0012, 0), 0);
        assertEquals(0x12, f.requesterId());
    }

    @Test
    void specOnlyFsynr0BitsNsstateAndAtofAreAcceptedAndIgnored_unverified() throws Exception {
        // NSSTATE (bit 7) and ATOF (bit 9) rest on IHI 0062 alone: no access, stage or error is built on them.
        Fault plain = ArmSmmuFaultDecoder.decode(context(TF_FORMAT2, 0x20, 0x4000, 3, 1), 0);
        Fault spec = ArmSmmuFaultDecoder.decode(context(TF_FORMAT2, 0x20 | ArmSmmuRegisters.FSYNR0_NSSTATE
                | ArmSmmuRegisters.FSYNR0_ATOF | 0xff00_f000, 0x4000, 3, 1), 0);
        assertEquals(plain, spec);
    }

    @Test
    void writersCheckBoundsAndWriteNothingThatDoesNotFit() {
        ByteBuffer b = ByteBuffer.allocate(30);
        assertThrows(IndexOutOfBoundsException.class, () -> ArmSmmuCapture.writeContext(b, 3, -1, -1, -1, -1, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> ArmSmmuCapture.writeGlobal(b, -1, -1, -1, -1, -1, -1));
        for (int i = 0; i < b.capacity(); i++) {
            assertEquals(0, b.get(i), "byte " + i);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> ArmSmmuCapture.word(b, 0, 7));
    }
}
