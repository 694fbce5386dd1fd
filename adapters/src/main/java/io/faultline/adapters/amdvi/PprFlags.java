package io.faultline.adapters.amdvi;

import io.faultline.api.Access;

/**
 * The 12-bit flags of a PPR log entry (DW1[27:16]), also used by the INVALID_PPR_REQUEST event.
 * Different from {@link AmdViFlags}: here 0x100 is GN, not TR.
 */
final class PprFlags {
    static final int NX = 0x002;
    static final int RD = 0x004;
    static final int WR = 0x020;
    static final int US = 0x040;
    static final int RZ = 0x080;
    static final int GN = 0x100;
    /** Bits Linux does not define; a strict decoder treats them as reserved. */
    static final int RESERVED = 0xfff & ~(NX | RD | WR | US | RZ | GN);

    private PprFlags() {
    }

    /** Exec and privileged only with GN: without a PASID prefix the request carries neither. */
    static Access access(int flags) {
        boolean gn = (flags & GN) != 0;
        return Access.of((flags & RD) != 0, (flags & WR) != 0, gn && (flags & NX) != 0, gn && (flags & US) == 0);
    }

    /** PASID[15:0] in DW0[31:16], PASID[19:16] in DW1[13:10]. */
    static int pasid(int dw0, int dw1) {
        return (dw0 >>> 16) | ((dw1 >>> 10) & 0xf) << 16;
    }
}
