package io.faultline.adapters.amdvi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds AMD-Vi entries for tests, straight from the reference's bit positions. */
final class Entries {
    private Entries() {
    }

    /** A 16-byte little-endian heap buffer holding DW0, DW1 and the 64-bit address (DW3:DW2). */
    static ByteBuffer entry(int dw0, int dw1, long address) {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, dw0).putInt(4, dw1).putLong(8, address);
        return b;
    }

    /**
     * An event with the common layout: DeviceID DW0[15:0], PASID[19:16] DW0[19:16], domain or
     * PASID[15:0] DW1[15:0], flags DW1[27:16], code DW1[31:28].
     */
    static ByteBuffer event(int code, int deviceId, int dw0High, int flags, int dw1Low, long address) {
        return entry(deviceId | dw0High << 16, code << 28 | flags << 16 | dw1Low, address);
    }

    /** An IO_PAGE_FAULT carrying a 20-bit PASID (caller sets GN in flags to make it valid). */
    static ByteBuffer pageFault(int deviceId, int pasid, int flags, long address) {
        return event(0x2, deviceId, pasid >>> 16, flags, pasid & 0xffff, address);
    }

    /** A PPR log PAGE_SERVICE_REQUEST: PASID[15:0] DW0[31:16], tag DW1[8:0], LIP DW1[9], PASID[19:16] DW1[13:10]. */
    static ByteBuffer ppr(int deviceId, int pasid, int tag, boolean last, int flags, long address) {
        int dw0 = deviceId | (pasid & 0xffff) << 16;
        int dw1 = tag | (last ? 0x200 : 0) | (pasid >>> 16) << 10 | flags << 16 | 1 << 28;
        return entry(dw0, dw1, address);
    }

    /** Copies the 16 bytes of {@code entry} into {@code ring} at {@code offset}. */
    static void put(ByteBuffer ring, int offset, ByteBuffer entry) {
        for (int i = 0; i < 16; i++) {
            ring.put(offset + i, entry.get(i));
        }
    }

    /** The 16 bytes copied into a buffer of the other byte order, at {@code offset} inside a larger buffer. */
    static ByteBuffer bigEndianAt(byte[] bytes, int offset) {
        ByteBuffer b = ByteBuffer.allocate(offset + bytes.length + 7).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < bytes.length; i++) {
            b.put(offset + i, bytes[i]);
        }
        return b;
    }
}
