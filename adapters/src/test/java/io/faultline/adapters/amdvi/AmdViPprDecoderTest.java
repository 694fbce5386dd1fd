package io.faultline.adapters.amdvi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Access;
import io.faultline.api.Family;
import io.faultline.api.PageRequest;
import io.faultline.api.Reason;
import io.faultline.api.Stage;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AmdViPprDecoderTest {

    @Test
    void decodesEveryField() throws Exception {
        PageRequest r = AmdViPprDecoder.decode(Entries.ppr(0x4100, 0xfedcb, 0x1ff, false,
                PprFlags.GN | PprFlags.RD | PprFlags.WR | PprFlags.NX, 0x7f55_1234_5abcL), 0);
        assertEquals(Family.AMD_VI, r.family());
        assertEquals(0x4100, r.requesterId());
        assertEquals(0xfedcb, r.pasid());
        assertEquals(0x1ff, r.groupIndex());
        assertFalse(r.lastInGroup());
        assertEquals(0x7f55_1234_5000L, r.address(), "rounded down to the page");
        assertEquals(Access.of(true, true, true, true), r.access(), "US clear with GN: supervisor");
        assertEquals(Stage.PTE, r.stage());
        assertEquals(Reason.NONE, r.reason());
        assertFalse(r.hasPrivateData());
    }

    @Test
    void theLastInGroupBitIsNotPartOfTheGroupIndex() throws Exception {
        PageRequest r = AmdViPprDecoder.decode(Entries.ppr(1, 1, 0x005, true, PprFlags.GN | PprFlags.RD, 0), 0);
        assertEquals(5, r.groupIndex());
        assertTrue(r.lastInGroup());
    }

    @Test
    void withoutGnThereIsNoPasidNoExecAndNoPrivilege() throws Exception {
        PageRequest r = AmdViPprDecoder.decode(Entries.ppr(1, 0, 3, true, PprFlags.RD | PprFlags.NX, 0x2000), 0);
        assertFalse(r.hasPasid());
        assertEquals(Access.READ, r.access());
    }

    @Test
    void aPasidWithoutGnIsAnImpossibleCombination() {
        for (int pasid : new int[] {1, 0x10000, 0xfffff}) {
            ByteBuffer b = Entries.ppr(1, pasid, 3, true, PprFlags.RD, 0x2000);
            MalformedRecordException e = assertThrows(MalformedRecordException.class, () -> AmdViPprDecoder.decode(b, 0));
            assertEquals("PASID", e.field());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0x001, 0x008, 0x010, 0x200, 0x400, 0x800})
    void flagBitsLinuxDoesNotDefineAreReserved(int bit) {
        ByteBuffer b = Entries.ppr(1, 1, 3, true, PprFlags.GN | bit, 0x2000);
        assertEquals("flags", assertThrows(MalformedRecordException.class, () -> AmdViPprDecoder.decode(b, 0)).field());
    }

    @Test
    void reservedDw1Bits15And14AreRejected() {
        for (int bit : new int[] {14, 15}) {
            ByteBuffer b = Entries.ppr(1, 1, 3, true, PprFlags.GN, 0x2000);
            b.putInt(4, b.getInt(4) | 1 << bit);
            assertEquals("DW1[15:14]", assertThrows(MalformedRecordException.class,
                    () -> AmdViPprDecoder.decode(b, 0)).field());
        }
    }

    @Test
    void anEntryNotWrittenYetIsRejectedEvenIfOtherBitsLanded() {
        ByteBuffer b = Entries.ppr(1, 1, 3, true, PprFlags.GN, 0x2000);
        b.putInt(4, b.getInt(4) & 0x0fff_ffff);
        MalformedRecordException e = assertThrows(MalformedRecordException.class, () -> AmdViPprDecoder.decode(b, 0));
        assertEquals("PPRCode", e.field());
        assertTrue(e.detail().contains("not written yet"));
    }

    @Test
    void truncatedEntriesAreRejected() {
        ByteBuffer b = Entries.ppr(1, 1, 3, true, PprFlags.GN, 0x2000).limit(12);
        assertTrue(assertThrows(MalformedRecordException.class, () -> AmdViPprDecoder.decode(b, 0))
                .detail().contains("truncated"));
    }
}
