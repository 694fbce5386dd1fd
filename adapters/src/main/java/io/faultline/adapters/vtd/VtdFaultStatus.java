package io.faultline.adapters.vtd;

import io.faultline.adapters.MalformedRecordException;

/**
 * The 32-bit fault status register (FSTS_REG, offset 0x34): overflow and pending flags and the index
 * (FRI) of the oldest pending fault recording register.
 */
public final class VtdFaultStatus {
    /** Primary Fault Overflow (RW1C): a fault was lost because every recording register was full. */
    public static final int PFO = 1;
    /** Primary Pending Fault (status): some recording register has F = 1. */
    public static final int PPF = 1 << 1;
    public static final int AFO = 1 << 2;
    public static final int APF = 1 << 3;
    public static final int IQE = 1 << 4;
    public static final int ICE = 1 << 5;
    public static final int ITE = 1 << 6;
    /**
     * Page Request Overflow in VT-d 2.x. In 3.x the flag moved to PRS; that this bit is reserved there
     * is unverified, so it is decoded, never rejected.
     */
    public static final int PRO = 1 << 7;
    private static final int RESERVED = 0xFFFF_0000;

    private final int value;

    private VtdFaultStatus(int value) {
        this.value = value;
    }

    /**
     * Decodes an FSTS value read at {@code offset} (for the error message).
     *
     * @throws MalformedRecordException if reserved bits 31:16 are set
     */
    public static VtdFaultStatus decode(int value, long offset) throws MalformedRecordException {
        if ((value & RESERVED) != 0) {
            throw new MalformedRecordException(Le.FAMILY, offset + 2, "rsvd_31_16",
                    "FSTS reserved bits 31:16 are non-zero: 0x" + Integer.toHexString(value >>> 16));
        }
        return new VtdFaultStatus(value);
    }

    /** The defined bits of {@code value}, reserved bits dropped: for a reader that reported them. */
    static VtdFaultStatus lenient(int value) {
        return new VtdFaultStatus(value & ~RESERVED);
    }

    public int value() {
        return value;
    }

    public boolean pfo() {
        return (value & PFO) != 0;
    }

    public boolean ppf() {
        return (value & PPF) != 0;
    }

    public boolean afo() {
        return (value & AFO) != 0;
    }

    public boolean apf() {
        return (value & APF) != 0;
    }

    public boolean iqe() {
        return (value & IQE) != 0;
    }

    public boolean ice() {
        return (value & ICE) != 0;
    }

    public boolean ite() {
        return (value & ITE) != 0;
    }

    public boolean pro() {
        return (value & PRO) != 0;
    }

    /** Fault Record Index: meaningful only while {@link #ppf()} is set (else it is stale). */
    public int fri() {
        return value >>> 8 & 0xFF;
    }

    @Override
    public String toString() {
        return "FSTS 0x" + Integer.toHexString(value);
    }
}
