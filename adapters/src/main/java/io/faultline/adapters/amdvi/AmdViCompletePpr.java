package io.faultline.adapters.amdvi;

import io.faultline.adapters.LittleEndian;
import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Family;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The COMPLETE_PPR_REQUEST command (opcode 0x7, 128 bits): the answer to one page-request group.
 *
 * <pre>
 * DW0[15:0]  DeviceID            DW2[2]     GN: the PASID field is valid
 * DW1[19:0]  PASID (GN only)     DW3[8:0]   CompletionTag = PRG index
 * DW1[31:28] opcode 0111b        DW3[15:12] Status: 0x0 Success, 0x1 Invalid Request, 0xF Response Failure
 * </pre>
 * Every other bit is reserved and written as zero. GN is set exactly when a PASID is returned (not,
 * as in Linux, from the device's capability). FAILURE is encoded as the PCIe code 0xF, not as the
 * Linux enum value 2 that current Linux writes into this field.
 */
public final class AmdViCompletePpr {
    static final int OPCODE = 0x7;
    static final int STATUS_SUCCESS = 0x0;
    static final int STATUS_INVALID = 0x1;
    static final int STATUS_FAILURE = 0xf;

    private static final int DW0_RESERVED = 0xffff0000;
    private static final int DW1_RESERVED = 0x0ff00000;
    private static final int DW2_GN = 0x4;
    private static final int DW3_RESERVED = 0xffff0e00;

    private AmdViCompletePpr() {
    }

    /** The PCIe PRG response code for {@code response}: 0x0, 0x1 or 0xF. */
    public static int status(PageResponse response) {
        return switch (Objects.requireNonNull(response, "response")) {
            case SUCCESS -> STATUS_SUCCESS;
            case INVALID -> STATUS_INVALID;
            case FAILURE -> STATUS_FAILURE;
        };
    }

    /**
     * Writes the 16-byte command answering the group {@code lastRequest} closed, at absolute byte
     * {@code offset} of {@code buf}, little-endian; the buffer's position and order are untouched.
     *
     * @throws IllegalArgumentException if the request has no requester id, or a group index or
     *                                  requester id wider than the command's field
     */
    public static void encode(ByteBuffer buf, int offset, PageRequest lastRequest, PageResponse response) {
        Objects.requireNonNull(lastRequest, "lastRequest");
        if (!lastRequest.hasRequesterId()) {
            throw new IllegalArgumentException("a COMPLETE_PPR_REQUEST needs the request's DeviceID: " + lastRequest);
        }
        encode(buf, offset, lastRequest.requesterId(), lastRequest.pasid(), lastRequest.groupIndex(), status(response));
    }

    /**
     * Writes a command from its fields. {@code pasid} is {@link io.faultline.api.Fault#NO_PASID} for
     * none (GN = 0, PASID field 0).
     */
    static void encode(ByteBuffer buf, int offset, int deviceId, int pasid, int tag, int status) {
        if ((deviceId & ~0xffff) != 0) {
            throw new IllegalArgumentException("DeviceID is 16 bits: 0x" + Integer.toHexString(deviceId));
        }
        if (pasid != -1 && (pasid & ~0xfffff) != 0) {
            throw new IllegalArgumentException("PASID is 20 bits: 0x" + Integer.toHexString(pasid));
        }
        if ((tag & ~0x1ff) != 0) {
            throw new IllegalArgumentException("CompletionTag (PRG index) is 9 bits: 0x" + Integer.toHexString(tag));
        }
        if (status != STATUS_SUCCESS && status != STATUS_INVALID && status != STATUS_FAILURE) {
            throw new IllegalArgumentException("Status 0x" + Integer.toHexString(status) + " is not a PCIe PRG response code");
        }
        if (offset < 0 || offset > buf.limit() - Le.ENTRY) {
            throw new IndexOutOfBoundsException("no room for 16 bytes at offset " + offset + " (limit " + buf.limit() + ")");
        }
        boolean gn = pasid != -1;
        LittleEndian.putInt(buf, offset, deviceId);
        LittleEndian.putInt(buf, offset + 4, (gn ? pasid : 0) | OPCODE << 28);
        LittleEndian.putInt(buf, offset + 8, gn ? DW2_GN : 0);
        LittleEndian.putInt(buf, offset + 12, tag | status << 12);
    }

    /**
     * Reads a command back, strictly (what a simulated IOMMU would accept).
     *
     * @throws MalformedRecordException for a truncated command, another opcode, reserved bits, a
     *                                  PASID without GN, or a status that is not a PCIe code
     */
    static Command decode(ByteBuffer buf, int offset) throws MalformedRecordException {
        Le.requireEntry(buf, offset, "command");
        int dw0 = LittleEndian.getInt(buf, offset);
        int dw1 = LittleEndian.getInt(buf, offset + 4);
        int dw2 = LittleEndian.getInt(buf, offset + 8);
        int dw3 = LittleEndian.getInt(buf, offset + 12);
        if (dw1 >>> 28 != OPCODE) {
            throw malformed(offset, "Opcode", "0x" + Integer.toHexString(dw1 >>> 28) + " is not COMPLETE_PPR_REQUEST");
        }
        if ((dw0 & DW0_RESERVED) != 0 || (dw1 & DW1_RESERVED) != 0 || (dw2 & ~DW2_GN) != 0
                || (dw3 & DW3_RESERVED) != 0) {
            throw malformed(offset, "reserved", String.format("reserved bits set (DW0 0x%08x DW1 0x%08x DW2 0x%08x DW3 0x%08x)",
                    dw0 & DW0_RESERVED, dw1 & DW1_RESERVED, dw2 & ~DW2_GN, dw3 & DW3_RESERVED));
        }
        boolean gn = (dw2 & DW2_GN) != 0;
        int pasid = dw1 & 0xfffff;
        if (!gn && pasid != 0) {
            throw malformed(offset, "PASID", "PASID 0x" + Integer.toHexString(pasid) + " with GN clear");
        }
        int status = (dw3 >>> 12) & 0xf;
        if (status != STATUS_SUCCESS && status != STATUS_INVALID && status != STATUS_FAILURE) {
            throw malformed(offset, "Status", "0x" + Integer.toHexString(status)
                    + " is not a PCIe PRG response code (0 Success, 1 Invalid Request, 0xF Response Failure)");
        }
        return new Command(dw0 & 0xffff, gn ? pasid : -1, dw3 & 0x1ff, status);
    }

    private static MalformedRecordException malformed(int offset, String field, String detail) {
        return new MalformedRecordException(Family.AMD_VI, offset, field, detail);
    }

    /** A decoded command; {@code pasid} is -1 when GN is clear. */
    record Command(int deviceId, int pasid, int tag, int status) {
    }
}
