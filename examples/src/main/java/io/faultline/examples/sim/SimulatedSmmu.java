package io.faultline.examples.sim;

import io.faultline.adapters.smmuv3.SmmuV3Queue;
import io.faultline.adapters.smmuv3.SmmuV3QueueRegisters;
import io.faultline.adapters.smmuv3.SmmuV3QueueWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * A small SMMUv3 model: a stream table (one entry per StreamID, each with its own page table) that
 * translates device DMA and, when a translation fails, writes the 32-byte event record the
 * hardware would write into the event queue ring. The driver side reads the ring through the real
 * adapter ({@link #eventQueue()}), exactly as it would read a real SMMU's queue.
 */
public final class SimulatedSmmu {
    static final int C_BAD_STREAMID = 0x02;
    static final int C_BAD_STE = 0x04;
    static final int F_TRANSLATION = 0x10;
    static final int F_PERMISSION = 0x13;
    private static final int CLASS_IN = 2; // the input address itself caused the fault
    private static final long PAGE_MASK = ~0xfffL;

    private final Map<Integer, StreamEntry> streamTable = new HashMap<>();
    private final ByteBuffer eventRing;
    private final SmmuV3QueueRegisters eventRegisters = SmmuV3QueueRegisters.allocate();
    private final SmmuV3QueueWriter eventWriter;
    private final SmmuV3Queue eventQueue;
    private long translations;
    private long faults;

    /** An SMMU whose event queue holds 2^log2QueueSize records. */
    public SimulatedSmmu(int log2QueueSize) {
        eventRing = ByteBuffer.allocateDirect(32 << log2QueueSize).order(ByteOrder.LITTLE_ENDIAN);
        eventWriter = SmmuV3QueueWriter.eventQueue(eventRing, log2QueueSize, eventRegisters);
        eventQueue = SmmuV3Queue.eventQueue(eventRing, log2QueueSize, eventRegisters);
    }

    /** Installs a valid stream table entry for {@code streamId} with an empty page table. */
    public void attach(int streamId) {
        streamTable.put(streamId, new StreamEntry());
    }

    /** Maps one 4 KiB page for a stream. */
    public void map(int streamId, long address, boolean writable) {
        entry(streamId).pages.put(address & PAGE_MASK, writable);
    }

    /** Breaks a stream table entry (what a buggy host IOMMU driver would do). */
    public void corruptStreamTableEntry(int streamId) {
        entry(streamId).valid = false;
    }

    private StreamEntry entry(int streamId) {
        StreamEntry e = streamTable.get(streamId);
        if (e == null) {
            throw new IllegalArgumentException("stream 0x" + Integer.toHexString(streamId) + " is not attached");
        }
        return e;
    }

    /**
     * A device DMA: translates {@code address} for {@code streamId}. On failure the SMMU writes an
     * event record and the DMA is aborted.
     *
     * @return the name of the event written, or null when the translation succeeded
     */
    public String dma(int streamId, long address, boolean write) {
        translations++;
        StreamEntry e = streamTable.get(streamId);
        if (e == null) {
            return record(C_BAD_STREAMID, streamId, 0, 0, "C_BAD_STREAMID");
        }
        if (!e.valid) {
            return record(C_BAD_STE, streamId, 0, 0, "C_BAD_STE");
        }
        Boolean writable = e.pages.get(address & PAGE_MASK);
        long dword1 = (write ? 0 : 1L << 35) | ((long) CLASS_IN << 40);
        if (writable == null) {
            return record(F_TRANSLATION, streamId, dword1, address, "F_TRANSLATION");
        }
        if (write && !writable) {
            return record(F_PERMISSION, streamId, dword1, address, "F_PERMISSION");
        }
        return null;
    }

    /** Writes raw bytes as one event record: what a faulty SMMU or a corrupted ring would hold. */
    public void writeGarbageRecord(byte fill) {
        byte[] junk = new byte[32];
        java.util.Arrays.fill(junk, fill);
        eventWriter.offer(junk);
    }

    private String record(int eventId, int streamId, long dword1, long inputAddr, String name) {
        faults++;
        ByteBuffer rec = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        rec.putLong(0, eventId | ((long) streamId << 32));
        rec.putLong(8, dword1);
        rec.putLong(16, inputAddr);
        eventWriter.offer(rec, 0); // when the queue is full the SMMU drops it and raises OVFLG
        return name;
    }

    /** The driver's side of the event queue: the real SMMUv3 adapter over the same ring. */
    public SmmuV3Queue eventQueue() {
        return eventQueue;
    }

    /** The SMMU's side of the event queue. */
    public SmmuV3QueueWriter eventWriter() {
        return eventWriter;
    }

    public long translations() {
        return translations;
    }

    /** Translations that failed (each wrote, or tried to write, one event record). */
    public long faults() {
        return faults;
    }

    private static final class StreamEntry {
        boolean valid = true;
        final Map<Long, Boolean> pages = new HashMap<>();
    }
}
