package io.faultline.adapters.smmuv3;

import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The PROD and CONS registers of one SMMUv3 queue, as two little-endian 32-bit words in a buffer:
 * a mapped register page, a header of a memory-mapped file shared with a simulator in another
 * process, or a small direct buffer in tests.
 *
 * <p>Reads are acquire and writes release (fences around plain accesses), so a producer that
 * writes an entry and then PROD publishes the entry to a consumer that reads PROD and then the
 * entry, also across processes sharing a mapped file.
 */
public final class SmmuV3QueueRegisters {
    private final ByteBuffer buf;
    private final int prodOffset;
    private final int consOffset;

    private SmmuV3QueueRegisters(ByteBuffer buf, int prodOffset, int consOffset) {
        this.buf = buf;
        this.prodOffset = prodOffset;
        this.consOffset = consOffset;
    }

    /** PROD at {@code prodOffset}, CONS at {@code consOffset} of {@code buf} (both 4-byte aligned). */
    public static SmmuV3QueueRegisters in(ByteBuffer buf, int prodOffset, int consOffset) {
        Objects.requireNonNull(buf, "buf");
        for (int off : new int[] {prodOffset, consOffset}) {
            if (off < 0 || off % 4 != 0 || off + 4 > buf.limit()) {
                throw new IllegalArgumentException("register offset " + off + " not a 4-byte aligned word of a "
                        + buf.limit() + "-byte buffer (limit)");
            }
        }
        if (prodOffset == consOffset) {
            throw new IllegalArgumentException("PROD and CONS share offset " + prodOffset);
        }
        return new SmmuV3QueueRegisters(buf, prodOffset, consOffset);
    }

    /** Fresh registers (both 0) in their own 8-byte buffer: PROD at 0, CONS at 4. */
    public static SmmuV3QueueRegisters allocate() {
        return in(ByteBuffer.allocateDirect(8), 0, 4);
    }

    public int prod() {
        return read(prodOffset);
    }

    public void prod(int value) {
        write(prodOffset, value);
    }

    public int cons() {
        return read(consOffset);
    }

    public void cons(int value) {
        write(consOffset, value);
    }

    private int read(int offset) {
        int v = buf.getInt(offset);
        VarHandle.acquireFence();
        return buf.order() == ByteOrder.LITTLE_ENDIAN ? v : Integer.reverseBytes(v);
    }

    private void write(int offset, int value) {
        VarHandle.releaseFence();
        buf.putInt(offset, buf.order() == ByteOrder.LITTLE_ENDIAN ? value : Integer.reverseBytes(value));
    }

    @Override
    public String toString() {
        return String.format("PROD=0x%08x CONS=0x%08x", prod(), cons());
    }
}
