package io.faultline.adapters.kernellog;

import io.faultline.api.Access;
import io.faultline.api.Fault;
import io.faultline.api.Family;
import io.faultline.api.PageRequest;
import io.faultline.api.Reason;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Seam to the arm-smmu v1/v2 register decode (context-bank FSR/FSYNR0, global GFSR/GFSYNRn) as
 * arm-smmu.md §6.4 states it.
 */
final class ArmSmmuRegs {
    private ArmSmmuRegs() {
    }

    private static final String[] FSR_NAMES = {null, "TF", "AFF", "PF", "EF", "TLBMCF", "TLBLKF", "ASF", "UUT"};
    private static final String[] GFSR_NAMES = {"ICF", "USF", "SMCF", "UCBF", "UCIF", "CAF", "EF", "PF", "UUT"};
    private static final ConcurrentHashMap<Integer, Reason> CB_REASONS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Integer, Reason> G_REASONS = new ConcurrentHashMap<>();
    static final Reason CONTEXT_FAULT = Reason.named("context fault");
    static final Reason GLOBAL_FAULT = Reason.named("global fault");

    /**
     * A context-bank fault. {@code fsr} or {@code cbfrsynra} is -1 when the line's era did not print it.
     */
    static Fault context(long fsr, long fsynr0, long far, long cbfrsynra, int cb) throws LineFormatException {
        Stage stage = Stage.NONE;
        Reason reason = CONTEXT_FAULT;
        boolean stalled = false;
        if (fsr >= 0) {
            if ((fsr & ~0xc00007feL) != 0) {
                throw new LineFormatException("arm-smmu: fsr=0x" + Long.toHexString(fsr) + " has reserved bits set");
            }
            if ((fsr & 0xc00001feL) == 0) {
                throw new LineFormatException("arm-smmu: fsr=0x" + Long.toHexString(fsr) + " has no fault bit");
            }
            if (((fsr >>> 9) & 3) == 3) {
                throw new LineFormatException("arm-smmu: fsr=0x" + Long.toHexString(fsr) + " has FORMAT=3");
            }
            boolean ptwf = (fsynr0 & (1 << 10)) != 0;
            if ((fsr & (0x2 | 0x4 | 0x8 | 0x80)) != 0 || ((fsr & 0x10) != 0 && ptwf)) {
                stage = Stage.PTE;
            }
            int code = (int) (fsr & 0x1fe);
            reason = code == 0 ? CONTEXT_FAULT : CB_REASONS.computeIfAbsent(code, c -> Reason.of(c, names(c, FSR_NAMES)));
            stalled = (fsr & (1L << 30)) != 0;
        }
        boolean wnr = (fsynr0 & 0x10) != 0;
        Access access = Access.of(!wnr, wnr, (fsynr0 & 0x40) != 0, (fsynr0 & 0x20) != 0);
        Fault.Builder<?, ?> b = stalled ? PageRequest.builder(Family.ARM_SMMU).groupIndex(cb).lastInGroup(true)
                : UnrecoverableFault.builder(Family.ARM_SMMU);
        if (cbfrsynra >= 0) {
            b.requesterId((int) (cbfrsynra & 0xffff));
        }
        return b.address(far).access(access).stage(stage).reason(reason).build();
    }

    /** A global fault; the log never prints sGFAR, so the address is unknown. */
    static Fault global(long gfsr, long gfsynr0, long gfsynr1) throws LineFormatException {
        if (gfsr == 0 || (gfsr & 0x7ffffe00L) != 0 || gfsr > 0xffffffffL) {
            throw new LineFormatException("arm-smmu: GFSR 0x" + Long.toHexString(gfsr)
                    + (gfsr == 0 ? " is zero" : " has reserved bits set"));
        }
        int code = (int) (gfsr & 0x1ff);
        Stage stage = (gfsr & 0xf) != 0 ? Stage.CONTEXT : Stage.NONE;
        boolean wnr = (gfsynr0 & 0x2) != 0;
        Reason reason = code == 0 ? GLOBAL_FAULT : G_REASONS.computeIfAbsent(code, c -> Reason.of(c, names(c, GFSR_NAMES)));
        return UnrecoverableFault.builder(Family.ARM_SMMU).requesterId((int) (gfsynr1 & 0xffff))
                .access(Access.of(!wnr, wnr, (gfsynr0 & 0x8) != 0, (gfsynr0 & 0x4) != 0)).stage(stage)
                .reason(reason).build();
    }

    private static String names(int code, String[] names) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            if (names[i] != null && (code & (1 << i)) != 0) {
                sb.append(sb.length() == 0 ? "" : "|").append(names[i]);
            }
        }
        return sb.toString();
    }
}
