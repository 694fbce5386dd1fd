package io.faultline.adapters.vtd;

import io.faultline.adapters.LittleEndian;
import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.PageResponse;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Encoder of the 256-bit page group response descriptor (type 0x9) that software writes into the
 * invalidation queue. QW0: Type[3:0] = 9, PP (4), PDP (5, VT-d 3.x), Type[6:4] = 0 (11:9), RC (15:12),
 * RID (31:16), PASID (51:32). QW1: LPIG (66, VT-d 3.x), PRGI (75:67). QW2/QW3: private data (3.x).
 */
public final class VtdPageGroupResponse {
    /** Bytes per descriptor. */
    public static final int SIZE = 32;
    /** Descriptor type: 0x9 in bits 3:0, 0 in the high type bits 11:9. */
    public static final int TYPE = 0x9;

    /** Response code Success: the pages are mapped, the device retries. */
    public static final int RC_SUCCESS = 0x0;
    /** Response code Invalid Request: the device reports an error for the access; PRI stays enabled. */
    public static final int RC_INVALID = 0x1;
    /** Response code Response Failure: the device disables its PRI interface. */
    public static final int RC_FAILURE = 0xF;

    private VtdPageGroupResponse() {
    }

    /** The wire response code of a Faultline response: SUCCESS 0x0, INVALID 0x1, FAILURE 0xF. */
    public static int responseCode(PageResponse response) {
        return switch (Objects.requireNonNull(response, "response")) {
            case SUCCESS -> RC_SUCCESS;
            case INVALID -> RC_INVALID;
            case FAILURE -> RC_FAILURE;
        };
    }

    /**
     * Writes one descriptor at absolute {@code offset}, little-endian whatever the buffer's order.
     * For VT-d 4.x pass {@code pdp = false}, {@code lpig = false} and zero private data.
     *
     * @param pasid the request's PASID; ignored (written 0) unless {@code pp}
     * @throws MalformedRecordException if a field does not fit or {@code rc} is a reserved code;
     *         nothing is written then
     */
    public static void encode(ByteBuffer buf, int offset, int rc, int rid, boolean pp, int pasid, boolean pdp,
            boolean lpig, int prgi, long privateLow, long privateHigh) throws MalformedRecordException {
        Le.requireBytes(buf, offset, SIZE, "page group response");
        checkRc(offset, rc, 1);
        check(offset + 2, "RID", rid, 0xFFFF);
        if (pp) {
            check(offset + 4, "PASID", pasid, 0xFFFFF);
        }
        check(offset + 8, "PRGI", prgi, 0x1FF);
        if (!pdp && (privateLow | privateHigh) != 0) {
            throw new MalformedRecordException(Le.FAMILY, offset + 16, "QW2",
                    "private data given but PDP is clear");
        }
        long qw0 = TYPE | (pp ? 1L << 4 : 0) | (pdp ? 1L << 5 : 0) | (long) rc << 12 | (long) rid << 16
                | (pp ? (long) pasid << 32 : 0);
        long qw1 = (lpig ? 1L << 2 : 0) | (long) prgi << 3;
        LittleEndian.putLong(buf, offset, qw0);
        LittleEndian.putLong(buf, offset + 8, qw1);
        LittleEndian.putLong(buf, offset + 16, privateLow);
        LittleEndian.putLong(buf, offset + 24, privateHigh);
    }

    static void checkRc(int offset, int rc, int byteOfRc) throws MalformedRecordException {
        if (rc != RC_SUCCESS && rc != RC_INVALID && rc != RC_FAILURE) {
            throw new MalformedRecordException(Le.FAMILY, offset + byteOfRc, "RC", "response code 0x"
                    + Integer.toHexString(rc) + " is reserved (only 0x0, 0x1, 0xF are defined)");
        }
    }

    static void check(int offset, String field, long value, long max) throws MalformedRecordException {
        if (value < 0 || value > max) {
            throw new MalformedRecordException(Le.FAMILY, offset, field,
                    "value 0x" + Long.toHexString(value) + " does not fit (max 0x" + Long.toHexString(max) + ")");
        }
    }
}
