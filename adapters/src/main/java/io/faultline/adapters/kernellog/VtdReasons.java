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

    /** Each Linux reason string (not {@code Unknown}, which every era prints for codes its table lacks) to its code. */
    private static final java.util.Map<String, Integer> CODE_OF_TEXT = new java.util.HashMap<>();

    static {
        for (int i = 0; i < 256; i++) {
            Reason r = io.faultline.adapters.vtd.VtdReasons.reason(i);
            if (r != null && !r.name().equals("Unknown")) {
                CODE_OF_TEXT.put(r.name(), i);
            }
        }
    }

    /** The code whose Linux string {@code text} is exactly, or -1 (also for {@code Unknown}). */
    static int codeOf(String text) {
        Integer c = CODE_OF_TEXT.get(text);
        return c == null ? -1 : c;
    }

    /**
     * Whether Linux prints a fault with this code in the INTR-REMAP form: its interrupt-remapping table
     * defines it (0x20-0x26; the undefined 0x27-0x2F print as DMA faults, {@code Unknown}).
     */
    static boolean interruptRemapping(int code) {
        return io.faultline.adapters.vtd.VtdReasons.isInterruptRemapping(code & 0xff)
                && io.faultline.adapters.vtd.VtdReasons.isDefined(code & 0xff);
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
