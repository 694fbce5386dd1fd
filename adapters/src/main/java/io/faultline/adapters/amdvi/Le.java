package io.faultline.adapters.amdvi;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Family;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Little-endian absolute reads and writes whatever the buffer's own order, without touching its
 * order or position (a caller's buffer is never mutated by a decoder).
 */
final class Le {
    /** Every AMD-Vi log entry and command is 128 bits. */
    static final int ENTRY = 16;

    private Le() {
    }

    static int getInt(ByteBuffer b, int offset) {
        int v = b.getInt(offset);
        return b.order() == ByteOrder.LITTLE_ENDIAN ? v : Integer.reverseBytes(v);
    }

    static long getLong(ByteBuffer b, int offset) {
        long v = b.getLong(offset);
        return b.order() == ByteOrder.LITTLE_ENDIAN ? v : Long.reverseBytes(v);
    }

    static void putInt(ByteBuffer b, int offset, int v) {
        b.putInt(offset, b.order() == ByteOrder.LITTLE_ENDIAN ? v : Integer.reverseBytes(v));
    }

    static void putLong(ByteBuffer b, int offset, long v) {
        b.putLong(offset, b.order() == ByteOrder.LITTLE_ENDIAN ? v : Long.reverseBytes(v));
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
