package io.faultline.adapters.vtd;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Family;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * VT-d record bounds checks and views. Byte access itself is
 * {@link io.faultline.adapters.LittleEndian}: VT-d registers and descriptors are little-endian
 * 64-bit words, and a memory-mapped file arrives as a big-endian buffer by default.
 */
final class Le {
    static final Family FAMILY = Family.INTEL_VTD;

    private Le() {
    }





    /** Rejects a record that does not fit between 0 and the buffer's limit. */
    static void requireBytes(ByteBuffer buf, int offset, int length, String what)
            throws MalformedRecordException {
        if (offset < 0 || offset > buf.limit() - length) {
            throw new MalformedRecordException(FAMILY, offset, what,
                    "truncated: needs " + length + " bytes, buffer limit is " + buf.limit());
        }
    }

    /** A buffer the caller's later order changes cannot affect (a view shares the bytes only). */
    static ByteBuffer view(ByteBuffer buf) {
        return buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }
}
