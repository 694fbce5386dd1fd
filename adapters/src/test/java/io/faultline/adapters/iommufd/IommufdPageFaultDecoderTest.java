package io.faultline.adapters.iommufd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Family;
import io.faultline.api.PageRequest;
import io.faultline.api.Reason;
import io.faultline.api.Stage;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class IommufdPageFaultDecoderTest {

    private static PageRequest decode(PgFault r) throws MalformedRecordException {
        return IommufdPageFaultDecoder.decode(ByteBuffer.wrap(r.bytes()), 0);
    }

    private static MalformedRecordException reject(PgFault r, int at) {
        ByteBuffer buf = ByteBuffer.allocate(at + 40);
        buf.put(at, r.bytes());
        return assertThrows(MalformedRecordException.class, () -> IommufdPageFaultDecoder.decode(buf, at));
    }

    @Test
    void flagsBit2IsTheLeakedNeedsPasidFlagAndIgnored() throws Exception {
        PageRequest r = decode(PgFault.last(3, 7, 2, 1).withFlags(1 | 2 | 4));
        assertEquals(7, r.pasid());
        assertTrue(r.lastInGroup());
    }

    @Test
    void undefinedPermBitsAreRejectedAtThePermField() {
        MalformedRecordException e = reject(new PgFault(2, 1, 0, 0, 0x10, 0, 0, 0, 1), 80);
        assertEquals(80 + 16, e.offset());
        assertEquals("perm", e.field());
        assertEquals(Family.IOMMUFD, e.family());
    }

    @Test
    void aValidPasidWiderThan20BitsIsRejectedButIgnoredWithoutPasidValid() throws Exception {
        MalformedRecordException e = reject(new PgFault(3, 1, 0x100000, 0, 1, 0, 0, 0, 1), 0);
        assertEquals(8, e.offset());
        assertEquals("pasid", e.field());
        assertFalse(decode(new PgFault(2, 1, 0x100000, 0, 1, 0, 0, 0, 1)).hasPasid());
    }

    @Test
    void aGroupIdWithBit31SetIsRejected() {
        MalformedRecordException e = reject(new PgFault(2, 1, 0, 0x8000_0000, 1, 0, 0, 0, 1), 40);
        assertEquals(52, e.offset());
        assertEquals("grpid", e.field());
    }

    @Test
    void aRecordCutByTheBufferLimitIsATypedErrorAtTheRecordStart() {
        ByteBuffer buf = ByteBuffer.allocate(79);
        MalformedRecordException e = assertThrows(MalformedRecordException.class,
                () -> IommufdPageFaultDecoder.decode(buf, 40));
        assertEquals(40, e.offset());
        assertEquals("record length", e.field());
        assertThrows(MalformedRecordException.class, () -> IommufdPageFaultDecoder.decode(buf, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> IommufdPageFaultDecoder.cookie(buf, 40));
    }

    @Test
    void aPageRequestHasTheLeafStageNoReasonAndNoPrivateData() throws Exception {
        PageRequest r = decode(new PgFault(0, 0xfffffffe, 0, 0xbeef, 0xf, 0xdead, -1L, 99, 5));
        assertEquals(Stage.PTE, r.stage());
        assertEquals(Reason.NONE, r.reason());
        assertFalse(r.hasPrivateData());
        assertFalse(r.lastInGroup());
        assertEquals(0xbeef, r.groupIndex());
        assertEquals(-1L, r.address());
        assertEquals(0xfffffffe, r.requesterId());
        assertTrue(r.access().read() && r.access().write() && r.access().exec() && r.access().privileged());
    }

    @Test
    void readLengthsMustBeWholeRecords() throws Exception {
        IommufdPageFaultDecoder.checkReadLength(0, 0);
        IommufdPageFaultDecoder.checkReadLength(120, 0);
        MalformedRecordException e = assertThrows(MalformedRecordException.class,
                () -> IommufdPageFaultDecoder.checkReadLength(125, 1000));
        assertEquals(1120, e.offset(), "the offset of the incomplete tail");
        assertThrows(IllegalArgumentException.class, () -> IommufdPageFaultDecoder.checkReadLength(-1, 0));
    }
}
