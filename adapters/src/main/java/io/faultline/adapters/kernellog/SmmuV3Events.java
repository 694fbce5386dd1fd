package io.faultline.adapters.kernellog;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.smmuv3.SmmuV3Event;
import io.faultline.adapters.smmuv3.SmmuV3EventType;
import io.faultline.api.Fault;
import io.faultline.api.Family;
import io.faultline.api.Reason;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import java.util.Arrays;

/**
 * Seam to the SMMUv3 event decoder and table of the hardware adapter ({@link SmmuV3Event},
 * {@link SmmuV3EventType}): a dump's dwords, whole or cut short, decode by the same rules as the
 * event queue.
 */
final class SmmuV3Events {
    private SmmuV3Events() {
    }

    private static final Reason[] UNKNOWN = new Reason[256];

    static {
        for (int i = 0; i < 256; i++) {
            UNKNOWN[i] = Reason.of(i, "UNKNOWN");
        }
    }

    static Reason reason(int id) {
        SmmuV3EventType t = SmmuV3EventType.ofId(id & 0xff);
        return t != null ? t.reason() : UNKNOWN[id & 0xff];
    }

    /** The event id for a name as Linux 6.15 prints it, or -1. */
    static int id(String name) {
        for (SmmuV3EventType t : SmmuV3EventType.values()) {
            if (t.name().equals(name)) {
                return t.id();
            }
        }
        return -1;
    }

    /** Stage from id; {@code cls} null when CLASS is unknown. */
    static Stage stage(int id, Integer cls, boolean s2) {
        SmmuV3EventType t = SmmuV3EventType.ofId(id & 0xff);
        return t == null ? Stage.NONE : t.stage(s2, cls == null ? -1 : cls);
    }

    /**
     * Decodes the first {@code count} dwords of an event record (count 0 = only the header's id).
     *
     * @throws LineFormatException when the decoder rejects the record or dword0 disagrees with the header
     */
    static Fault decode(int headerId, long[] w, int count) throws LineFormatException {
        if (count == 0) {
            SmmuV3EventType t = SmmuV3EventType.ofId(headerId);
            if (t == null) {
                throw new LineFormatException("SMMUv3: unknown event id 0x" + Integer.toHexString(headerId));
            }
            return UnrecoverableFault.builder(Family.ARM_SMMU_V3).stage(t.stage(false, -1)).reason(t.reason()).build();
        }
        if ((w[0] & 0xff) != headerId) {
            throw new LineFormatException("SMMUv3: header says event 0x" + Integer.toHexString(headerId)
                    + " but dword0 holds EventID 0x" + Long.toHexString(w[0] & 0xff));
        }
        SmmuV3Event e = count == 4 ? SmmuV3Event.of(w[0], w[1], w[2], w[3]) : SmmuV3Event.truncated(Arrays.copyOf(w, count));
        try {
            return e.toFault();
        } catch (MalformedRecordException x) {
            throw new LineFormatException("SMMUv3: " + x.field() + ": " + x.detail());
        }
    }
}
