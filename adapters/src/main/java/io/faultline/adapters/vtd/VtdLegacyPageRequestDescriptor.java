package io.faultline.adapters.vtd;

import io.faultline.adapters.LittleEndian;
import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Access;
import io.faultline.api.PageRequest;
import java.nio.ByteBuffer;

/**
 * Decoder of the 128-bit VT-d 2.x ("extended mode", Linux 4.4-4.20) page request descriptor, for
 * replaying old dumps. QW0: SRR, BOF, PP, LPIG, PASID, BUS, 23 bits of private data, PRGI. QW1: RD,
 * WR, EXE, PRIV, DEVFN, ADDR. It has no type field and no reserved bits; the private data is always
 * present (and echoed in the response).
 */
public final class VtdLegacyPageRequestDescriptor {
    /** Bytes per descriptor. */
    public static final int SIZE = 16;

    private VtdLegacyPageRequestDescriptor() {
    }

    /**
     * Decodes the descriptor at absolute {@code offset}; the buffer's position and order are ignored.
     *
     * @throws MalformedRecordException if truncated, or a stop marker (LPIG = 1, no read, no write)
     */
    public static PageRequest decode(ByteBuffer buf, int offset) throws MalformedRecordException {
        Le.requireBytes(buf, offset, SIZE, "PRQ descriptor (128-bit)");
        long qw0 = LittleEndian.getLong(buf, offset);
        long qw1 = LittleEndian.getLong(buf, offset + 8);
        boolean pp = (qw0 & 4) != 0;
        boolean lpig = (qw0 & 8) != 0;
        boolean rd = (qw1 & 1) != 0;
        boolean wr = (qw1 & 2) != 0;
        if (lpig && !rd && !wr) {
            throw new MalformedRecordException(Le.FAMILY, offset, "LPIG",
                    "stop marker (LPIG=1, no read, no write): not a fault, no response");
        }
        int bus = (int) (qw0 >>> 24) & 0xFF;
        int devfn = (int) (qw1 >>> 4) & 0xFF;
        PageRequest.Builder b = PageRequest.builder(Le.FAMILY)
                .requesterId(bus << 8 | devfn)
                .address(qw1 & ~0xFFFL)
                .access(Access.of(rd, wr, pp && (qw1 & 4) != 0, pp && (qw1 & 8) != 0))
                .groupIndex((int) (qw0 >>> 55))
                .lastInGroup(lpig)
                .privateData(qw0 >>> 32 & 0x7FFFFF);
        if (pp) {
            b.pasid((int) (qw0 >>> 4) & 0xFFFFF);
        }
        return b.build();
    }

    /** SRR (bit 0): a page stream request, whose type 0xA stream response this adapter does not write. */
    public static boolean streamResponseRequested(ByteBuffer buf, int offset) throws MalformedRecordException {
        Le.requireBytes(buf, offset, SIZE, "PRQ descriptor (128-bit)");
        return (LittleEndian.getLong(buf, offset) & 1) != 0;
    }
}
