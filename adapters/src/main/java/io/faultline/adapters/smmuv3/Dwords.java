package io.faultline.adapters.smmuv3;

import io.faultline.adapters.LittleEndian;
import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Family;
import java.nio.ByteBuffer;

/** SMMUv3 64-bit words in queue memory ({@link LittleEndian}) and the bit-field helpers the decoders share. */
final class Dwords {
    private Dwords() {
    }

    /** A record of {@code length} bytes at {@code offset} must end within the buffer's limit. */
    static void checkLength(ByteBuffer buf, int offset, int length, String what) throws MalformedRecordException {
        if (offset < 0 || offset > buf.limit() - length) {
            throw new MalformedRecordException(Family.ARM_SMMU_V3, offset, what, "truncated: " + length
                    + " bytes needed at offset " + offset + ", buffer limit is " + buf.limit());
        }
    }

    static long get(ByteBuffer buf, int offset) {
        return LittleEndian.getLong(buf, offset);
    }

    static void put(ByteBuffer buf, int offset, long value) {
        LittleEndian.putLong(buf, offset, value);
    }

    /** Bits [hi:lo] of {@code v}, shifted down. */
    static long bits(long v, int hi, int lo) {
        return (v >>> lo) & mask(hi - lo + 1);
    }

    static boolean bit(long v, int n) {
        return (v >>> n & 1) != 0;
    }

    /** Mask of bits [hi:lo] in place. */
    static long field(int hi, int lo) {
        return mask(hi - lo + 1) << lo;
    }

    private static long mask(int width) {
        return width == 64 ? -1L : (1L << width) - 1;
    }
}
