package io.faultline.adapters.amdvi;

import io.faultline.adapters.LittleEndian;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/** {@link AmdViRegisters#inMemory(ByteBuffer)}. */
final class MemoryRegisters implements AmdViRegisters {
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final ByteBuffer mmio;
    // Volatile and atomic access works on direct buffers only (JDK 22+ refuses it on heap buffers).
    private final boolean atomic;

    MemoryRegisters(ByteBuffer mmio) {
        this.mmio = Objects.requireNonNull(mmio, "mmio");
        if (mmio.isReadOnly()) {
            throw new IllegalArgumentException("register buffer is read-only");
        }
        if (mmio.capacity() < MMIO_SIZE) {
            throw new IllegalArgumentException("register buffer holds " + mmio.capacity() + " bytes, needs 0x"
                    + Integer.toHexString(MMIO_SIZE));
        }
        this.atomic = mmio.isDirect();
    }

    @Override
    public int read(int offset) {
        check(offset);
        return atomic ? (int) INT.getVolatile(mmio, offset) : LittleEndian.getInt(mmio, offset);
    }

    @Override
    public void write(int offset, int value) {
        check(offset);
        if (atomic) {
            INT.setVolatile(mmio, offset, value);
        } else {
            LittleEndian.putInt(mmio, offset, value);
        }
    }

    @Override
    public void clearStatus(int bits) {
        if (!atomic) {
            LittleEndian.putInt(mmio, STATUS, LittleEndian.getInt(mmio, STATUS) & ~bits);
            return;
        }
        int old;
        do {
            old = (int) INT.getVolatile(mmio, STATUS);
        } while (!INT.compareAndSet(mmio, STATUS, old, old & ~bits));
    }

    private void check(int offset) {
        if (offset < 0 || offset > MMIO_SIZE - 4 || (offset & 3) != 0) {
            throw new IllegalArgumentException("not a register offset: 0x" + Integer.toHexString(offset));
        }
    }
}
