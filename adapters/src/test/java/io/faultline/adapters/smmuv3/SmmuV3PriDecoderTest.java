package io.faultline.adapters.smmuv3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Access;
import io.faultline.api.PageRequest;
import io.faultline.api.Reason;
import io.faultline.api.Stage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmmuV3PriDecoderTest {

    @Test
    void decodesEveryFieldAtItsPosition() throws Exception {
        long d0 = 0xdeadbeefL | 0xabcdeL << 32 | 1L << 58 | 1L << 59 | 1L << 63;
        long d1 = 0x1ffL | 0xfedcba9876543000L;
        PageRequest p = SmmuV3PriDecoder.decode(d0, d1);
        assertEquals(0xdeadbeef, p.requesterId());
        assertEquals(0xabcde, p.pasid());
        assertSame(Access.of(false, false, true, true), p.access());
        assertFalse(p.lastInGroup());
        assertEquals(0x1ff, p.groupIndex());
        assertEquals(0xfedcba9876543000L, p.address(), "bits [11:0] are not address");
        assertEquals(Stage.PTE, p.stage());
        assertSame(Reason.NONE, p.reason());
    }

    @Test
    void noPasidWithoutSsvEvenWhenTheSubstreamIdIsNonZero() throws Exception {
        PageRequest p = SmmuV3PriDecoder.decode(1L | 5L << 32 | 1L << 62 | 1L << 60, 0x2001);
        assertFalse(p.hasPasid());
        assertTrue(p.lastInGroup());
        assertSame(Access.READ, p.access());
    }

    @ParameterizedTest
    @ValueSource(ints = {52, 53, 54, 55, 56, 57})
    void reservedBitsOfDword0AreRejected(int bit) {
        MalformedRecordException e = assertThrows(MalformedRecordException.class,
                () -> SmmuV3PriDecoder.decode(1L << bit, 0));
        assertEquals("dword0[57:52]", e.field());
        assertEquals(6, e.offset());
    }

    @ParameterizedTest
    @ValueSource(ints = {9, 10, 11})
    void reservedBitsOfDword1AreRejectedWithTheBufferOffset(int bit) {
        ByteBuffer buf = ByteBuffer.allocate(48).order(ByteOrder.BIG_ENDIAN);
        buf.putLong(32 + 8, Long.reverseBytes(1L << bit));
        MalformedRecordException e = assertThrows(MalformedRecordException.class,
                () -> SmmuV3PriDecoder.decode(buf, 32));
        assertEquals("dword1[11:9]", e.field());
        assertEquals(32 + 9, e.offset());
    }
}
