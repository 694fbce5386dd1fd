package io.faultline.adapters.kernellog;

import io.faultline.api.Access;
import io.faultline.api.Reason;
import io.faultline.api.Stage;

/**
 * Seam to the AMD-Vi event table (event code ↔ name, stage) and the {@code flags=} decode. The log
 * parser asks only this class; it delegates to the hardware adapter's tables.
 */
final class AmdViEvents {
    private AmdViEvents() {
    }

    static final int GN = 0x001;
    static final int NX = 0x002;
    static final int US = 0x004;
    static final int I = 0x008;
    static final int PR = 0x010;
    static final int RW = 0x020;
    static final int TR = 0x100;

    private static final String[] NAMES = {null, "ILLEGAL_DEV_TABLE_ENTRY", "IO_PAGE_FAULT", "DEV_TAB_HARDWARE_ERROR",
        "PAGE_TAB_HARDWARE_ERROR", "ILLEGAL_COMMAND_ERROR", "COMMAND_HARDWARE_ERROR", "IOTLB_INV_TIMEOUT",
        "INVALID_DEVICE_REQUEST", "INVALID_PPR_REQUEST", "EVENT_COUNTER_ZERO", null, null, "RMP_PAGE_FAULT",
        "RMP_HW_ERROR", null};
    private static final Stage[] STAGES = {Stage.NONE, Stage.CONTEXT, Stage.PTE, Stage.CONTEXT, Stage.PGD,
        Stage.NONE, Stage.NONE, Stage.NONE, Stage.NONE, Stage.NONE, Stage.NONE, Stage.NONE, Stage.NONE, Stage.NONE,
        Stage.NONE, Stage.NONE};
    private static final Reason[] REASONS = new Reason[16];

    static {
        for (int i = 0; i < 16; i++) {
            REASONS[i] = Reason.of(i, NAMES[i] != null ? NAMES[i] : "UNKNOWN");
        }
    }

    /** The event code for a Linux event name, or -1. */
    static int code(String name) {
        for (int i = 1; i < NAMES.length; i++) {
            if (name.equals(NAMES[i])) {
                return i;
            }
        }
        return -1;
    }

    static Reason reason(int code) {
        return REASONS[code & 0xf];
    }

    static Stage stage(int code) {
        return STAGES[code & 0xf];
    }

    /**
     * Access from the 12-bit flags: only for ILLEGAL_DEV_TABLE_ENTRY, IO_PAGE_FAULT and
     * PAGE_TAB_HARDWARE_ERROR, and only when PR=1, TR=0, I=0; exec/privileged only with GN=1.
     */
    static Access access(int code, int flags) {
        if (code != 1 && code != 2 && code != 4) {
            return Access.UNKNOWN;
        }
        if ((flags & I) != 0 || (flags & PR) == 0 || (flags & TR) != 0) {
            return Access.UNKNOWN;
        }
        boolean write = (flags & RW) != 0;
        boolean gn = (flags & GN) != 0;
        return Access.of(!write, write, gn && (flags & NX) != 0, gn && (flags & US) == 0);
    }
}
