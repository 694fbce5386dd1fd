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

    /** The shared rules; fields in dwords at or beyond {@code dwordCount} count as absent. */
    static Fault decode(long d0, long d1, long d2, long d3, int dwordCount, long offset)
            throws MalformedRecordException {
        int id = (int) (d0 & 0xff);
        if (id == 0) {
            throw error(offset, "EventID", "event id 0 is not a recorded event (empty or zeroed queue slot)");
        }
        SmmuV3EventType type = SmmuV3EventType.ofId(id);
        if (type == null) {
            throw error(offset, "EventID", String.format(
                    "unknown event id 0x%02x (not defined by the SMMUv3 architecture as used here)", id));
        }
        if ((d0 & SmmuV3Event.RESERVED0) != 0) {
            throw error(offset + 1, "dword0[10:8]", String.format("reserved bits set: 0x%x",
                    Dwords.bits(d0, 10, 8)));
        }
        int fields = type.fieldBits() & presentFields(dwordCount);
        int eventClass = has(fields, Field.CLASS) ? (int) Dwords.bits(d1, 41, 40) : -1;
        if (eventClass == 3) {
            throw error(offset + 13, "CLASS", "CLASS=0b11 is a reserved value (event " + type.name() + ")");
        }
        Fault.Builder<?, ?> b;
        if (has(fields, Field.STALL) && Dwords.bit(d1, 31)) {
            b = PageRequest.builder(Family.ARM_SMMU_V3).groupIndex((int) Dwords.bits(d1, 15, 0)).lastInGroup(true);
        } else {
            b = UnrecoverableFault.builder(Family.ARM_SMMU_V3);
        }
        b.requesterId((int) (d0 >>> 32));
        if (Dwords.bit(d0, 11)) {
            b.pasid((int) Dwords.bits(d0, 31, 12));
        }
        if (has(fields, Field.INPUT_ADDR)) {
            b.address(d2);
        }
        boolean rnw = has(fields, Field.RNW);
        boolean read = rnw && Dwords.bit(d1, 35);
        b.access(Access.of(read, rnw && !read, has(fields, Field.IND) && Dwords.bit(d1, 34),
                has(fields, Field.PNU) && Dwords.bit(d1, 33)));
        b.stage(type.stage(has(fields, Field.S2) && Dwords.bit(d1, 39), eventClass));
        b.reason(type.reason());
        return b.build();
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

    private static boolean has(int fields, Field f) {
        return (fields & f.bit()) != 0;
    }

    private static MalformedRecordException error(long offset, String field, String detail) {
        return new MalformedRecordException(Family.ARM_SMMU_V3, offset, field, detail);
    }
}
