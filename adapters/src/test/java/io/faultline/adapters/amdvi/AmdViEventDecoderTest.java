package io.faultline.adapters.amdvi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Access;
import io.faultline.api.Family;
import io.faultline.api.FaultType;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class AmdViEventDecoderTest {
    private static final long ADDRESS = 0x0123_4567_89ab_cdefL;

    @ParameterizedTest
    @EnumSource(AmdViEvent.class)
    void everyEventCodeDecodesWithItsReasonStageAndDevice(AmdViEvent e) throws Exception {
        UnrecoverableFault f = AmdViEventDecoder.decode(Entries.event(e.code(), 0x1234, 0, 0, 0, ADDRESS), 0);
        assertEquals(Family.AMD_VI, f.family());
        assertEquals(FaultType.UNRECOVERABLE, f.type());
        assertSame(e.reason(), f.reason());
        assertEquals(e.stage(), f.stage());
        assertEquals(e.hasDeviceId(), f.hasRequesterId());
        if (e.hasDeviceId()) {
            assertEquals(0x1234, f.requesterId());
        }
        assertFalse(f.hasPasid());
        assertTrue(f.hasAddress());
        assertEquals(e == AmdViEvent.RMP_HW_ERROR ? ADDRESS & ~7L : ADDRESS, f.address());
    }

    @ParameterizedTest
    @ValueSource(ints = {0x1, 0x2, 0x4, 0x8})
    void gnMakesDw0AndDw1TheTwentyBitPasid(int code) throws Exception {
        UnrecoverableFault f = AmdViEventDecoder.decode(Entries.event(code, 0x0100, 0xa, AmdViFlags.GN, 0xbcde, 0), 0);
        assertEquals(0xabcde, f.pasid());
        UnrecoverableFault noGn = AmdViEventDecoder.decode(Entries.event(code, 0x0100, 0xa, 0, 0xbcde, 0), 0);
        assertFalse(noGn.hasPasid(), "without GN, DW1[15:0] is a domain id");
    }

    @Test
    void ioPageFaultTrapRwWithoutPresentIsUnknownButWithPresentIsAWrite() throws Exception {
        assertSame(Access.UNKNOWN, AmdViEventDecoder.decode(Entries.pageFault(1, 0, AmdViFlags.RW, 0x1000), 0).access());
        assertSame(Access.WRITE, AmdViEventDecoder.decode(
                Entries.pageFault(1, 0, AmdViFlags.RW | AmdViFlags.PR, 0x1000), 0).access());
        assertSame(Access.UNKNOWN, AmdViEventDecoder.decode(
                Entries.pageFault(1, 0, AmdViFlags.RW | AmdViFlags.PR | AmdViFlags.TR, 0x1000), 0).access());
        assertSame(Access.UNKNOWN, AmdViEventDecoder.decode(
                Entries.pageFault(1, 0, AmdViFlags.RW | AmdViFlags.PR | AmdViFlags.I, 0x1000), 0).access());
    }

    @Test
    void gnExecAndSupervisorFromNxAndUs() throws Exception {
        UnrecoverableFault f = AmdViEventDecoder.decode(
                Entries.pageFault(1, 0x12345, AmdViFlags.GN | AmdViFlags.NX | AmdViFlags.PR, 0x1000), 0);
        assertEquals(Access.of(true, false, true, true), f.access());
        assertEquals(0x12345, f.pasid());
    }

    @Test
    void everyIoPageFaultReservedBitIsRejectedAlone() {
        for (int bit = 20; bit < 32; bit++) {
            ByteBuffer b = Entries.entry(1 << bit | 0x10, 0x2 << 28 | AmdViFlags.PR << 16, 0x1000);
            MalformedRecordException e = assertThrows(MalformedRecordException.class, () -> AmdViEventDecoder.decode(b, 0));
            assertEquals("reserved", e.field(), "DW0 bit " + bit);
        }
        for (int bit = 9; bit < 12; bit++) {
            ByteBuffer b = Entries.pageFault(0x10, 0, 1 << bit, 0x1000);
            MalformedRecordException e = assertThrows(MalformedRecordException.class, () -> AmdViEventDecoder.decode(b, 0));
            assertEquals("reserved", e.field(), "flags bit " + bit);
        }
    }

    @Test
    void reservedBitsOfOtherEventsAreIgnored_unverifiedLayouts() throws Exception {
        UnrecoverableFault cmd = AmdViEventDecoder.decode(Entries.entry(-1, 0x5fff_ffff, 0xa30), 0);
        assertSame(AmdViEvent.ILLEGAL_COMMAND_ERROR.reason(), cmd.reason());
        assertFalse(cmd.hasRequesterId(), "ILLEGAL_COMMAND_ERROR has no DeviceID even when DW0 is not zero");
        assertFalse(cmd.hasPasid());
        UnrecoverableFault idte = AmdViEventDecoder.decode(Entries.event(0x1, 0xa0, 0xfff, 0, 0, 0x1000), 0);
        assertEquals(0xa0, idte.requesterId());
    }

    @Test
    void illegalDevTableEntryReadsEveryFlagAtTheCommonPositions_unverifiedSubset() throws Exception {
        UnrecoverableFault f = AmdViEventDecoder.decode(Entries.event(0x1, 0xa0, 0,
                AmdViFlags.PR | AmdViFlags.RW | AmdViFlags.GN | AmdViFlags.US, 0x7, 0x1000), 0);
        assertEquals(Access.WRITE, f.access());
        assertEquals(0x7, f.pasid());
        assertEquals(Stage.CONTEXT, f.stage());
    }

    @Test
    void pageTabHardwareErrorHighPasidBitsCountOnlyWithGn_unverifiedDw0() throws Exception {
        assertFalse(AmdViEventDecoder.decode(Entries.event(0x4, 0x10, 0xf, 0, 0x22, 0xff8), 0).hasPasid());
        assertEquals(0xf0022, AmdViEventDecoder.decode(Entries.event(0x4, 0x10, 0xf, AmdViFlags.GN, 0x22, 0xff8), 0).pasid());
    }

    @Test
    void invalidDeviceRequestNeverHasAnAccess() throws Exception {
        UnrecoverableFault f = AmdViEventDecoder.decode(
                Entries.event(0x8, 1, 0, AmdViFlags.PR | AmdViFlags.RW | 0xa00, 0, 0xfdf8000020L), 0);
        assertSame(Access.UNKNOWN, f.access());
        assertEquals(Stage.NONE, f.stage());
    }

    @Test
    void invalidPprRequestSplitsThePasidLikeThePprLog_unverifiedFlagMeanings() throws Exception {
        // PASID 0x9abcd: [15:0] in DW0[31:16], [19:16] in DW1[13:10]; GN is the PPR-style 0x100.
        int dw0 = 0xabcd << 16 | 0x2101;
        int dw1 = 0x9 << 28 | 0x104 << 16 | 0x9 << 10 | 0x202;
        UnrecoverableFault f = AmdViEventDecoder.decode(Entries.entry(dw0, dw1, 0x5000), 0);
        assertEquals(0x2101, f.requesterId());
        assertEquals(0x9abcd, f.pasid());
        assertSame(Access.UNKNOWN, f.access());
        UnrecoverableFault noGn = AmdViEventDecoder.decode(Entries.entry(dw0, dw1 & ~(0x100 << 16), 0x5000), 0);
        assertFalse(noGn.hasPasid());
    }

    @Test
    void rmpEventsKeepFlagsRmpOutOfThePasidAndMaskTheHwErrorAddress() throws Exception {
        UnrecoverableFault pf = AmdViEventDecoder.decode(Entries.event(0xd, 0x2200, 0x5, AmdViFlags.GN, 0x11, 0x800003007L), 0);
        assertFalse(pf.hasPasid(), "DW0[23:16] is flags_rmp, not PASID[19:16]");
        assertEquals(0x800003007L, pf.address());
        UnrecoverableFault hw = AmdViEventDecoder.decode(Entries.event(0xe, 0x2202, 0, 0, 1, 0x900008007L), 0);
        assertEquals(0x900008000L, hw.address());
    }

    @Test
    void eventCounterZeroDecodesOnlyTheCode_unverifiedBody() throws Exception {
        UnrecoverableFault f = AmdViEventDecoder.decode(Entries.entry(0x1234, 0xa000_0000 | 0x0fff_ffff, 0), 0);
        assertSame(AmdViEvent.EVENT_COUNTER_ZERO.reason(), f.reason());
        assertFalse(f.hasRequesterId());
        assertFalse(f.hasPasid());
        assertSame(Access.UNKNOWN, f.access());
    }

    @ParameterizedTest
    @ValueSource(ints = {0x0, 0xb, 0xc, 0xf})
    void undefinedCodesAreRejectedWhateverTheOtherBits(int code) {
        ByteBuffer b = Entries.entry(0x10, code << 28 | 0x10 << 16, 0x1000);
        MalformedRecordException e = assertThrows(MalformedRecordException.class, () -> AmdViEventDecoder.decode(b, 0));
        assertEquals("EventCode", e.field());
        assertEquals(Family.AMD_VI, e.family());
    }

    @Test
    void truncatedEntriesAreRejectedAndTheLimitIsRespected() {
        ByteBuffer whole = Entries.pageFault(1, 0, AmdViFlags.PR, 0x1000);
        assertThrows(MalformedRecordException.class, () -> AmdViEventDecoder.decode(whole.limit(15), 0));
        ByteBuffer big = ByteBuffer.allocate(64);
        MalformedRecordException e = assertThrows(MalformedRecordException.class, () -> AmdViEventDecoder.decode(big, 56));
        assertEquals(56, e.offset());
        assertTrue(e.detail().contains("8 of 16"), e.detail());
        assertThrows(MalformedRecordException.class, () -> AmdViEventDecoder.decode(big, 1000));
        assertThrows(IndexOutOfBoundsException.class, () -> AmdViEventDecoder.decode(big, -1));
    }

    @Test
    void decodingNeitherMovesNorChangesTheBuffer() throws Exception {
        ByteBuffer b = Entries.pageFault(1, 0, AmdViFlags.PR, 0x1000);
        byte[] before = b.array().clone();
        b.position(7);
        AmdViEventDecoder.decode(b, 0);
        assertEquals(7, b.position());
        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(b.array()));
        assertEquals(AmdViEventDecoder.decode(b, 0), AmdViEventDecoder.decode(b.asReadOnlyBuffer(), 0));
    }
}
