package io.faultline.adapters.kernellog;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.amdvi.AmdViEvent;
import io.faultline.adapters.amdvi.AmdViEventDecoder;
import io.faultline.api.Access;
import io.faultline.api.Fault;
import io.faultline.api.Reason;
import io.faultline.api.Stage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Seam to the AMD-Vi event table, {@code flags=} rules and event decoder of the hardware adapter
 * ({@link AmdViEvent}, {@link AmdViEventDecoder}). Codes no table defines (0xB, 0xC, 0xF) keep their
 * number, are named {@code UNKNOWN} as Linux prints them, and have no stage.
 */
final class AmdViEvents {
    private AmdViEvents() {
    }

    private static final Reason[] UNKNOWN = new Reason[16];

    static {
        for (int i = 0; i < 16; i++) {
            UNKNOWN[i] = Reason.of(i, "UNKNOWN");
        }
    }

    /** The events, once: {@link AmdViEvent#ofName} clones {@code values()} on every call. */
    private static final AmdViEvent[] EVENTS = AmdViEvent.values();

    /** The event code for a Linux event name, or -1 (as {@link AmdViEvent#ofName} finds it). */
    static int code(String name) {
        for (AmdViEvent e : EVENTS) {
            if (e.name().equals(name)) {
                return e.code();
            }
        }
        return -1;
    }

    static Reason reason(int code) {
        AmdViEvent e = AmdViEvent.ofCode(code);
        return e != null ? e.reason() : UNKNOWN[code & 0xf];
    }

    static Stage stage(int code) {
        AmdViEvent e = AmdViEvent.ofCode(code);
        return e != null ? e.stage() : Stage.NONE;
    }

    /** Access from the 12-bit flags by the event's rules (unknown for events whose flags do not say). */
    static Access access(int code, int flags) {
        AmdViEvent e = AmdViEvent.ofCode(code);
        return e != null ? e.access(flags) : Access.UNKNOWN;
    }

    /** The {@code flags=} bits the event decoder rejects for this event ({@link AmdViEvent#reservedFlags()}); 0 for unknown codes. */
    static int reservedFlags(int code) {
        AmdViEvent e = AmdViEvent.ofCode(code);
        return e != null ? e.reservedFlags() : 0;
    }

    /** Whether a printed {@code pasid=} is valid for this event and flags (GN, or the PPR-style GN). */
    static boolean hasPasid(int code, int flags) {
        AmdViEvent e = AmdViEvent.ofCode(code);
        return e != null && e.hasPasid(flags);
    }

    /** The fault of an {@code UNKNOWN event[0]=.. event[3]=..} line: its four dwords are the raw entry. */
    static Fault decode(long[] dw) throws LineFormatException {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 4; i++) {
            b.putInt(i * 4, (int) dw[i]);
        }
        try {
            return AmdViEventDecoder.decode(b, 0);
        } catch (MalformedRecordException e) {
            throw new LineFormatException("AMD-Vi: event words: " + e.field() + ": " + e.detail());
        }
    }
}
