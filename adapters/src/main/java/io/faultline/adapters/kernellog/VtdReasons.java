package io.faultline.adapters.kernellog;

import io.faultline.api.Reason;
import io.faultline.api.Stage;

/**
 * Seam to the VT-d fault-reason table of the hardware adapter ({@link io.faultline.adapters.vtd.VtdReasons}).
 * Codes the table does not define keep their number with Linux's name for them, {@code Unknown},
 * and no stage.
 */
final class VtdReasons {
    private VtdReasons() {
    }

    private static final Reason[] UNDEFINED = new Reason[256];

    static {
        for (int i = 0; i < 256; i++) {
            if (!io.faultline.adapters.vtd.VtdReasons.isDefined(i)) {
                UNDEFINED[i] = Reason.of(i, "Unknown");
            }
        }
    }

    /** The reason for a code 0..255. */
    static Reason reason(int code) {
        Reason r = io.faultline.adapters.vtd.VtdReasons.reason(code & 0xff);
        return r != null ? r : UNDEFINED[code & 0xff];
    }

    /** The stage of a code 0..255; NONE for interrupt remapping, code 0 and undefined codes. */
    static Stage stage(int code) {
        Stage s = io.faultline.adapters.vtd.VtdReasons.stage(code & 0xff);
        return s != null ? s : Stage.NONE;
    }
}
