package io.faultline.adapters.armsmmu;

import io.faultline.adapters.LittleEndian;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Faultline's capture of the arm-smmu v1/v2 fault registers (reference {@code arm-smmu.md} §6.3):
 * the hardware keeps no fault record, so whoever services the fault interrupt copies the registers
 * into 28 bytes = seven little-endian u32 words. Word 0 is the kind:
 * <ul>
 *   <li>{@link #KIND_CONTEXT} (0): FSR, FSYNR0, FAR[31:0], FAR[63:32], CBFRSYNRA, context-bank index;</li>
 *   <li>{@link #KIND_GLOBAL} (1): sGFSR, sGFSYNR0, sGFSYNR1, sGFSYNR2, sGFAR[31:0], sGFAR[63:32].</li>
 * </ul>
 * The writers are for the capturing side (a driver, a simulator): they store the values as given,
 * without checks, so a simulator can also produce captures the decoder rejects. Writes are absolute
 * and little-endian whatever the buffer's order; the position is left alone.
 */
public final class ArmSmmuCapture {
    /** Bytes per capture. */
    public static final int SIZE = 28;
    public static final int KIND_CONTEXT = 0;
    public static final int KIND_GLOBAL = 1;

    // Byte offsets of the words, shared with the decoder.
    static final int OFF_KIND = 0;
    static final int OFF_STATUS = 4;
    static final int OFF_SYNDROME0 = 8;
    /** Context: FAR (64-bit, two words low first = one little-endian u64). Global: GFSYNR1. */
    static final int OFF_FAR = 12;
    static final int OFF_GFSYNR1 = 12;
    static final int OFF_GFSYNR2 = 16;
    static final int OFF_CBFRSYNRA = 20;
    /** Global: GFAR, one little-endian u64 over words 5 and 6. */
    static final int OFF_GFAR = 20;
    static final int OFF_CB_INDEX = 24;

    private ArmSmmuCapture() {
    }

    /**
     * Writes a context-bank fault capture at absolute {@code offset}.
     *
     * @throws IndexOutOfBoundsException when the 28 bytes do not fit below the limit; nothing is written
     */
    public static void writeContext(ByteBuffer buf, int offset, int fsr, int fsynr0, long far, int cbfrsynra,
            int cbIndex) {
        check(buf, offset);
        LittleEndian.putInt(buf, offset + OFF_KIND, KIND_CONTEXT);
        LittleEndian.putInt(buf, offset + OFF_STATUS, fsr);
        LittleEndian.putInt(buf, offset + OFF_SYNDROME0, fsynr0);
        LittleEndian.putLong(buf, offset + OFF_FAR, far);
        LittleEndian.putInt(buf, offset + OFF_CBFRSYNRA, cbfrsynra);
        LittleEndian.putInt(buf, offset + OFF_CB_INDEX, cbIndex);
    }

    /**
     * Writes a global fault capture at absolute {@code offset}.
     *
     * @throws IndexOutOfBoundsException when the 28 bytes do not fit below the limit; nothing is written
     */
    public static void writeGlobal(ByteBuffer buf, int offset, int gfsr, int gfsynr0, int gfsynr1, int gfsynr2,
            long gfar) {
        check(buf, offset);
        LittleEndian.putInt(buf, offset + OFF_KIND, KIND_GLOBAL);
        LittleEndian.putInt(buf, offset + OFF_STATUS, gfsr);
        LittleEndian.putInt(buf, offset + OFF_SYNDROME0, gfsynr0);
        LittleEndian.putInt(buf, offset + OFF_GFSYNR1, gfsynr1);
        LittleEndian.putInt(buf, offset + OFF_GFSYNR2, gfsynr2);
        LittleEndian.putLong(buf, offset + OFF_GFAR, gfar);
    }

    /**
     * Word {@code index} (0..6) of the capture at {@code offset}, unchecked: for diagnostics the
     * fault model does not carry (FSYNR0.PLVL and S1CBNDX, FSR.FORMAT, GFSYNR2, the SSD index).
     */
    public static int word(ByteBuffer buf, int offset, int index) {
        Objects.checkIndex(index, SIZE / 4);
        return LittleEndian.getInt(buf, offset + 4 * index);
    }

    private static void check(ByteBuffer buf, int offset) {
        Objects.checkFromIndexSize(offset, SIZE, buf.limit());
    }
}
