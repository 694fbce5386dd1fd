package io.faultline.adapters.smmuv3;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Access;
import io.faultline.api.Family;
import io.faultline.api.PageRequest;
import io.faultline.api.Reason;
import io.faultline.api.Stage;
import java.nio.ByteBuffer;

/**
 * Decodes one 16-byte SMMUv3 PRI queue entry into a {@link PageRequest} (reference
 * {@code arm-smmu.md} §3): requesterId = StreamID, pasid = SubstreamID when SSV, address =
 * dword1 [63:12] (bits [11:0] are not address), access from Read/Write/Exec/Priv, groupIndex = the
 * 9-bit PRG index, lastInGroup = Last, stage PTE, reason {@link Reason#NONE}. Only the Last=1 entry
 * of a group is answered, with CMD_PRI_RESP.
 *
 * <p>Reserved dword0 [57:52] or dword1 [11:9] set: {@link MalformedRecordException}. A SubstreamID
 * without SSV is not rejected (no source defines it as an error); the PASID is then absent.
 */
public final class SmmuV3PriDecoder {
    /** Bytes per PRI queue entry. */
    public static final int ENTRY_BYTES = 16;

    private static final long RESERVED0 = Dwords.field(57, 52);
    private static final long RESERVED1 = Dwords.field(11, 9);

    private SmmuV3PriDecoder() {
    }

    /**
     * Decodes the entry at absolute {@code offset} of {@code buf}, little-endian whatever the
     * buffer's order; the position is ignored, the entry must end within the limit (else a
     * truncation error); the buffer is not changed.
     */
    public static PageRequest decode(ByteBuffer buf, int offset) throws MalformedRecordException {
        Dwords.checkLength(buf, offset, ENTRY_BYTES, "PRI entry");
        return decode(Dwords.get(buf, offset), Dwords.get(buf, offset + 8), offset);
    }

    /** Decodes an entry given as its two 64-bit words; error offsets count from its first byte. */
    public static PageRequest decode(long d0, long d1) throws MalformedRecordException {
        return decode(d0, d1, 0);
    }

    /**
     * The request a rejected entry with Last=1 still stands for, its reserved bits ignored: StreamID,
     * SSV/SubstreamID and PRG index are always readable, so the group can be answered (Deny). Null
     * when Last=0. The caller has checked that 16 bytes lie at {@code offset}.
     */
    static PageRequest owedResponse(ByteBuffer buf, int offset) {
        long d0 = Dwords.get(buf, offset) & ~RESERVED0;
        if (!Dwords.bit(d0, 62)) {
            return null;
        }
        try {
            return decode(d0, Dwords.get(buf, offset + 8) & ~RESERVED1, offset);
        } catch (MalformedRecordException e) {
            throw new IllegalStateException("no rule left to break", e);
        }
    }

    static PageRequest decode(long d0, long d1, long offset) throws MalformedRecordException {
        if ((d0 & RESERVED0) != 0) {
            throw new MalformedRecordException(Family.ARM_SMMU_V3, offset + 6, "dword0[57:52]",
                    String.format("reserved bits set: 0x%x", Dwords.bits(d0, 57, 52)));
        }
        if ((d1 & RESERVED1) != 0) {
            throw new MalformedRecordException(Family.ARM_SMMU_V3, offset + 9, "dword1[11:9]",
                    String.format("reserved bits set: 0x%x", Dwords.bits(d1, 11, 9)));
        }
        PageRequest.Builder b = PageRequest.builder(Family.ARM_SMMU_V3)
                .requesterId((int) d0)
                .address(d1 & ~0xfffL)
                .access(Access.of(Dwords.bit(d0, 60), Dwords.bit(d0, 61), Dwords.bit(d0, 59), Dwords.bit(d0, 58)))
                .stage(Stage.PTE)
                .reason(Reason.NONE)
                .groupIndex((int) Dwords.bits(d1, 8, 0))
                .lastInGroup(Dwords.bit(d0, 62));
        if (Dwords.bit(d0, 63)) {
            b.pasid((int) Dwords.bits(d0, 51, 32));
        }
        return b.build();
    }
}
