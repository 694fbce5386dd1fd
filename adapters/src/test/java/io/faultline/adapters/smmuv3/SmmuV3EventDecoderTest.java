package io.faultline.adapters.smmuv3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.smmuv3.SmmuV3EventType.Field;
import io.faultline.api.Access;
import io.faultline.api.Fault;
import io.faultline.api.PageRequest;
import io.faultline.api.Reason;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SmmuV3EventDecoderTest {
    /** dword1 with PnU, InD and RnW set: a privileged instruction read, where the event carries them. */
    private static final long ACCESS_BITS = 1L << 33 | 1L << 34 | 1L << 35;

    private static long d0(int id, int streamId) {
        return id | (long) streamId << 32;
    }

    @Test
    void readsLittleEndianAtAnAbsoluteOffsetWhateverTheBuffersOrderAndPositionAndLeavesItAlone() throws Exception {
        ByteBuffer le = ByteBuffer.allocate(96).order(ByteOrder.LITTLE_ENDIAN);
        le.putLong(40, 0x0000018000000010L).putLong(48, 0x0000020100000000L).putLong(56, 0xffffe040L)
                .putLong(64, 0xffffe000L);
        ByteBuffer be = ByteBuffer.wrap(le.array()).order(ByteOrder.BIG_ENDIAN);
        be.position(7).limit(90);
        Fault f = SmmuV3EventDecoder.decode(be, 40);
        assertEquals(0x180, f.requesterId());
        assertEquals(0xffffe040L, f.address());
        assertSame(Access.WRITE, f.access());
        assertEquals(7, be.position());
        assertEquals(90, be.limit());
        assertEquals(ByteOrder.BIG_ENDIAN, be.order());
        assertEquals(f, SmmuV3EventDecoder.decode(le, 40));
    }

    @Test
    void errorsNameTheByteOffsetInTheBufferAndTheField() {
        ByteBuffer buf = ByteBuffer.allocate(128).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(64, d0(0x10, 1) | 1L << 9);
        MalformedRecordException reserved = assertThrows(MalformedRecordException.class,
                () -> SmmuV3EventDecoder.decode(buf, 64));
        assertEquals(65, reserved.offset());
        assertEquals("dword0[10:8]", reserved.field());

        buf.putLong(64, d0(0x13, 1)).putLong(72, 3L << 40);
        MalformedRecordException cls = assertThrows(MalformedRecordException.class,
                () -> SmmuV3EventDecoder.decode(buf, 64));
        assertEquals(64 + 13, cls.offset());
        assertEquals("CLASS", cls.field());

        buf.putLong(64, d0(0x0f, 1));
        MalformedRecordException unknown = assertThrows(MalformedRecordException.class,
                () -> SmmuV3EventDecoder.decode(buf, 64));
        assertEquals(64, unknown.offset());
        assertEquals("EventID", unknown.field());
        assertTrue(unknown.detail().contains("0x0f"), unknown.detail());

        MalformedRecordException truncated = assertThrows(MalformedRecordException.class,
                () -> SmmuV3EventDecoder.decode(buf, 100));
        assertEquals(100, truncated.offset());
        assertTrue(truncated.detail().startsWith("truncated"), truncated.detail());
        buf.limit(95);
        assertThrows(MalformedRecordException.class, () -> SmmuV3EventDecoder.decode(buf, 64), "the limit counts");
        assertThrows(MalformedRecordException.class, () -> SmmuV3EventDecoder.decode(buf, -1));
    }

    @Test
    void theUnknownIdCheckComesBeforeTheReservedBitsCheck() {
        MalformedRecordException e = assertThrows(MalformedRecordException.class,
                () -> SmmuV3EventDecoder.decode(-1L, -1L, -1L, -1L));
        assertEquals("EventID", e.field());
    }

    @Test
    void everyIdOutsideTheTableIsRejected() throws Exception {
        for (int id = 0; id < 256; id++) {
            SmmuV3EventType t = SmmuV3EventType.ofId(id);
            if (t == null) {
                final long d0 = d0(id, 1);
                assertThrows(MalformedRecordException.class, () -> SmmuV3EventDecoder.decode(d0, 0, 0, 0), "id " + id);
            } else {
                assertEquals(id, t.id());
                assertSame(t.reason(), SmmuV3EventDecoder.decode(d0(id, 1), 0, 0, 0).reason(), "one Reason per id");
            }
        }
        assertNull(SmmuV3EventType.ofId(-1));
        assertNull(SmmuV3EventType.ofId(256));
    }

    @ParameterizedTest
    @EnumSource(SmmuV3EventType.class)
    void eachEventsReasonIsItsIdAndName(SmmuV3EventType t) {
        assertEquals(t.id(), t.reason().code());
        assertEquals(t.name(), t.reason().name());
        assertSame(t, SmmuV3EventType.ofReason(Reason.of(t.id(), t.name())));
        assertNull(SmmuV3EventType.ofReason(Reason.of(t.id(), "OTHER")));
        assertNull(SmmuV3EventType.ofReason(Reason.NONE));
    }

    /** Trap 3: access bits exist only in the events that carry them, whatever the bits say. */
    @ParameterizedTest
    @EnumSource(SmmuV3EventType.class)
    void accessBitsOnlyForEventsThatCarryThem(SmmuV3EventType t) throws Exception {
        // CLASS=IN keeps the 0x0B / 0x10-0x13 records valid; bit 31 (Stall) is left clear.
        Fault f = SmmuV3EventDecoder.decode(d0(t.id(), 9), ACCESS_BITS | 2L << 40, 0x1000, 0);
        assertEquals(t.carries(Field.RNW), f.access().read(), "read");
        assertFalse(f.access().write(), "RnW=1 is a read");
        assertEquals(t.carries(Field.IND), f.access().exec(), "exec");
        assertEquals(t.carries(Field.PNU), f.access().privileged(), "privileged");
        assertEquals(t.carries(Field.INPUT_ADDR), f.hasAddress(), "address only where InputAddr is carried");
        if (!t.carries(Field.RNW)) {
            assertEquals(ACCESS_BITS | 2L << 40, SmmuV3Event.of(d0(t.id(), 9), ACCESS_BITS | 2L << 40, 0x1000, 0)
                    .otherBits(1) & (ACCESS_BITS | 2L << 40), "uncarried bits stay visible as residue");
        }
    }

    @ParameterizedTest
    @EnumSource(SmmuV3EventType.class)
    void stageFollowsTheTableAndNullStageEventsGetNone(SmmuV3EventType t) throws Exception {
        Set<SmmuV3EventType> context = EnumSet.of(SmmuV3EventType.C_BAD_STREAMID, SmmuV3EventType.F_STE_FETCH,
                SmmuV3EventType.C_BAD_STE, SmmuV3EventType.F_STREAM_DISABLED, SmmuV3EventType.F_TRANSL_FORBIDDEN);
        Set<SmmuV3EventType> pasid = EnumSet.of(SmmuV3EventType.C_BAD_SUBSTREAMID, SmmuV3EventType.F_CD_FETCH,
                SmmuV3EventType.C_BAD_CD);
        Set<SmmuV3EventType> walk = EnumSet.of(SmmuV3EventType.F_WALK_EABT, SmmuV3EventType.F_TRANSLATION,
                SmmuV3EventType.F_ADDR_SIZE, SmmuV3EventType.F_ACCESS, SmmuV3EventType.F_PERMISSION);
        for (int cls = 0; cls < 3; cls++) {
            for (long s2 = 0; s2 < 2; s2++) {
                Stage stage = SmmuV3EventDecoder.decode(d0(t.id(), 1), (long) cls << 40 | s2 << 39, 0, 0).stage();
                Stage want = context.contains(t) ? Stage.CONTEXT
                        : pasid.contains(t) ? Stage.PASID
                        : !walk.contains(t) ? Stage.NONE
                        : cls == 0 && s2 == 1 ? Stage.PASID : Stage.PTE;
                assertEquals(want, stage, "CLASS=" + cls + " S2=" + s2);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SmmuV3EventType.class)
    void stallMakesAPageRequestOnlyForEventsThatCarryStall(SmmuV3EventType t) throws Exception {
        Fault f = SmmuV3EventDecoder.decode(d0(t.id(), 0x77), 1L << 31 | 0xbeef | 2L << 40, 0, 0);
        if (t.canStall()) {
            PageRequest p = assertInstanceOf(PageRequest.class, f);
            assertEquals(0xbeef, p.groupIndex());
            assertTrue(p.lastInGroup());
            assertFalse(p.hasPrivateData());
        } else {
            assertInstanceOf(UnrecoverableFault.class, f);
        }
    }

    @Test
    void stallTagsUseAll16BitsAndStreamIdsAll32() throws Exception {
        PageRequest p = (PageRequest) SmmuV3EventDecoder.decode(d0(0x10, 0xffffffff), 1L << 31 | 0xffff | 2L << 40, 0, 0);
        assertEquals(0xffff, p.groupIndex());
        assertEquals(0xffffffffL, Integer.toUnsignedLong(p.requesterId()));
    }

    @Test
    void pasidOnlyWithSsvAndPasidZeroIsARealPasid() throws Exception {
        Fault withSsv = SmmuV3EventDecoder.decode(d0(0x08, 1) | 1L << 11, 0, 0, 0);
        assertTrue(withSsv.hasPasid());
        assertEquals(0, withSsv.pasid());
        // QEMU writes C_BAD_SUBSTREAMID's SubstreamID without SSV: no PASID, but the raw view keeps it.
        long qemu = d0(0x08, 1) | 0x1234L << 12;
        assertFalse(SmmuV3EventDecoder.decode(qemu, 0, 0, 0).hasPasid());
        assertEquals(0x1234, SmmuV3Event.of(qemu, 0, 0, 0).substreamId());
        assertFalse(SmmuV3Event.of(qemu, 0, 0, 0).ssv());
    }

    /** Trap 1 and 5: the address is InputAddr, never IPA or FetchAddr in dword3. */
    @Test
    void theAddressIsNeverDword3() throws Exception {
        assertEquals(0xffffe040L, SmmuV3EventDecoder.decode(d0(0x10, 1), 2L << 40, 0xffffe040L, 0xffffe000L).address());
        Fault cdFetch = SmmuV3EventDecoder.decode(d0(0x09, 1), 0, 0x5000, 0x4000000c0L);
        assertFalse(cdFetch.hasAddress());
        assertEquals(0x4000000c0L, SmmuV3Event.of(d0(0x09, 1), 0, 0x5000, 0x4000000c0L).fetchAddr());
        assertEquals(0x5000, SmmuV3Event.of(d0(0x09, 1), 0, 0x5000, 0x4000000c0L).otherBits(2),
                "QEMU's dword2 placement stays visible as residue");
    }

    @Test
    void aTruncatedDumpLeavesTheFieldsOfMissingDwordsUnset() throws Exception {
        long d0 = d0(0x10, 0x180) | 1L << 11 | 5L << 12;
        Fault onlyD0 = SmmuV3Event.truncated(d0).toFault();
        assertEquals(0x180, onlyD0.requesterId());
        assertEquals(5, onlyD0.pasid());
        assertFalse(onlyD0.hasAddress());
        assertSame(Access.UNKNOWN, onlyD0.access());
        assertEquals(Stage.NONE, onlyD0.stage(), "CLASS and S2 unknown: no guessed stage");
        assertInstanceOf(UnrecoverableFault.class, onlyD0);

        Fault twoDwords = SmmuV3Event.truncated(d0, 1L << 35 | 2L << 40).toFault();
        assertEquals(Stage.PTE, twoDwords.stage());
        assertSame(Access.READ, twoDwords.access());
        assertFalse(twoDwords.hasAddress());
        assertEquals(0, SmmuV3Event.truncated(d0, 0).otherBits(3));
        assertEquals(2, SmmuV3Event.truncated(d0, 0).dwordCount());
        assertThrows(IllegalArgumentException.class, () -> SmmuV3Event.truncated());
        assertThrows(MalformedRecordException.class, () -> SmmuV3Event.truncated(0L).toFault());
    }

    @Test
    void rawViewPrintsNameIdsAndDwords() {
        String s = SmmuV3Event.of(d0(0x10, 0x180), 0x0000020100000000L, 0xffffe040L, 0xffffe000L).toString();
        assertTrue(s.startsWith("F_TRANSLATION sid=0x180"), s);
        assertTrue(s.contains("0x0000020100000000"), s);
        assertTrue(SmmuV3Event.of(d0(0x0f, 1), 0, 0, 0).toString().startsWith("UNKNOWN(0x0f)"));
    }
}
