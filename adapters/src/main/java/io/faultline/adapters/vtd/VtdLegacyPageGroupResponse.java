package io.faultline.adapters.vtd;

import io.faultline.adapters.LittleEndian;
import io.faultline.adapters.MalformedRecordException;
import java.nio.ByteBuffer;

/**
 * Encoder of the 128-bit VT-d 2.x page group response descriptor (type 0x9, Linux 4.4-4.20). QW0:
 * type (3:0), PP (4), RID (31:16), PASID (51:32). QW1: RC in bits 3:0 (not 15:12 as in the 256-bit
 * form), 23 bits of private data (54:32), PRGI (63:55).
 */
public final class VtdLegacyPageGroupResponse {
    /** Bytes per descriptor. */
    public static final int SIZE = 16;

    private VtdLegacyPageGroupResponse() {
    }

    /**
     * Writes one descriptor at absolute {@code offset}, little-endian whatever the buffer's order.
     *
     * @throws MalformedRecordException if a field does not fit or {@code rc} is reserved; nothing is
     *         written then
     */
    public static void encode(ByteBuffer buf, int offset, int rc, int rid, boolean pp, int pasid,
            int privateData, int prgi) throws MalformedRecordException {
        Le.requireBytes(buf, offset, SIZE, "page group response (128-bit)");
        VtdPageGroupResponse.checkRc(offset, rc, 8);
        VtdPageGroupResponse.check(offset + 2, "RID", rid, 0xFFFF);
        if (pp) {
            VtdPageGroupResponse.check(offset + 4, "PASID", pasid, 0xFFFFF);
        }
        VtdPageGroupResponse.check(offset + 12, "PRIV_DATA", privateData, 0x7FFFFF);
        VtdPageGroupResponse.check(offset + 14, "PRGI", prgi, 0x1FF);
        long qw0 = VtdPageGroupResponse.TYPE | (pp ? 1L << 4 : 0) | (long) rid << 16 | (pp ? (long) pasid << 32 : 0);
        long qw1 = rc | (long) privateData << 32 | (long) prgi << 55;
        LittleEndian.putLong(buf, offset, qw0);
        LittleEndian.putLong(buf, offset + 8, qw1);
    }
}
