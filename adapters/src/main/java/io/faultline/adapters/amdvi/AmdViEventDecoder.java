package io.faultline.adapters.amdvi;

import io.faultline.adapters.LittleEndian;
import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Family;
import io.faultline.api.UnrecoverableFault;
import java.nio.ByteBuffer;

/**
 * Decodes one 128-bit AMD-Vi event log entry into an {@link UnrecoverableFault}. A pure function of
 * 16 bytes: little-endian whatever the buffer's order; the buffer's position and order are untouched.
 *
 * <pre>{@code
 * UnrecoverableFault f = AmdViEventDecoder.decode(eventLog, head);
 * // IO_PAGE_FAULT flags=0x0070 -> PTE, write, reason 0x2 IO_PAGE_FAULT
 * }</pre>
 *
 * <p>Rejected: a truncated entry, EventCode 0 (not written yet — the tail can move before the data
 * lands), the undefined codes 0xB, 0xC, 0xF, and an IO_PAGE_FAULT with reserved bits set
 * (DW0[31:20] or flags[11:9]). Reserved bits of the other events are ignored: their layouts rest on
 * fewer sources, and a record the hardware did write should not be lost to a doubtful layout.
 */
public final class AmdViEventDecoder {
    /** IO_PAGE_FAULT's reserved bits in DW0. */
    private static final int IOPF_DW0_RESERVED = 0xfff00000;

    private AmdViEventDecoder() {
    }

    /**
     * Decodes the entry at absolute byte {@code offset} of {@code buf}.
     *
     * @throws MalformedRecordException for a record a strict decoder rejects; its offset is
     *                                  {@code offset}
     */
    public static UnrecoverableFault decode(ByteBuffer buf, int offset) throws MalformedRecordException {
        Le.requireEntry(buf, offset, "event log entry");
        int dw0 = LittleEndian.getInt(buf, offset);
        int dw1 = LittleEndian.getInt(buf, offset + 4);
        long address = LittleEndian.getLong(buf, offset + 8);
        int code = dw1 >>> 28;
        int flags = (dw1 >>> 16) & AmdViFlags.MASK;

        AmdViEvent event = AmdViEvent.ofCode(code);
        if (event == null) {
            throw new MalformedRecordException(Family.AMD_VI, offset, "EventCode", code == 0
                    ? "0: entry not written yet (all-zero or written late); do not decode"
                    : "0x" + Integer.toHexString(code) + " is not a defined event code");
        }
        if (event == AmdViEvent.IO_PAGE_FAULT
                && ((dw0 & IOPF_DW0_RESERVED) != 0 || (flags & event.reservedFlags()) != 0)) {
            throw new MalformedRecordException(Family.AMD_VI, offset, "reserved",
                    "IO_PAGE_FAULT with reserved bits set (DW0[31:20]=0x" + Integer.toHexString(dw0 >>> 20)
                            + ", flags[11:9]=0x" + Integer.toHexString(flags >>> 9) + ")");
        }

        UnrecoverableFault.Builder b = UnrecoverableFault.builder(Family.AMD_VI)
                .reason(event.reason())
                .stage(event.stage())
                .access(event.access(flags))
                .address(event == AmdViEvent.RMP_HW_ERROR ? address & ~7L : address);
        if (event.hasDeviceId()) {
            b.requesterId(dw0 & 0xffff);
        }
        int pasid = event.pasid(dw0, dw1, flags);
        if (pasid >= 0) {
            b.pasid(pasid);
        }
        return b.build();
    }
}
