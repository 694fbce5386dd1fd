package io.faultline.adapters.smmuv3;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.smmuv3.SmmuV3EventType.Field;
import io.faultline.api.Access;
import io.faultline.api.Family;
import io.faultline.api.Fault;
import io.faultline.api.PageRequest;
import io.faultline.api.UnrecoverableFault;
import java.nio.ByteBuffer;

/**
 * Decodes one 32-byte SMMUv3 event queue record into a {@link Fault} (reference {@code arm-smmu.md}
 * §1–2). A pure function of the bytes: it allocates only the fault (and its builder).
 *
 * <ul>
 *   <li>requesterId = StreamID (32 bits); pasid = SubstreamID only when SSV=1.</li>
 *   <li>address = InputAddr (dword2) for the events that carry it, never IPA or FetchAddr.</li>
 *   <li>access bits only for events that carry RnW / InD / PnU; RnW=1 means read.</li>
 *   <li>stage from {@link SmmuV3EventType#stage}; reason = the event's one {@link io.faultline.api.Reason}.</li>
 *   <li>Stall=1 (events 0x0B, 0x10–0x13): a {@link PageRequest} with groupIndex = STAG and
 *       lastInGroup = true, to be answered by exactly one CMD_RESUME ({@link SmmuV3ResponseSink}).</li>
 * </ul>
 * Rejected with {@link MalformedRecordException}: event id 0 (an empty slot), an id not in the
 * table, reserved dword0 [10:8] set, CLASS=0b11. Set bits elsewhere that no field covers are not
 * errors (a published record has dword1 bit 32 set); {@link SmmuV3Event#otherBits} shows them.
 */
public final class SmmuV3EventDecoder {
    /** Bytes per event record. */
    public static final int RECORD_BYTES = 32;

    // Field bits as int constants, so the hot path reads no enum constant.
    private static final int CLASS = Field.CLASS.bit();
    private static final int STALL = Field.STALL.bit();
    private static final int INPUT_ADDR = Field.INPUT_ADDR.bit();
    private static final int RNW = Field.RNW.bit();
    private static final int IND = Field.IND.bit();
    private static final int PNU = Field.PNU.bit();
    private static final int S2 = Field.S2.bit();

    private SmmuV3EventDecoder() {
    }

    /**
     * Decodes the record at absolute {@code offset} of {@code buf}, little-endian whatever the
     * buffer's order; the position is ignored, the record must end within the limit; the buffer is
     * not changed.
     *
     * @throws MalformedRecordException naming the byte offset in {@code buf} and the field, also
     *         when fewer than 32 bytes lie between {@code offset} and the buffer's limit
     */
    public static Fault decode(ByteBuffer buf, int offset) throws MalformedRecordException {
        Dwords.checkLength(buf, offset, RECORD_BYTES, "event record");
        return decode(Dwords.get(buf, offset), Dwords.get(buf, offset + 8), Dwords.get(buf, offset + 16),
                Dwords.get(buf, offset + 24), 4, offset);
    }

    /**
     * Decodes a record given as its four 64-bit words, dword0 first: the values the kernel prints
     * after {@code event 0x%02x received:}. Error offsets count from the record's first byte. For a
     * dump with fewer than four dwords use {@link SmmuV3Event#truncated}{@code .toFault()}.
     */
    public static Fault decode(long d0, long d1, long d2, long d3) throws MalformedRecordException {
        return decode(d0, d1, d2, d3, 4, 0);
    }

    /**
     * The shared rules; fields in dwords at or beyond {@code dwordCount} count as absent. Kept under
     * C2's FreqInlineSize (325 bytecodes) so it inlines into the caller and the fault can be
     * scalar-replaced there: every error is built in a separate cold method.
     */
    static Fault decode(long d0, long d1, long d2, long d3, int dwordCount, long offset)
            throws MalformedRecordException {
        SmmuV3EventType type = SmmuV3EventType.ofId((int) (d0 & 0xff)); // id 0 is in no table slot
        if (type == null || (d0 & SmmuV3Event.RESERVED0) != 0) {
            throw badDword0(d0, offset);
        }
        int fields = type.fieldBits() & presentFields(dwordCount);
        int eventClass = (fields & CLASS) != 0 ? (int) (d1 >>> 40) & 3 : -1;
        if (eventClass == 3) {
            throw badClass(type, offset);
        }
        Fault.Builder<?, ?> b;
        if ((fields & STALL) != 0 && (d1 & (1L << 31)) != 0) {
            b = PageRequest.builder(Family.ARM_SMMU_V3).groupIndex((int) d1 & 0xffff).lastInGroup(true);
        } else {
            b = UnrecoverableFault.builder(Family.ARM_SMMU_V3);
        }
        b.requesterId((int) (d0 >>> 32));
        if ((d0 & (1L << 11)) != 0) {
            b.pasid((int) (d0 >>> 12) & 0xfffff);
        }
        if ((fields & INPUT_ADDR) != 0) {
            b.address(d2);
        }
        b.access(access(fields, d1));
        b.stage(type.stage((fields & S2) != 0 && (d1 & (1L << 39)) != 0, eventClass));
        b.reason(type.reason());
        return b.build();
    }

    /**
     * The stalled transaction a rejected record still holds, or null: only when the event id is known
     * and carries Stall, and Stall=1 (StreamID and STAG are then readable). Reserved dword0 [10:8] and
     * CLASS=0b11 are ignored for this; the transaction waits for CMD_RESUME all the same. The caller
     * has checked that 32 bytes lie at {@code offset}.
     */
    static PageRequest owedResume(ByteBuffer buf, int offset) {
        long d0 = Dwords.get(buf, offset) & ~SmmuV3Event.RESERVED0;
        long d1 = Dwords.get(buf, offset + 8) & ~Field.CLASS.mask();
        SmmuV3EventType type = SmmuV3EventType.ofId((int) (d0 & 0xff));
        if (type == null || !type.canStall() || (d1 & (1L << 31)) == 0) {
            return null;
        }
        try {
            return (PageRequest) decode(d0, d1, Dwords.get(buf, offset + 16), Dwords.get(buf, offset + 24), 4, offset);
        } catch (MalformedRecordException e) {
            throw new IllegalStateException("no rule left to break", e);
        }
    }

    /** Access from RnW (1 = read), InD and PnU, for the events that carry them. */
    private static Access access(int fields, long d1) {
        boolean rnw = (fields & RNW) != 0;
        boolean read = rnw && (d1 & (1L << 35)) != 0;
        return Access.of(read, rnw && !read, (fields & IND) != 0 && (d1 & (1L << 34)) != 0,
                (fields & PNU) != 0 && (d1 & (1L << 33)) != 0);
    }

    /** Cold: the error for an unknown or zero event id, or reserved dword0 [10:8] set. */
    private static MalformedRecordException badDword0(long d0, long offset) {
        int id = (int) (d0 & 0xff);
        if (id == 0) {
            return error(offset, "EventID", "event id 0 is not a recorded event (empty or zeroed queue slot)");
        }
        if (SmmuV3EventType.ofId(id) == null) {
            return error(offset, "EventID", String.format(
                    "unknown event id 0x%02x (not defined by the SMMUv3 architecture as used here)", id));
        }
        return error(offset + 1, "dword0[10:8]", String.format("reserved bits set: 0x%x",
                Dwords.bits(d0, 10, 8)));
    }

    /** Cold: the error for CLASS=0b11. */
    private static MalformedRecordException badClass(SmmuV3EventType type, long offset) {
        return error(offset + 13, "CLASS", "CLASS=0b11 is a reserved value (event " + type.name() + ")");
    }

    private static int presentFields(int dwordCount) {
        if (dwordCount >= 4) {
            return -1;
        }
        int present = 0;
        for (Field f : Field.values()) {
            if (f.dword() < dwordCount) {
                present |= f.bit();
            }
        }
        return present;
    }

    private static MalformedRecordException error(long offset, String field, String detail) {
        return new MalformedRecordException(Family.ARM_SMMU_V3, offset, field, detail);
    }
}
