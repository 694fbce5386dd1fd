package io.faultline.adapters.armsmmu;

import static io.faultline.adapters.armsmmu.ArmSmmuCapture.OFF_CBFRSYNRA;
import static io.faultline.adapters.armsmmu.ArmSmmuCapture.OFF_CB_INDEX;
import static io.faultline.adapters.armsmmu.ArmSmmuCapture.OFF_FAR;
import static io.faultline.adapters.armsmmu.ArmSmmuCapture.OFF_GFAR;
import static io.faultline.adapters.armsmmu.ArmSmmuCapture.OFF_GFSYNR1;
import static io.faultline.adapters.armsmmu.ArmSmmuCapture.OFF_KIND;
import static io.faultline.adapters.armsmmu.ArmSmmuCapture.OFF_STATUS;
import static io.faultline.adapters.armsmmu.ArmSmmuCapture.OFF_SYNDROME0;
import static io.faultline.adapters.armsmmu.ArmSmmuCapture.SIZE;

import io.faultline.adapters.LittleEndian;
import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Family;
import io.faultline.api.Fault;
import io.faultline.api.PageRequest;
import io.faultline.api.UnrecoverableFault;
import java.nio.ByteBuffer;

/**
 * Decodes one 28-byte arm-smmu v1/v2 fault capture ({@link ArmSmmuCapture}) into a {@link Fault} of
 * family {@link Family#ARM_SMMU} (reference {@code arm-smmu.md} §6.4), with the rules of
 * {@link ArmSmmuRegisters}.
 *
 * <p>Context-bank fault: requesterId = CBFRSYNRA[15:0]; no PASID (v1/v2 have no substreams; S1CBNDX
 * is a bank); address = FAR; access from FSYNR0 (WNR set = write); reason = FSR cause bits; stage PTE
 * for TF/AFF/PF/ASF or EF with PTWF, else NONE. FSR.SS = 1 (stalled) gives a {@link PageRequest} with
 * groupIndex = the context-bank index and lastInGroup = true, answered through CB_RESUME
 * ({@link ArmSmmuRegisters#resumeValue}); otherwise the fault is UNRECOVERABLE.
 *
 * <p>Global fault: requesterId = sGFSYNR1[15:0]; address = sGFAR; access from sGFSYNR0; reason =
 * GFSR cause bits; stage CONTEXT for ICF/USF/SMCF/UCBF, else NONE; always UNRECOVERABLE.
 *
 * <p>Rejected with {@link MalformedRecordException}: fewer than 28 bytes, a kind other than 0 or 1,
 * FSR reserved bits (0, [29:11]), FSR without a fault bit, FSR.FORMAT = 3, GFSR zero or with reserved
 * bits [30:9], and a context-bank index above 255 (v2 numbers banks with 8 bits; such a value cannot
 * name a bank to resume). Not checked: FSYNR0 / GFSYNR0 bits the reference does not define, the
 * spec-only NSSTATE / ATOF bits, the upper CBFRSYNRA / GFSYNR1 bits (an SSD index, or junk on Tegra),
 * GFSYNR2 (implementation defined).
 *
 * <p>A pure function of the bytes: absolute little-endian reads whatever the buffer's order; the
 * buffer's position, limit and order are left alone; only the fault is allocated.
 */
public final class ArmSmmuFaultDecoder {
    /** Bytes per capture. */
    public static final int RECORD_SIZE = SIZE;

    private ArmSmmuFaultDecoder() {
    }

    /**
     * Decodes the capture at absolute {@code offset} of {@code buf}.
     *
     * @throws MalformedRecordException naming the byte offset in {@code buf} of the offending word and
     *         the register, also when fewer than 28 bytes lie between {@code offset} and the limit
     */
    public static Fault decode(ByteBuffer buf, int offset) throws MalformedRecordException {
        if (offset < 0 || offset > buf.limit() - SIZE) {
            throw truncated(buf, offset);
        }
        int kind = LittleEndian.getInt(buf, offset + OFF_KIND);
        int status = LittleEndian.getInt(buf, offset + OFF_STATUS);
        int syndrome0 = LittleEndian.getInt(buf, offset + OFF_SYNDROME0);
        if (kind == ArmSmmuCapture.KIND_CONTEXT) {
            int cbIndex = LittleEndian.getInt(buf, offset + OFF_CB_INDEX);
            if (!ArmSmmuRegisters.isValidFsr(status) || (cbIndex & ~0xff) != 0) {
                throw badContext(status, cbIndex, offset);
            }
            Fault.Builder<?, ?> b = (status & ArmSmmuRegisters.FSR_SS) != 0
                    ? PageRequest.builder(Family.ARM_SMMU).groupIndex(cbIndex).lastInGroup(true)
                    : UnrecoverableFault.builder(Family.ARM_SMMU);
            return b.requesterId(ArmSmmuRegisters.streamId(LittleEndian.getInt(buf, offset + OFF_CBFRSYNRA)))
                    .address(LittleEndian.getLong(buf, offset + OFF_FAR))
                    .access(ArmSmmuRegisters.fsynr0Access(syndrome0))
                    .stage(ArmSmmuRegisters.fsrStage(status, syndrome0))
                    .reason(ArmSmmuRegisters.fsrReason(status))
                    .build();
        }
        if (kind != ArmSmmuCapture.KIND_GLOBAL) {
            throw error(offset + OFF_KIND, "kind", "unknown capture kind 0x" + Integer.toHexString(kind)
                    + " (0 context bank, 1 global)");
        }
        if (!ArmSmmuRegisters.isValidGfsr(status)) {
            throw error(offset + OFF_STATUS, "GFSR", ArmSmmuRegisters.gfsrProblem(status));
        }
        return UnrecoverableFault.builder(Family.ARM_SMMU)
                .requesterId(ArmSmmuRegisters.streamId(LittleEndian.getInt(buf, offset + OFF_GFSYNR1)))
                .address(LittleEndian.getLong(buf, offset + OFF_GFAR))
                .access(ArmSmmuRegisters.gfsynr0Access(syndrome0))
                .stage(ArmSmmuRegisters.gfsrStage(status))
                .reason(ArmSmmuRegisters.gfsrReason(status))
                .build();
    }

    /** Cold: the error for a context capture with a bad FSR (checked first) or bank index. */
    private static MalformedRecordException badContext(int fsr, int cbIndex, int offset) {
        String problem = ArmSmmuRegisters.fsrProblem(fsr);
        if (problem != null) {
            return error(offset + OFF_STATUS, "FSR", problem);
        }
        return error(offset + OFF_CB_INDEX, "context-bank index", "0x" + Integer.toHexString(cbIndex)
                + " is not a context bank: SMMUv2 numbers banks 0..255 (8 bits)");
    }

    private static MalformedRecordException truncated(ByteBuffer buf, int offset) {
        long available = Math.max(0, buf.limit() - (long) Math.max(offset, 0));
        return error(Math.max(offset, 0), "capture", "truncated: " + available
                + " bytes from this offset, the capture is " + SIZE + " bytes");
    }

    private static MalformedRecordException error(long offset, String field, String detail) {
        return new MalformedRecordException(Family.ARM_SMMU, offset, field, detail);
    }
}
