package io.faultline.adapters.smmuv3;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Family;
import io.faultline.api.Fault;
import io.faultline.api.PageResponse;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Encodes the 16-byte SMMUv3 commands Faultline writes back (reference {@code arm-smmu.md} §4) and
 * decodes them strictly. All writes are absolute and little-endian whatever the buffer's order.
 *
 * <ul>
 *   <li>CMD_RESUME answers a stalled event: SUCCESS → retry (Ac), INVALID and FAILURE → abort (Ab).</li>
 *   <li>CMD_PRI_RESP answers a PRI group: SUCCESS → Resp 2, INVALID → 0 (Deny), FAILURE → 1 (Fail: the
 *       device stops issuing page requests). Resp sits at dword1 [13:12] as in Linux (QEMU's unused
 *       macro says [12:11]).</li>
 *   <li>CMD_SYNC, only needed when the caller must know the queue was consumed; Linux sends none
 *       after RESUME or PRI_RESP, and neither does {@link SmmuV3ResponseSink}.</li>
 * </ul>
 */
public final class SmmuV3Commands {
    /** Bytes per command. */
    public static final int ENTRY_BYTES = 16;
    public static final int CMD_PRI_RESP = 0x41;
    public static final int CMD_RESUME = 0x44;
    public static final int CMD_SYNC = 0x46;

    private static final int RESP_DENY = 0;
    private static final int RESP_FAIL = 1;
    private static final int RESP_SUCCESS = 2;

    /** Bits each command defines; everything else is reserved (zero when written, rejected when read). */
    private static final long RESUME_0 = Dwords.field(7, 0) | Dwords.field(13, 12) | Dwords.field(63, 32);
    private static final long RESUME_1 = Dwords.field(15, 0);
    private static final long PRI_RESP_0 = Dwords.field(7, 0) | Dwords.field(63, 11);
    private static final long PRI_RESP_1 = Dwords.field(8, 0) | Dwords.field(13, 12);
    private static final long SYNC_0 = Dwords.field(7, 0) | Dwords.field(13, 12) | Dwords.field(27, 22)
            | Dwords.field(63, 32);
    private static final long SYNC_1 = Dwords.field(51, 2);

    private SmmuV3Commands() {
    }

    /**
     * Writes CMD_RESUME for the stalled transaction ({@code streamId}, {@code stag}) at {@code offset}.
     *
     * @param stag the event's STAG, 16 bits (the page request's groupIndex)
     */
    public static void encodeResume(ByteBuffer buf, int offset, int streamId, int stag, PageResponse response) {
        Objects.requireNonNull(response, "response");
        if (stag < 0 || stag > 0xffff) {
            throw new IllegalArgumentException("STAG is 16 bits: " + stag);
        }
        long action = response == PageResponse.SUCCESS ? 1L << 12 : 1L << 13;
        Dwords.put(buf, offset, CMD_RESUME | action | (long) streamId << 32);
        Dwords.put(buf, offset + 8, stag);
    }

    /**
     * Writes CMD_PRI_RESP for the PRI group ({@code streamId}, {@code pasid}, {@code prgIndex}).
     *
     * @param pasid the request's PASID (sets SSV), or {@link Fault#NO_PASID}
     */
    public static void encodePriResp(ByteBuffer buf, int offset, int streamId, int pasid, int prgIndex,
                                     PageResponse response) {
        Objects.requireNonNull(response, "response");
        if (prgIndex < 0 || prgIndex > 0x1ff) {
            throw new IllegalArgumentException("PRG index is 9 bits: " + prgIndex);
        }
        if (pasid != Fault.NO_PASID && (pasid < 0 || pasid > 0xfffff)) {
            throw new IllegalArgumentException("SubstreamID is 20 bits: " + pasid);
        }
        long d0 = CMD_PRI_RESP | (long) streamId << 32;
        if (pasid != Fault.NO_PASID) {
            d0 |= 1L << 11 | (long) pasid << 12;
        }
        Dwords.put(buf, offset, d0);
        Dwords.put(buf, offset + 8, prgIndex | (long) priResp(response) << 12);
    }

    /** Writes CMD_SYNC as Linux builds it without MSI: CS=SEV, MSH=Inner Shareable, MSIAttr=0xf. */
    public static void encodeSync(ByteBuffer buf, int offset) {
        encodeSync(buf, offset, 2, 3, 0xf, 0, 0);
    }

    static void encodeSync(ByteBuffer buf, int offset, int cs, int msh, int msiAttr, int msiData, long msiAddr) {
        long d0 = CMD_SYNC | (long) (cs & 3) << 12 | (long) (msh & 3) << 22 | (long) (msiAttr & 0xf) << 24
                | (long) msiData << 32;
        Dwords.put(buf, offset, d0);
        Dwords.put(buf, offset + 8, msiAddr & SYNC_1);
    }

    /** The CMD_PRI_RESP Resp code for a model response. */
    static int priResp(PageResponse response) {
        switch (response) {
            case SUCCESS:
                return RESP_SUCCESS;
            case INVALID:
                return RESP_DENY;
            default:
                return RESP_FAIL;
        }
    }

    static PageResponse priResponse(int resp) {
        switch (resp) {
            case RESP_SUCCESS:
                return PageResponse.SUCCESS;
            case RESP_DENY:
                return PageResponse.INVALID;
            case RESP_FAIL:
                return PageResponse.FAILURE;
            default:
                throw new IllegalArgumentException("CMD_PRI_RESP Resp " + resp + " is reserved");
        }
    }

    /**
     * Reads back the command at {@code offset}: CMD_RESUME, CMD_PRI_RESP or CMD_SYNC. Strict: any
     * other opcode, a reserved bit, Resp=3, Ac together with Ab, CS=3 or a truncated entry is a
     * {@link MalformedRecordException} naming the byte offset and field.
     */
    public static SmmuV3Command decode(ByteBuffer buf, int offset) throws MalformedRecordException {
        Dwords.checkLength(buf, offset, ENTRY_BYTES, "command");
        long d0 = Dwords.get(buf, offset);
        long d1 = Dwords.get(buf, offset + 8);
        int opcode = (int) (d0 & 0xff);
        switch (opcode) {
            case CMD_RESUME: {
                reserved(d0, RESUME_0, offset, "CMD_RESUME dword0");
                reserved(d1, RESUME_1, offset + 8, "CMD_RESUME dword1");
                boolean ac = Dwords.bit(d0, 12);
                boolean ab = Dwords.bit(d0, 13);
                if (ac && ab) {
                    throw error(offset + 1, "Ac/Ab",
                            "CMD_RESUME with Ac=1 and Ab=1: Linux never emits RESP=3; treat as invalid");
                }
                return new SmmuV3Command.Resume((int) (d0 >>> 32), (int) (d1 & 0xffff), ac, ab);
            }
            case CMD_PRI_RESP: {
                reserved(d0, PRI_RESP_0, offset, "CMD_PRI_RESP dword0");
                reserved(d1, PRI_RESP_1, offset + 8, "CMD_PRI_RESP dword1");
                int resp = (int) Dwords.bits(d1, 13, 12);
                if (resp == 3) {
                    throw error(offset + 9, "Resp",
                            "CMD_PRI_RESP Resp=3 is reserved (only 0 Deny, 1 Fail, 2 Success exist)");
                }
                return new SmmuV3Command.PriResp((int) (d0 >>> 32), Dwords.bit(d0, 11),
                        (int) Dwords.bits(d0, 31, 12), (int) (d1 & 0x1ff), resp);
            }
            case CMD_SYNC: {
                reserved(d0, SYNC_0, offset, "CMD_SYNC dword0");
                reserved(d1, SYNC_1, offset + 8, "CMD_SYNC dword1");
                int cs = (int) Dwords.bits(d0, 13, 12);
                if (cs == 3) {
                    throw error(offset + 1, "CS", "CMD_SYNC CS=3 is reserved");
                }
                return new SmmuV3Command.Sync(cs, (int) Dwords.bits(d0, 23, 22), (int) Dwords.bits(d0, 27, 24),
                        (int) (d0 >>> 32), d1 & SYNC_1);
            }
            default:
                throw error(offset, "opcode", String.format(
                        "opcode 0x%02x is not one Faultline writes (CMD_PRI_RESP, CMD_RESUME, CMD_SYNC)", opcode));
        }
    }

    private static void reserved(long dword, long defined, long offset, String field)
            throws MalformedRecordException {
        long bad = dword & ~defined;
        if (bad != 0) {
            throw error(offset + Long.numberOfTrailingZeros(bad) / 8, field,
                    String.format("reserved bits set: 0x%016x", bad));
        }
    }

    private static MalformedRecordException error(long offset, String field, String detail) {
        return new MalformedRecordException(Family.ARM_SMMU_V3, offset, field, detail);
    }
}
