package io.faultline.adapters;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Absolute little-endian reads and writes on a buffer of any byte order, for the decoders and
 * encoders of every family: IOMMU records are little-endian in memory, while a memory-mapped file
 * arrives as a big-endian buffer. Never changes the buffer's order or position, never allocates
 * (a {@code duplicate().order(...)} per record would).
 */
public final class LittleEndian {
    private LittleEndian() {
    }

    public static int getInt(ByteBuffer buf, int index) {
        int v = buf.getInt(index);
        return buf.order() == ByteOrder.LITTLE_ENDIAN ? v : Integer.reverseBytes(v);
    }

    public static long getLong(ByteBuffer buf, int index) {
        long v = buf.getLong(index);
        return buf.order() == ByteOrder.LITTLE_ENDIAN ? v : Long.reverseBytes(v);
    }

    public static void putInt(ByteBuffer buf, int index, int value) {
        buf.putInt(index, buf.order() == ByteOrder.LITTLE_ENDIAN ? value : Integer.reverseBytes(value));
    }

    public static void putLong(ByteBuffer buf, int index, long value) {
        buf.putLong(index, buf.order() == ByteOrder.LITTLE_ENDIAN ? value : Long.reverseBytes(value));
    }
}
