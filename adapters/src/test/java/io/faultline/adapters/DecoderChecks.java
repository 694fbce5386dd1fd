package io.faultline.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.api.Family;
import io.faultline.api.Fault;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Checks every Netty-style decoder ({@code decode(ByteBuffer, int)}) must pass, for any family's fuzz
 * and vector tests: only {@link MalformedRecordException} may leave it, and the result may not
 * depend on the buffer's byte order, position or the record's offset.
 */
public final class DecoderChecks {
    private DecoderChecks() {
    }

    /** A family's {@code decode(buf, offset)}. */
    @FunctionalInterface
    public interface Decoder {
        Fault decode(ByteBuffer buf, int offset) throws MalformedRecordException;
    }

    /**
     * The fuzz oracle: {@code data} is rejected with a {@link MalformedRecordException} of
     * {@code family} whose offset lies inside the input, or accepted the same from a big-endian
     * buffer at another offset. Any other exception propagates and fails the run.
     */
    public static void decodeOnly(byte[] data, Family family, Decoder d) {
        Fault little;
        try {
            little = d.decode(ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN), 0);
        } catch (MalformedRecordException e) {
            assertEquals(family, e.family());
            assertTrue(e.offset() >= 0 && e.offset() < Math.max(data.length, 1), e.getMessage());
            return;
        }
        try {
            assertEquals(little, d.decode(foreign(data, 3), 3));
        } catch (MalformedRecordException e) {
            throw new AssertionError("accepted little-endian, rejected big-endian: " + e.getMessage(), e);
        }
    }

    /**
     * {@code bytes} at {@code offset} of a big-endian buffer whose other bytes are 0x5A and whose
     * position is 1: what a decoder must read exactly as it reads {@code bytes} alone.
     */
    public static ByteBuffer foreign(byte[] bytes, int offset) {
        ByteBuffer big = ByteBuffer.allocate(offset + bytes.length + 7).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < big.capacity(); i++) {
            big.put(i, (byte) 0x5A);
        }
        big.put(offset, bytes, 0, bytes.length);
        big.position(1);
        return big;
    }
}
