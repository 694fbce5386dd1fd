package io.faultline.adapters.amdvi;

import io.faultline.adapters.LittleEndian;
import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Family;
import io.faultline.api.PageRequest;
import java.nio.ByteBuffer;

/**
 * Decodes one 128-bit PPR log entry (PAGE_SERVICE_REQUEST) into a {@link PageRequest}: requester =
 * DeviceID, PASID only with GN, group index = DW1[8:0], last-in-group = DW1[9], address rounded down
 * to its 4 KiB page, stage PTE. Little-endian whatever the buffer's order; the buffer is untouched.
 *
 * <p>Rejected: a truncated entry, PPRCode other than 1 (0 means not written yet), RZ set (the device
 * sent reserved bits; Linux answers such a request with FAILURE), flag bits Linux does not define,
 * DW1[15:14] set, and a non-zero PASID with GN clear (a PASID without PASID-present).
 */
public final class AmdViPprDecoder {
    /** PPRCode of a PAGE_SERVICE_REQUEST, the only PPR log entry defined. */
    static final int PAGE_SERVICE_REQUEST = 1;

    private AmdViPprDecoder() {
    }

    /**
     * Decodes the entry at absolute byte {@code offset} of {@code buf}.
     *
     * @throws MalformedRecordException for a record a strict decoder rejects; its offset is
     *                                  {@code offset}
     */
    public static PageRequest decode(ByteBuffer buf, int offset) throws MalformedRecordException {
        Le.requireEntry(buf, offset, "PPR log entry");
        int dw0 = LittleEndian.getInt(buf, offset);
        int dw1 = LittleEndian.getInt(buf, offset + 4);
        long address = LittleEndian.getLong(buf, offset + 8);
        int code = dw1 >>> 28;
        int flags = (dw1 >>> 16) & 0xfff;

        if (code != PAGE_SERVICE_REQUEST) {
            throw malformed(offset, "PPRCode", code == 0
                    ? "0: entry not written yet (all-zero or written late); do not decode"
                    : "0x" + Integer.toHexString(code) + " is not PAGE_SERVICE_REQUEST");
        }
        if ((flags & PprFlags.RZ) != 0) {
            throw malformed(offset, "RZ", "the request had reserved bits set (Linux: Invalid request format)");
        }
        if ((flags & PprFlags.RESERVED) != 0) {
            throw malformed(offset, "flags", "reserved flag bits set: 0x" + Integer.toHexString(flags & PprFlags.RESERVED));
        }
        if ((dw1 & 0xc000) != 0) {
            throw malformed(offset, "DW1[15:14]", "reserved bits set: 0x" + Integer.toHexString((dw1 >>> 14) & 3));
        }
        boolean gn = (flags & PprFlags.GN) != 0;
        int pasid = PprFlags.pasid(dw0, dw1);
        if (!gn && pasid != 0) {
            throw malformed(offset, "PASID", "PASID 0x" + Integer.toHexString(pasid) + " with GN clear");
        }

        PageRequest.Builder b = PageRequest.builder(Family.AMD_VI)
                .requesterId(dw0 & 0xffff)
                .address(address & ~0xfffL)
                .access(PprFlags.access(flags))
                .groupIndex(dw1 & 0x1ff)
                .lastInGroup((dw1 & 0x200) != 0);
        if (gn) {
            b.pasid(pasid);
        }
        return b.build();
    }

    /**
     * The request a PAGE_SERVICE_REQUEST entry stands for, read without the strict checks: for
     * answering a malformed entry that closes a group with INVALID, so the device is not left
     * waiting. Null unless the entry is a PAGE_SERVICE_REQUEST (PPRCode 1) with LIP set; the PASID
     * only with GN. The caller has checked that 16 bytes lie at {@code offset}.
     */
    static PageRequest decodeLenient(ByteBuffer buf, int offset) {
        int dw0 = LittleEndian.getInt(buf, offset);
        int dw1 = LittleEndian.getInt(buf, offset + 4);
        if (dw1 >>> 28 != PAGE_SERVICE_REQUEST || (dw1 & 0x200) == 0) {
            return null;
        }
        int flags = (dw1 >>> 16) & 0xfff;
        PageRequest.Builder b = PageRequest.builder(Family.AMD_VI)
                .requesterId(dw0 & 0xffff)
                .address(LittleEndian.getLong(buf, offset + 8) & ~0xfffL)
                .access(PprFlags.access(flags))
                .groupIndex(dw1 & 0x1ff)
                .lastInGroup(true);
        if ((flags & PprFlags.GN) != 0) {
            b.pasid(PprFlags.pasid(dw0, dw1));
        }
        return b.build();
    }

    private static MalformedRecordException malformed(int offset, String field, String detail) {
        return new MalformedRecordException(Family.AMD_VI, offset, field, detail);
    }
}
