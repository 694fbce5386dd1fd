package io.faultline.adapters.iommufd;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Absolute little-endian access to a buffer of any byte order, without changing the buffer's order
 * or position and without allocating (a {@code duplicate().order(...)} would allocate per record).
 */
final class LittleEndian {
    private LittleEndian() {
    }

    static int getInt(ByteBuffer buf, int index) {
        int v = buf.getInt(index);
        return buf.order() == ByteOrder.LITTLE_ENDIAN ? v : Integer.reverseBytes(v);
    }

    static long getLong(ByteBuffer buf, int index) {
        long v = buf.getLong(index);
        return buf.order() == ByteOrder.LITTLE_ENDIAN ? v : Long.reverseBytes(v);
    }

    static void putInt(ByteBuffer buf, int index, int value) {
        buf.putInt(index, buf.order() == ByteOrder.LITTLE_ENDIAN ? value : Integer.reverseBytes(value));
    }

    static void putLong(ByteBuffer buf, int index, long value) {
        buf.putLong(index, buf.order() == ByteOrder.LITTLE_ENDIAN ? value : Long.reverseBytes(value));
    }
}
