package io.faultline.adapters.vtd;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.Map;

/** A simulated unit for page request tests: register page, a 4 KiB PRQ and a 4 KiB invalidation queue. */
final class PrqUnit {
    final ByteBuffer regs;
    final ByteBuffer prq;
    final ByteBuffer iq;

    PrqUnit(ByteBuffer regs, ByteBuffer prq, ByteBuffer iq, boolean wideIq) {
        this.regs = regs;
        this.prq = prq;
        this.iq = iq;
        le(regs).putLong(VtdRegisters.PQA, 0x1234_5000L); // PQS 0: one page, 128 descriptors
        le(regs).putLong(VtdRegisters.IQA, 0x6789_A000L | (wideIq ? VtdRegisters.IQA_DW : 0));
    }

    PrqUnit() {
        this(ByteBuffer.allocate(0x1000), ByteBuffer.allocate(4096), ByteBuffer.allocate(4096), true);
    }

    static ByteBuffer le(ByteBuffer b) {
        return b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    void put(int slot, byte[] descriptor) {
        for (int i = 0; i < descriptor.length; i++) {
            prq.put(slot * 32 + i, descriptor[i]);
        }
    }

    void put(int slot, Map<String, Long> raw) {
        put(slot, Layout.PRD256.pack(raw));
    }

    void put(int slot, String hex) {
        put(slot, HexFormat.of().parseHex(hex));
    }

    void reg(int offset, long value) {
        le(regs).putLong(offset, value);
    }

    long reg(int offset) {
        return le(regs).getLong(offset);
    }

    void prs(int value) {
        le(regs).putInt(VtdRegisters.PRS, value);
    }

    int prs() {
        return le(regs).getInt(VtdRegisters.PRS);
    }

    /** The invalidation queue descriptor at {@code slot}, as hex. */
    String iqHex(int slot, int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = iq.get(slot * size + i);
        }
        return HexFormat.of().formatHex(b);
    }
}
