package io.faultline.adapters.armsmmu;

import io.faultline.api.Access;
import io.faultline.api.PageResponse;
import io.faultline.api.Reason;
import io.faultline.api.Stage;
import java.util.Objects;

/**
 * The arm-smmu v1/v2 fault-register tables (reference {@code arm-smmu.md} §6.1, §6.2, §6.4): bit
 * masks of the context-bank FSR / FSYNR0 and of the global sGFSR / sGFSYNR0, and the rules that turn
 * register values into the fault model. Pure functions of 32-bit register values, so every source of
 * these registers shares one table: the 28-byte capture ({@link ArmSmmuFaultDecoder}), a kernel-log
 * line that prints {@code fsr=} / {@code fsynr=} / {@code GFSR}, a driver reading the registers.
 *
 * <p>Reasons are interned: one {@link Reason} per code, built once, so a decode allocates none.
 */
public final class ArmSmmuRegisters {
    // FSR (context bank, offset 0x58), Linux arm-smmu.h.
    public static final int FSR_TF = 1 << 1;
    public static final int FSR_AFF = 1 << 2;
    public static final int FSR_PF = 1 << 3;
    public static final int FSR_EF = 1 << 4;
    public static final int FSR_TLBMCF = 1 << 5;
    public static final int FSR_TLBLKF = 1 << 6;
    public static final int FSR_ASF = 1 << 7;
    public static final int FSR_UUT = 1 << 8;
    /** FSR.FORMAT [10:9] (Linux 6.11+); the value 3 is reserved. */
    public static final int FSR_FORMAT = 3 << 9;
    /** Stalled: the transaction waits for a write to CB_RESUME. */
    public static final int FSR_SS = 1 << 30;
    public static final int FSR_MULTI = 1 << 31;
    /** The cause bits TF..UUT: the reason code of a context fault is {@code fsr & FSR_CAUSES}. */
    public static final int FSR_CAUSES = 0x1fe;
    /** Linux {@code ARM_SMMU_FSR_FAULT}: an FSR with none of these bits reports nothing. */
    public static final int FSR_FAULT = 0xc000_01fe;
    /** Bit 0 and bits [29:11]. */
    public static final int FSR_RESERVED = 0x3fff_f801;

    // FSYNR0 (context bank, offset 0x68).
    /** PLVL [1:0]: the lookup level the walk stopped at; diagnostics only, never a stage (§6.4). */
    public static final int FSYNR0_PLVL = 3;
    public static final int FSYNR0_WNR = 1 << 4;
    public static final int FSYNR0_PNU = 1 << 5;
    public static final int FSYNR0_IND = 1 << 6;
    /** Spec only (IHI 0062), unverified by Linux or QEMU: not decoded. */
    public static final int FSYNR0_NSSTATE = 1 << 7;
    public static final int FSYNR0_NSATTR = 1 << 8;
    /** Spec only (IHI 0062), unverified by Linux or QEMU: not decoded. */
    public static final int FSYNR0_ATOF = 1 << 9;
    /** The fault happened during a page-table walk: makes an external fault a PTE-stage one. */
    public static final int FSYNR0_PTWF = 1 << 10;
    public static final int FSYNR0_AFR = 1 << 11;
    /** S1CBNDX [23:16]: a stage-1 context bank index, not a PASID. */
    public static final int FSYNR0_S1CBNDX_SHIFT = 16;

    // sGFSR (GR0 0x48): positions from the HiSilicon SMMU-500 header and a second vendor header.
    public static final int GFSR_ICF = 1;
    public static final int GFSR_USF = 1 << 1;
    public static final int GFSR_SMCF = 1 << 2;
    public static final int GFSR_UCBF = 1 << 3;
    public static final int GFSR_UCIF = 1 << 4;
    public static final int GFSR_CAF = 1 << 5;
    public static final int GFSR_EF = 1 << 6;
    public static final int GFSR_PF = 1 << 7;
    public static final int GFSR_UUT = 1 << 8;
    public static final int GFSR_MULTI = 1 << 31;
    /** ICF..UUT: the reason code of a global fault is {@code gfsr & GFSR_CAUSES}. */
    public static final int GFSR_CAUSES = 0x1ff;
    /** Bits [30:9]. */
    public static final int GFSR_RESERVED = 0x7fff_fe00;

    // sGFSYNR0 (GR0 0x50).
    public static final int GFSYNR0_NESTED = 1;
    public static final int GFSYNR0_WNR = 1 << 1;
    public static final int GFSYNR0_PNU = 1 << 2;
    public static final int GFSYNR0_IND = 1 << 3;

    /** Context-bank register CB_RESUME (offset 0x8): 0 retries the stalled transaction, 1 terminates it. */
    public static final int CB_RESUME = 0x8;
    public static final int RESUME_RETRY = 0;
    public static final int RESUME_TERMINATE = 1;

    /** Cause-bit names in bit order from bit 0; FSR bit 0 is reserved. */
    private static final String[] FSR_NAMES = {null, "TF", "AFF", "PF", "EF", "TLBMCF", "TLBLKF", "ASF", "UUT"};
    private static final String[] GFSR_NAMES = {"ICF", "USF", "SMCF", "UCBF", "UCIF", "CAF", "EF", "PF", "UUT"};
    /**
     * The reason name of code 0 (only SS and/or MULTI set): the reference's rule joins no cause bit,
     * and a {@link Reason} with a code needs a name.
     */
    public static final String NO_CAUSE = "no cause bit";

    private static final Reason[] FSR_REASONS = reasons(FSR_CAUSES, FSR_NAMES);
    private static final Reason[] GFSR_REASONS = reasons(GFSR_CAUSES, GFSR_NAMES);

    private ArmSmmuRegisters() {
    }

    private static Reason[] reasons(int causes, String[] names) {
        Reason[] table = new Reason[causes + 1];
        for (int code = 0; code <= causes; code++) {
            if ((code & ~causes) == 0) {
                table[code] = Reason.of(code, code == 0 ? NO_CAUSE : join(code, names));
            }
        }
        return table;
    }

    private static String join(int code, String[] names) {
        StringBuilder sb = new StringBuilder();
        for (int bit = 0; bit < names.length; bit++) {
            if ((code & 1 << bit) != 0) {
                sb.append(sb.length() == 0 ? "" : "|").append(names[bit]);
            }
        }
        return sb.toString();
    }

    /** Whether an FSR value is a recorded context fault: no reserved bit, a fault bit, FORMAT not 3. */
    public static boolean isValidFsr(int fsr) {
        return (fsr & FSR_RESERVED) == 0 && (fsr & FSR_FAULT) != 0 && (fsr & FSR_FORMAT) != FSR_FORMAT;
    }

    /** Why {@link #isValidFsr} is false, in the reference's words; null for a valid value. */
    public static String fsrProblem(int fsr) {
        if ((fsr & FSR_RESERVED) != 0) {
            return "FSR reserved bits set (bit 0 or bits [29:11]): 0x" + Integer.toHexString(fsr & FSR_RESERVED);
        }
        if ((fsr & FSR_FAULT) == 0) {
            return "FSR has no fault bit set (FAULT mask 0xc00001fe is zero): nothing to report";
        }
        if ((fsr & FSR_FORMAT) == FSR_FORMAT) {
            return "FSR FORMAT=3 is reserved";
        }
        return null;
    }

    /** Whether a GFSR value is a recorded global fault: not zero, no reserved bit [30:9]. */
    public static boolean isValidGfsr(int gfsr) {
        return gfsr != 0 && (gfsr & GFSR_RESERVED) == 0;
    }

    /** Why {@link #isValidGfsr} is false, in the reference's words; null for a valid value. */
    public static String gfsrProblem(int gfsr) {
        if (gfsr == 0) {
            return "GFSR is zero: no global fault";
        }
        if ((gfsr & GFSR_RESERVED) != 0) {
            return "GFSR reserved bits set (bits [30:9]): 0x" + Integer.toHexString(gfsr & GFSR_RESERVED);
        }
        return null;
    }

    /**
     * The reason of a context fault: code {@code fsr & 0x1fe}, name the set cause bits joined with
     * {@code |} in the order TF, AFF, PF, EF, TLBMCF, TLBLKF, ASF, UUT; {@value #NO_CAUSE} for code 0.
     */
    public static Reason fsrReason(int fsr) {
        return FSR_REASONS[fsr & FSR_CAUSES];
    }

    /** The reason of a global fault: code {@code gfsr & 0x1ff}, names ICF, USF, SMCF, UCBF, UCIF, CAF, EF, PF, UUT. */
    public static Reason gfsrReason(int gfsr) {
        return GFSR_REASONS[gfsr & GFSR_CAUSES];
    }

    /**
     * PTE when TF, AFF, PF or ASF is set, or EF with FSYNR0.PTWF (an abort while reading a descriptor);
     * otherwise NONE (TLBMCF, TLBLKF, EF without PTWF, UUT: no translation stage). PLVL never gives PGD.
     */
    public static Stage fsrStage(int fsr, int fsynr0) {
        boolean walk = (fsr & (FSR_TF | FSR_AFF | FSR_PF | FSR_ASF)) != 0
                || (fsr & FSR_EF) != 0 && (fsynr0 & FSYNR0_PTWF) != 0;
        return walk ? Stage.PTE : Stage.NONE;
    }

    /**
     * CONTEXT when ICF, USF, SMCF or UCBF is set (the stream-to-context mapping, the device entry, is
     * missing or broken: the v2 counterparts of C_BAD_STE); otherwise NONE.
     */
    public static Stage gfsrStage(int gfsr) {
        return (gfsr & (GFSR_ICF | GFSR_USF | GFSR_SMCF | GFSR_UCBF)) != 0 ? Stage.CONTEXT : Stage.NONE;
    }

    /** Access from FSYNR0: WNR set means write (the opposite of SMMUv3's RnW), IND exec, PNU privileged. */
    public static Access fsynr0Access(int fsynr0) {
        boolean write = (fsynr0 & FSYNR0_WNR) != 0;
        return Access.of(!write, write, (fsynr0 & FSYNR0_IND) != 0, (fsynr0 & FSYNR0_PNU) != 0);
    }

    /** Access from sGFSYNR0: WNR bit 1 means write, IND bit 3 exec, PNU bit 2 privileged. */
    public static Access gfsynr0Access(int gfsynr0) {
        boolean write = (gfsynr0 & GFSYNR0_WNR) != 0;
        return Access.of(!write, write, (gfsynr0 & GFSYNR0_IND) != 0, (gfsynr0 & GFSYNR0_PNU) != 0);
    }

    /** FSR.FORMAT, 0..3. */
    public static int fsrFormat(int fsr) {
        return (fsr & FSR_FORMAT) >>> 9;
    }

    /** FSYNR0.PLVL, 0..3. */
    public static int plvl(int fsynr0) {
        return fsynr0 & FSYNR0_PLVL;
    }

    /** FSYNR0.S1CBNDX, 0..255. */
    public static int s1cbndx(int fsynr0) {
        return fsynr0 >>> FSYNR0_S1CBNDX_SHIFT & 0xff;
    }

    /** The StreamID in CBFRSYNRA [15:0] or sGFSYNR1 [15:0]; upper bits may hold an SSD index (or, on Tegra, junk). */
    public static int streamId(int syndrome) {
        return syndrome & 0xffff;
    }

    /**
     * The value to write to CB_RESUME, after clearing FSR, to answer a stalled fault: SUCCESS retries
     * the transaction, INVALID and FAILURE terminate it.
     */
    public static int resumeValue(PageResponse response) {
        return Objects.requireNonNull(response, "response") == PageResponse.SUCCESS ? RESUME_RETRY : RESUME_TERMINATE;
    }
}
