package io.faultline.adapters.vtd;

import io.faultline.adapters.LittleEndian;
import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.QueueListener;
import io.faultline.api.Fault;
import io.faultline.runtime.FaultSink;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Drains a VT-d unit's primary fault log the way Linux {@code dmar_fault()} does: read FSTS; if PPF,
 * start at FRI and walk the ring of NFR + 1 fault recording registers, wrapping, until a register
 * with F = 0; decode, clear F, deliver each; then report and clear PFO (faults lost while every
 * register was full).
 *
 * <p>The buffer is the unit's register page (CAP at 0x08, FSTS at 0x34, records at CAP.FRO × 16):
 * a real MMIO mapping ({@link ClearMode#RW1C}) or a simulator's memory-mapped file
 * ({@link ClearMode#MEMORY}). One thread polls; counters may be read from any thread.
 */
public final class VtdFaultRecordReader {
    private static final String QUEUE = "FRCD";

    private final ByteBuffer regs;
    private final ClearMode clearMode;
    private final FaultSink sink;
    private final QueueListener listener;
    private final int count;
    private final int base;

    private volatile long faults;
    private volatile long malformed;
    private volatile long overflows;

    /**
     * @throws IllegalArgumentException if the recording registers CAP describes do not fit in the buffer
     */
    public VtdFaultRecordReader(ByteBuffer registers, ClearMode clearMode, FaultSink sink, QueueListener listener) {
        this.regs = Le.view(Objects.requireNonNull(registers, "registers"));
        this.clearMode = Objects.requireNonNull(clearMode, "clearMode");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.listener = Objects.requireNonNull(listener, "listener");
        if (regs.limit() < VtdRegisters.FSTS + 4) {
            throw new IllegalArgumentException("register buffer too small for FSTS: " + regs.limit());
        }
        long cap = LittleEndian.getLong(regs, VtdRegisters.CAP);
        this.count = VtdRegisters.faultRecordCount(cap);
        this.base = VtdRegisters.faultRecordOffset(cap);
        if (base < VtdRegisters.FSTS + 4 || base + count * VtdFaultRecord.SIZE > regs.limit()) {
            throw new IllegalArgumentException("CAP places " + count + " fault recording registers at 0x"
                    + Integer.toHexString(base) + ", outside the " + regs.limit() + "-byte register buffer");
        }
    }

    /**
     * Drains every pending fault record into the sink.
     *
     * @return how many faults were delivered
     */
    public int poll() {
        int raw = LittleEndian.getInt(regs, VtdRegisters.FSTS);
        VtdFaultStatus st;
        try {
            st = VtdFaultStatus.decode(raw, VtdRegisters.FSTS);
        } catch (MalformedRecordException e) {
            reportMalformed(e);
            st = VtdFaultStatus.lenient(raw);
        }
        int delivered = 0;
        if (st.ppf()) { // without PPF, FRI is stale: nothing to read
            int index = st.fri();
            if (index >= count) {
                reportMalformed(new MalformedRecordException(Le.FAMILY, VtdRegisters.FSTS + 1, "FRI",
                        "fault record index " + index + " is out of range (" + count + " registers); scanning from 0"));
                index = 0;
            }
            // At most one lap: on plain memory in RW1C mode F never clears, and nothing is read twice.
            for (int seen = 0; seen < count; seen++) {
                int off = base + index * VtdFaultRecord.SIZE;
                if (!VtdFaultRecord.isFault(regs, off)) {
                    break;
                }
                VarHandle.acquireFence(); // a producer writes the fields before F
                Fault fault = null;
                try {
                    fault = VtdFaultRecord.decode(regs, off);
                } catch (MalformedRecordException e) {
                    reportMalformed(e);
                }
                VarHandle.releaseFence(); // our reads of the record complete before F is freed
                clearF(off); // before delivering: a throwing sink must not make us read it again
                if (fault != null) {
                    faults++;
                    delivered++;
                    sink.accept(fault);
                }
                index = index + 1 == count ? 0 : index + 1;
            }
        }
        if (st.pfo()) {
            overflows++;
            listener.overflow(Le.FAMILY, QUEUE, -1, "FSTS.PFO: a fault arrived while all " + count
                    + " fault recording registers were full and was not recorded");
            clearStatus(VtdFaultStatus.PFO);
        }
        return delivered;
    }

    /** Faults delivered so far. */
    public long faults() {
        return faults;
    }

    /** Records and register values reported as malformed so far. */
    public long malformed() {
        return malformed;
    }

    /** Overflows (FSTS.PFO) reported so far. */
    public long overflows() {
        return overflows;
    }

    /** Number of fault recording registers (CAP.NFR + 1). */
    public int recordCount() {
        return count;
    }

    /** Byte offset of the first fault recording register (CAP.FRO × 16). */
    public int recordOffset() {
        return base;
    }

    private void reportMalformed(MalformedRecordException e) {
        malformed++;
        listener.malformed(e);
    }

    private void clearF(int recordOffset) {
        int off = recordOffset + 12;
        if (clearMode == ClearMode.RW1C) {
            LittleEndian.putInt(regs, off, 0x8000_0000);
        } else {
            LittleEndian.putInt(regs, off, LittleEndian.getInt(regs, off) & 0x7FFF_FFFF);
        }
    }

    private void clearStatus(int flag) {
        if (clearMode == ClearMode.RW1C) {
            LittleEndian.putInt(regs, VtdRegisters.FSTS, flag);
        } else {
            LittleEndian.putInt(regs, VtdRegisters.FSTS, LittleEndian.getInt(regs, VtdRegisters.FSTS) & ~flag);
        }
    }
}
