package io.faultline.adapters.iommufd;

import io.faultline.adapters.LittleEndian;
import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Family;
import io.faultline.api.PageResponse;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Encodes {@code struct iommu_hwpt_page_response}, the 8-byte answer written to an iommufd fault fd:
 * {@code cookie} u32 @0 (the group's cookie, from its LAST_PAGE record), {@code code} u32 @4, both in
 * host order (little-endian on the supported hosts).
 *
 * <p>Codes: {@code IOMMUFD_PAGE_RESP_SUCCESS} 0 and {@code IOMMUFD_PAGE_RESP_INVALID} 1 only. iommufd
 * has <b>no FAILURE</b>: it was removed before the ABI was merged because a PCIe Response Failure
 * disables PRI for the whole function. {@link PageResponse#FAILURE} is therefore sent as INVALID
 * (see {@link #code}); whoever sends it must then tear PRI down itself (reset/disable PRI, or move the
 * device to a non-PRI domain) — {@link IommufdResponseSink} reports each such downgrade. Neither
 * Linux's internal FAILURE (2) nor the PCIe code 0xF may be written here; newer kernels answer EINVAL.
 */
public final class IommufdPageResponseEncoder {
    /** Size of {@code struct iommu_hwpt_page_response}; write() takes multiples of it. */
    public static final int RECORD_SIZE = 8;

    static final int OFF_COOKIE = 0;
    static final int OFF_CODE = 4;
    static final int CODE_SUCCESS = 0;
    static final int CODE_INVALID = 1;

    private IommufdPageResponseEncoder() {
    }

    /** The iommufd code for a response: SUCCESS → 0, INVALID → 1, FAILURE → 1 (iommufd has no FAILURE). */
    public static int code(PageResponse response) {
        return Objects.requireNonNull(response, "response") == PageResponse.SUCCESS ? CODE_SUCCESS : CODE_INVALID;
    }

    /**
     * Writes the answer for the group with {@code cookie} at the absolute index {@code offset}.
     *
     * @throws MalformedRecordException cookie 0 (never issued by the kernel)
     * @throws IndexOutOfBoundsException when 8 bytes do not fit below the limit
     */
    public static void encode(int cookie, PageResponse response, ByteBuffer out, int offset)
            throws MalformedRecordException {
        encode(cookie, code(response), out, offset);
    }

    /**
     * Writes a raw code, e.g. one a VMM relays from its guest, at the absolute index {@code offset}.
     *
     * @throws MalformedRecordException code other than 0 or 1, or cookie 0; nothing is written then
     * @throws IndexOutOfBoundsException when 8 bytes do not fit below the limit
     */
    public static void encode(int cookie, int code, ByteBuffer out, int offset) throws MalformedRecordException {
        Objects.checkFromIndexSize(offset, RECORD_SIZE, out.limit());
        check(cookie, code, offset);
        LittleEndian.putInt(out, offset + OFF_COOKIE, cookie);
        LittleEndian.putInt(out, offset + OFF_CODE, code);
    }

    /**
     * Reads back and checks one response as the kernel would (for tests, simulators and relays):
     * exactly 8 bytes, known code, non-zero cookie.
     *
     * @return the cookie in the high 32 bits, the code in the low 32 bits
     */
    static long decode(ByteBuffer buf, int offset, int length) throws MalformedRecordException {
        if (length != RECORD_SIZE) {
            throw new MalformedRecordException(Family.IOMMUFD, offset, "record length", length
                    + " bytes: a response is exactly 8 bytes (write() needs a multiple of 8, else ESPIPE)");
        }
        Objects.checkFromIndexSize(offset, RECORD_SIZE, buf.limit());
        int cookie = LittleEndian.getInt(buf, offset + OFF_COOKIE);
        int code = LittleEndian.getInt(buf, offset + OFF_CODE);
        check(cookie, code, offset);
        return (long) cookie << 32 | (code & 0xFFFF_FFFFL);
    }

    private static void check(int cookie, int code, long offset) throws MalformedRecordException {
        if (code != CODE_SUCCESS && code != CODE_INVALID) {
            throw new MalformedRecordException(Family.IOMMUFD, offset + OFF_CODE, "code", "code "
                    + Integer.toUnsignedString(code) + " is invalid: iommufd only accepts SUCCESS 0 and INVALID 1"
                    + " (no FAILURE; newest kernels return EINVAL)");
        }
        if (cookie == 0) {
            throw new MalformedRecordException(Family.IOMMUFD, offset + OFF_COOKIE, "cookie",
                    "cookie 0 is never issued by the kernel (cookies start at 1); write() gets EINVAL");
        }
    }
}
