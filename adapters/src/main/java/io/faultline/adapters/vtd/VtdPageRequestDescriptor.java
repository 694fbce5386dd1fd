package io.faultline.adapters.vtd;

import io.faultline.adapters.LittleEndian;
import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Access;
import io.faultline.api.PageRequest;
import java.nio.ByteBuffer;

/**
 * Decoder of one 256-bit scalable-mode page request descriptor (VT-d 3.x and later) from the page
 * request queue. QW0: Type, PP, PDP, RID, PASID, ERR, PMR. QW1: RDR, WRR, LPIG, PRGI, ADDR. QW2/QW3:
 * 128 bits of private data when PDP = 1 (VT-d 3.x only).
 */
public final class VtdPageRequestDescriptor {
    /** Bytes per descriptor. */
    public static final int SIZE = 32;
    /** Type field value of a page request descriptor. */
    public static final int TYPE = 0x01;

    private static final long QW0_RESERVED = 0x3FL << 10 | 0x3FFL << 54;

    private VtdPageRequestDescriptor() {
    }

    /**
     * Whether the descriptor is a well-formed PCIe stop marker (type 1, no reserved QW0 bits, LPIG = 1,
     * no read, no write): not a fault, no response. A malformed one is left to {@link #decode} to reject.
     */
    public static boolean isStopMarker(ByteBuffer buf, int offset) {
        if (offset < 0 || offset > buf.limit() - SIZE) {
            return false;
        }
        long qw0 = LittleEndian.getLong(buf, offset);
        return (qw0 & 0xFF) == TYPE && (qw0 & QW0_RESERVED) == 0 && (LittleEndian.getLong(buf, offset + 8) & 7) == 4;
    }

    /**
     * Decodes the descriptor at absolute {@code offset}; the buffer's position and order are ignored.
     * {@link PageRequest#lastInGroup()} is LPIG, or PDP (a VT-d 3.x request with private data is owed
     * its own response, as Linux 5.0-6.9 treated it). With PDP = 1, {@link PageRequest#privateData()}
     * holds QW2, the low 64 of the 128 private bits; {@link #privateDataHigh} reads QW3.
     *
     * @throws MalformedRecordException if the descriptor is truncated, not of type 1, a stop marker,
     *         has reserved bits (15:10, 63:54) set, or has QW2/QW3 non-zero without PDP
     */
    public static PageRequest decode(ByteBuffer buf, int offset) throws MalformedRecordException {
        Le.requireBytes(buf, offset, SIZE, "PRQ descriptor");
        long qw0 = LittleEndian.getLong(buf, offset);
        long qw1 = LittleEndian.getLong(buf, offset + 8);
        int type = (int) qw0 & 0xFF;
        if (type != TYPE) {
            throw new MalformedRecordException(Le.FAMILY, offset, "Type",
                    String.format("descriptor type 0x%02x is not a page request (0x01)", type));
        }
        if ((qw0 & QW0_RESERVED) != 0) {
            int at = (qw0 & 0x3FL << 10) != 0 ? offset + 1 : offset + 6;
            throw new MalformedRecordException(Le.FAMILY, at, "rsvd",
                    "reserved bits in QW0 are non-zero: 0x" + Long.toHexString(qw0 & QW0_RESERVED));
        }
        if ((qw1 & 7) == 4) {
            throw new MalformedRecordException(Le.FAMILY, offset + 8, "LPIG",
                    "stop marker (LPIG=1, no read, no write): not a fault, no response");
        }
        boolean pdp = (qw0 >>> 9 & 1) != 0;
        long qw2 = LittleEndian.getLong(buf, offset + 16);
        if (!pdp && (qw2 | LittleEndian.getLong(buf, offset + 24)) != 0) {
            throw new MalformedRecordException(Le.FAMILY, offset + 16, "QW2",
                    "private data words are non-zero but PDP is clear");
        }
        return build(qw0, qw1, pdp, qw2);
    }

    /**
     * The request as well as it can be read, without any check but length and type: for answering a
     * malformed request that closes a group with INVALID, so the device is not left waiting.
     */
    static PageRequest decodeLenient(ByteBuffer buf, int offset) {
        long qw0 = LittleEndian.getLong(buf, offset);
        boolean pdp = (qw0 >>> 9 & 1) != 0;
        return build(qw0, LittleEndian.getLong(buf, offset + 8), pdp, LittleEndian.getLong(buf, offset + 16));
    }

    private static PageRequest build(long qw0, long qw1, boolean pdp, long qw2) {
        boolean pp = (qw0 >>> 8 & 1) != 0;
        PageRequest.Builder b = PageRequest.builder(Le.FAMILY)
                .requesterId((int) (qw0 >>> 16) & 0xFFFF)
                .address(qw1 & ~0xFFFL)
                .access(Access.of((qw1 & 1) != 0, (qw1 & 2) != 0,
                        pp && (qw0 >>> 52 & 1) != 0, pp && (qw0 >>> 53 & 1) != 0))
                .groupIndex((int) (qw1 >>> 3) & 0x1FF)
                .lastInGroup((qw1 & 4) != 0 || pdp);
        if (pp) {
            b.pasid((int) (qw0 >>> 32) & 0xFFFFF);
        }
        if (pdp) {
            b.privateData(qw2);
        }
        return b.build();
    }

    /** Whether the descriptor at {@code offset} carries private data (PDP, bit 9). */
    public static boolean hasPrivateData(ByteBuffer buf, int offset) throws MalformedRecordException {
        Le.requireBytes(buf, offset, SIZE, "PRQ descriptor");
        return (LittleEndian.getLong(buf, offset) >>> 9 & 1) != 0;
    }

    /** Whether the descriptor's own LPIG bit is set (the normalised lastInGroup also counts PDP). */
    public static boolean lpig(ByteBuffer buf, int offset) throws MalformedRecordException {
        Le.requireBytes(buf, offset, SIZE, "PRQ descriptor");
        return (LittleEndian.getLong(buf, offset + 8) & 4) != 0;
    }

    /** QW2: bits 63:0 of the private data. */
    public static long privateDataLow(ByteBuffer buf, int offset) throws MalformedRecordException {
        Le.requireBytes(buf, offset, SIZE, "PRQ descriptor");
        return LittleEndian.getLong(buf, offset + 16);
    }

    /** QW3: bits 127:64 of the private data. */
    public static long privateDataHigh(ByteBuffer buf, int offset) throws MalformedRecordException {
        Le.requireBytes(buf, offset, SIZE, "PRQ descriptor");
        return LittleEndian.getLong(buf, offset + 24);
    }
}
