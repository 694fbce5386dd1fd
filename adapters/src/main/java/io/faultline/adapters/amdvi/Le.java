package io.faultline.adapters.amdvi;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Family;
import java.nio.ByteBuffer;

/**
 * AMD-Vi entry bounds checks. Byte access itself is {@link io.faultline.adapters.LittleEndian}
 * (little-endian whatever the buffer's order; a caller's buffer is never mutated by a decoder).
 */
final class Le {
    /** Every AMD-Vi log entry and command is 128 bits. */
    static final int ENTRY = 16;

    private Le() {
    }





    /**
     * Checks that a whole 16-byte entry lies below the buffer's limit.
     *
     * @throws MalformedRecordException when it does not (a truncated record)
     * @throws IndexOutOfBoundsException for a negative offset (a caller's bug, not bad data)
     */
    static void requireEntry(ByteBuffer b, int offset, String what) throws MalformedRecordException {
        if (offset < 0) {
            throw new IndexOutOfBoundsException("negative offset " + offset);
        }
        int available = b.limit() - offset;
        if (available < ENTRY) {
            throw new MalformedRecordException(Family.AMD_VI, offset, what,
                    "truncated: " + Math.max(available, 0) + " of 16 bytes");
        }
    }
}
