package io.faultline.adapters.vtd;

import io.faultline.adapters.LittleEndian;
import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Access;
import io.faultline.api.Reason;
import io.faultline.api.UnrecoverableFault;
import java.nio.ByteBuffer;

/**
 * Decoder of one 128-bit VT-d fault recording register (FRCD): QW0 = bits 63:0 (FI), QW1 = bits
 * 127:64 (SID, T2, PRIV, EXE, PP, FR, PV, AT, T1, F), each a little-endian 64-bit word.
 */
public final class VtdFaultRecord {
    /** Bytes per fault recording register. */
    public static final int SIZE = 16;

    // Bit positions within QW1 (= FRCD bit - 64).
    private static final long RSVD_91_80 = 0xFFFL << 16;
    private static final int T2 = 28;
    private static final int PRIV = 29;
    private static final int EXE = 30;
    private static final int PP = 31;
    private static final int AT_SHIFT = 60;
    private static final int T1 = 62;
    private static final int F = 63;
    /** Interrupt-remapping records hold the interrupt index in FI bits 63:48; 47:12 read 0. */
    private static final long IR_ZERO_BITS = 0x0000_FFFF_FFFF_F000L;

    private VtdFaultRecord() {
    }

    /** Whether the record at {@code offset} has F = 1 (holds a fault); false if it does not fit. */
    public static boolean isFault(ByteBuffer buf, int offset) {
        return offset >= 0 && offset <= buf.limit() - SIZE && LittleEndian.getLong(buf, offset + 8) < 0;
    }

    /**
     * Decodes the record at absolute {@code offset}; the buffer's position and order are ignored.
     *
     * @throws MalformedRecordException if the record is truncated, empty (F = 0), has reserved bits
     *         (11:0, 91:80) set, an undefined reason, a reserved address type (AT = 11b), or an
     *         interrupt-remapping record whose FI bits 47:12 are not zero
     */
    public static UnrecoverableFault decode(ByteBuffer buf, int offset) throws MalformedRecordException {
        Le.requireBytes(buf, offset, SIZE, "FRCD");
        long qw0 = LittleEndian.getLong(buf, offset);
        long qw1 = LittleEndian.getLong(buf, offset + 8);
        int fr = (int) (qw1 >>> 32) & 0xFF;
        Reason reason = VtdReasons.reason(fr);
        // One test for every rejection; the cold method finds which rule failed, in the documented
        // order. Keeps this method under C2's FreqInlineSize so the fault can be scalar-replaced.
        boolean ir = VtdReasons.isInterruptRemapping(fr);
        if (qw1 >= 0 || (qw0 & 0xFFF) != 0 || (qw1 & RSVD_91_80) != 0 || reason == null
                || (qw1 >>> AT_SHIFT & 3) == 3 || ir && (qw0 & IR_ZERO_BITS) != 0) {
            throw malformed(qw0, qw1, offset);
        }
        int sid = (int) qw1 & 0xFFFF;
        UnrecoverableFault.Builder b = UnrecoverableFault.builder(Le.FAMILY)
                .requesterId(sid)
                .reason(reason)
                .stage(VtdReasons.stage(fr));
        if (ir) {
            // FI is an interrupt index, not an address; the type and PASID bits (PP, PV, EXE, PRIV)
            // mean nothing for interrupt remapping (reference 2.2): no address, no access, no PASID.
            return b.access(Access.UNKNOWN).build();
        }
        boolean pp = bit(qw1, PP);
        if (pp) {
            // PV is garbage when PP = 0 (QEMU writes 0xffff there): ignored, not malformed.
            b.pasid((int) (qw1 >>> 40) & 0xFFFFF);
        }
        return b.address(qw0 & ~0xFFFL).access(access(qw1, pp)).build();
    }

    /** Access from T2:T1, and EXE / PRIV when PP = 1. */
    private static Access access(long qw1, boolean pp) {
        boolean t2 = bit(qw1, T2); // T2 at bit 92: only Genode shows it (unverified against the spec)
        boolean t1 = bit(qw1, T1);
        // T2:T1 = 00 write, 01 read, 10 page request (no data access), 11 AtomicOp (read and write).
        boolean read = t1;
        boolean write = t2 == t1;
        return Access.of(read, write, pp && bit(qw1, EXE), pp && bit(qw1, PRIV));
    }

    /** Cold: the error for the first rule (F, reserved bits, FR, AT, then FI of an interrupt-remapping record) the record breaks. */
    private static MalformedRecordException malformed(long qw0, long qw1, int offset) {
        if (!bit(qw1, F)) {
            return new MalformedRecordException(Le.FAMILY, offset + 15, "F",
                    "F (bit 127) is clear: the register holds no fault");
        }
        if ((qw0 & 0xFFF) != 0) {
            return new MalformedRecordException(Le.FAMILY, offset, "rsvd_11_0",
                    "reserved bits 11:0 are non-zero: 0x" + Long.toHexString(qw0 & 0xFFF));
        }
        if ((qw1 & RSVD_91_80) != 0) {
            return new MalformedRecordException(Le.FAMILY, offset + 10, "rsvd_91_80",
                    "reserved bits 91:80 are non-zero: 0x" + Long.toHexString((qw1 & RSVD_91_80) >>> 16));
        }
        int fr = (int) (qw1 >>> 32) & 0xFF;
        if (VtdReasons.reason(fr) == null) {
            return new MalformedRecordException(Le.FAMILY, offset + 12, "FR",
                    String.format("fault reason 0x%02x is not defined (Linux prints 'Unknown')", fr));
        }
        if ((qw1 >>> AT_SHIFT & 3) == 3) {
            return new MalformedRecordException(Le.FAMILY, offset + 15, "AT", "address type 11b is reserved");
        }
        return new MalformedRecordException(Le.FAMILY, offset + 1, "FI",
                "interrupt-remapping fault with non-zero FI bits 47:12");
    }

    /**
     * The interrupt index (FI bits 63:48) of an interrupt-remapping record at {@code offset}; the
     * normalised fault has no address for those.
     */
    public static int interruptIndex(ByteBuffer buf, int offset) throws MalformedRecordException {
        Le.requireBytes(buf, offset, SIZE, "FRCD");
        return (int) (LittleEndian.getLong(buf, offset) >>> 48);
    }

    /** The raw reason code (FR) of the record at {@code offset}, defined or not. */
    public static int reasonCode(ByteBuffer buf, int offset) throws MalformedRecordException {
        Le.requireBytes(buf, offset, SIZE, "FRCD");
        return (int) (LittleEndian.getLong(buf, offset + 8) >>> 32) & 0xFF;
    }

    private static boolean bit(long word, int bit) {
        return (word >>> bit & 1) != 0;
    }
}
