package io.faultline.adapters.kernellog;

import static io.faultline.adapters.armsmmu.ArmSmmuRegisters.FSR_FAULT;
import static io.faultline.adapters.armsmmu.ArmSmmuRegisters.FSR_FORMAT;
import static io.faultline.adapters.armsmmu.ArmSmmuRegisters.FSR_RESERVED;
import static io.faultline.adapters.armsmmu.ArmSmmuRegisters.FSR_SS;
import static io.faultline.adapters.armsmmu.ArmSmmuRegisters.GFSR_RESERVED;

import io.faultline.adapters.armsmmu.ArmSmmuRegisters;
import io.faultline.api.Fault;
import io.faultline.api.Family;
import io.faultline.api.PageRequest;
import io.faultline.api.Reason;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;

/**
 * Seam from arm-smmu v1/v2 log lines to the register tables the capture decoder uses
 * ({@link ArmSmmuRegisters}, arm-smmu.md §6.4): the same masks, reasons, stages and access. What is
 * the log's own: a value the line's era did not print, and its wording of a bad value.
 */
final class ArmSmmuRegs {
    private ArmSmmuRegs() {
    }

    /**
     * The reason when the line's era printed no FSR. A printed FSR, even one with no cause bit (only
     * SS/MULTI: code 0), gets the capture decoder's reason for the same value.
     */
    static final Reason CONTEXT_FAULT = Reason.named("context fault");
    /** The reason of a global fault whose GFSR line is missing (a printed GFSR gets its table reason). */
    static final Reason GLOBAL_FAULT = Reason.named("global fault");
    /**
     * A context-bank fault. {@code fsr} or {@code cbfrsynra} is -1 when the line's era did not print it.
     */
    static Fault context(long fsr, long fsynr0, long far, long cbfrsynra, int cb) throws LineFormatException {
        Stage stage = Stage.NONE;
        Reason reason = CONTEXT_FAULT;
        boolean stalled = false;
        if (fsr >= 0) {
            if (fsr > 0xffffffffL || (fsr & FSR_RESERVED) != 0) {
                throw new LineFormatException("arm-smmu: fsr=0x" + Long.toHexString(fsr) + " has reserved bits set");
            }
            int r = (int) fsr;
            if ((r & FSR_FAULT) == 0) {
                throw new LineFormatException("arm-smmu: fsr=0x" + Long.toHexString(fsr) + " has no fault bit");
            }
            if ((r & FSR_FORMAT) == FSR_FORMAT) {
                throw new LineFormatException("arm-smmu: fsr=0x" + Long.toHexString(fsr) + " has FORMAT=3");
            }
            stage = ArmSmmuRegisters.fsrStage(r, (int) fsynr0);
            reason = ArmSmmuRegisters.fsrReason(r);
            stalled = (r & FSR_SS) != 0;
        }
        Fault.Builder<?, ?> b = stalled ? PageRequest.builder(Family.ARM_SMMU).groupIndex(cb).lastInGroup(true)
                : UnrecoverableFault.builder(Family.ARM_SMMU);
        if (cbfrsynra >= 0) {
            b.requesterId((int) (cbfrsynra & 0xffff));
        }
        return b.address(far).access(ArmSmmuRegisters.fsynr0Access((int) fsynr0)).stage(stage).reason(reason).build();
    }

    /** A global fault; the log never prints sGFAR, so the address is unknown. */
    static Fault global(long gfsr, long gfsynr0, long gfsynr1) throws LineFormatException {
        if (gfsr == 0 || gfsr > 0xffffffffL || (gfsr & GFSR_RESERVED) != 0) {
            throw new LineFormatException("arm-smmu: GFSR 0x" + Long.toHexString(gfsr)
                    + (gfsr == 0 ? " is zero" : " has reserved bits set"));
        }
        int r = (int) gfsr;
        return UnrecoverableFault.builder(Family.ARM_SMMU).requesterId((int) (gfsynr1 & 0xffff))
                .access(ArmSmmuRegisters.gfsynr0Access((int) gfsynr0)).stage(ArmSmmuRegisters.gfsrStage(r))
                .reason(ArmSmmuRegisters.gfsrReason(r)).build();
    }
}
