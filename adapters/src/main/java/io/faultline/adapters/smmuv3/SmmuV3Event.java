package io.faultline.adapters.smmuv3;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.smmuv3.SmmuV3EventType.Field;
import io.faultline.api.Fault;

/**
 * The raw fields of one SMMUv3 event record, before normalisation: for logging and diagnostics
 * (e.g. the SubstreamID of a C_BAD_SUBSTREAMID recorded without SSV) and for sources that print
 * the record's dwords, like the kernel's {@code event 0x10 received:} dump. Never rejects anything;
 * {@link #toFault()} applies the strict rules.
 *
 * <p>A dump cut short has fewer than four dwords ({@link #truncated}); fields of missing dwords are
 * then not {@linkplain #carries carried} and the fault built from it leaves them unset.
 */
public final class SmmuV3Event {
    /** dword0 [10:8]: never written by QEMU or read by Linux; a strict decoder rejects it. */
    static final long RESERVED0 = Dwords.field(10, 8);

    private final long d0;
    private final long d1;
    private final long d2;
    private final long d3;
    private final int dwordCount;

    private SmmuV3Event(long d0, long d1, long d2, long d3, int dwordCount) {
        this.d0 = d0;
        this.d1 = d1;
        this.d2 = d2;
        this.d3 = d3;
        this.dwordCount = dwordCount;
    }

    /** A whole record from its four little-endian 64-bit words (as Linux prints them, dword0 first). */
    public static SmmuV3Event of(long d0, long d1, long d2, long d3) {
        return new SmmuV3Event(d0, d1, d2, d3, 4);
    }

    /** A record of which only the first {@code dwords.length} (1..4) words are known. */
    public static SmmuV3Event truncated(long... dwords) {
        if (dwords.length < 1 || dwords.length > 4) {
            throw new IllegalArgumentException("an event record has 1 to 4 dwords, not " + dwords.length);
        }
        long[] d = new long[4];
        System.arraycopy(dwords, 0, d, 0, dwords.length);
        return new SmmuV3Event(d[0], d[1], d[2], d[3], dwords.length);
    }

    /** How many of the four dwords are known (4 unless {@link #truncated}). */
    public int dwordCount() {
        return dwordCount;
    }

    /** The dword {@code n} (0..3); 0 for a dword a truncated record lacks. */
    public long dword(int n) {
        switch (n) {
            case 0:
                return d0;
            case 1:
                return d1;
            case 2:
                return d2;
            case 3:
                return d3;
            default:
                throw new IndexOutOfBoundsException("dword " + n);
        }
    }

    /** EventID, dword0 [7:0]. */
    public int eventId() {
        return (int) (d0 & 0xff);
    }

    /** The table entry for {@link #eventId()}, or null for an id the table does not have. */
    public SmmuV3EventType type() {
        return SmmuV3EventType.ofId(eventId());
    }

    /** SSV, dword0 [11]: the SubstreamID is valid. */
    public boolean ssv() {
        return Dwords.bit(d0, 11);
    }

    /** SubstreamID, dword0 [31:12], whatever {@link #ssv()} says. */
    public int substreamId() {
        return (int) Dwords.bits(d0, 31, 12);
    }

    /** StreamID, dword0 [63:32], all 32 bits (unsigned). */
    public int streamId() {
        return (int) (d0 >>> 32);
    }

    /** Whether this record's event carries {@code field} and the field's dword is present. */
    public boolean carries(Field field) {
        SmmuV3EventType t = type();
        return t != null && t.carries(field) && field.dword() < dwordCount;
    }

    /** STAG, dword1 [15:0] (meaningful when {@link #carries carried}, as for every per-event field). */
    public int stag() {
        return (int) Dwords.bits(d1, 15, 0);
    }

    public boolean stall() {
        return Dwords.bit(d1, 31);
    }

    public boolean pnu() {
        return Dwords.bit(d1, 33);
    }

    public boolean ind() {
        return Dwords.bit(d1, 34);
    }

    /** RnW: 1 = read, 0 = write. */
    public boolean rnw() {
        return Dwords.bit(d1, 35);
    }

    public boolean s2() {
        return Dwords.bit(d1, 39);
    }

    /** CLASS, dword1 [41:40]: 0 CD, 1 TT, 2 IN, 3 reserved. */
    public int eventClass() {
        return (int) Dwords.bits(d1, 41, 40);
    }

    public boolean ttRnW() {
        return Dwords.bit(d1, 44);
    }

    public long inputAddr() {
        return d2;
    }

    /** IPA, dword3 [51:12], in place (bits [11:0] zero). */
    public long ipa() {
        return d3 & Field.IPA.mask();
    }

    /** FetchAddr, dword3 [51:3], in place (bits [2:0] zero). */
    public long fetchAddr() {
        return d3 & Field.FETCH_ADDR.mask();
    }

    /**
     * The set bits of dword {@code n} that no carried field covers (§1.4). In dword0 that is only
     * the reserved [10:8]; in dwords 1..3 it is kept for reports and is not an error.
     */
    public long otherBits(int n) {
        if (n == 0) {
            return d0 & RESERVED0;
        }
        long covered = 0;
        for (Field f : Field.values()) {
            if (f.dword() == n && carries(f)) {
                covered |= f.mask();
            }
        }
        return n < dwordCount ? dword(n) & ~covered : 0;
    }

    /**
     * The normalised fault, by the same strict rules as {@link SmmuV3EventDecoder}; error offsets
     * count from the record's first byte.
     */
    public Fault toFault() throws MalformedRecordException {
        return SmmuV3EventDecoder.decode(d0, d1, d2, d3, dwordCount, 0);
    }

    @Override
    public String toString() {
        SmmuV3EventType t = type();
        StringBuilder sb = new StringBuilder();
        sb.append(t != null ? t.name() : String.format("UNKNOWN(0x%02x)", eventId()));
        sb.append(" sid=0x").append(Integer.toHexString(streamId()));
        sb.append(ssv() ? " ssid=0x" : " (no ssv) ssid=0x").append(Integer.toHexString(substreamId()));
        for (int i = 0; i < 4; i++) {
            sb.append(i < dwordCount ? String.format(" 0x%016x", dword(i)) : " ?");
        }
        return sb.toString();
    }
}
