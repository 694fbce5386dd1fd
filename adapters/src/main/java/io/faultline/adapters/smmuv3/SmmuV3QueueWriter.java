package io.faultline.adapters.smmuv3;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The producer side of an SMMUv3 queue: what the SMMU does for the event and PRI queues (used by
 * simulators and tests) and what software does for the command queue ({@link SmmuV3ResponseSink}).
 * Writes an entry into the slot at PROD, then advances PROD (release), so a reader in another
 * process sharing a mapped ring never sees a half-written entry.
 *
 * <p>Full queue: on the event and PRI queues the entry is dropped and, like the SMMU, the writer
 * toggles PROD.OVFLG unless an earlier overflow is still unacknowledged (OVFLG != CONS.OVACKFLG);
 * on the command queue {@link #offer} just returns false. One thread writes a queue.
 */
public final class SmmuV3QueueWriter {
    private final QueueKind kind;
    private final ByteBuffer ring;
    private final SmmuV3QueueRegisters registers;
    private final int size;
    private final int wrapIndexMask;

    private volatile long written;
    private volatile long dropped;
    private volatile long overflowsSignalled;

    private SmmuV3QueueWriter(QueueKind kind, ByteBuffer ring, int log2Size, SmmuV3QueueRegisters registers) {
        kind.checkRing(Objects.requireNonNull(ring, "ring"), log2Size);
        this.kind = kind;
        this.ring = ring;
        this.registers = Objects.requireNonNull(registers, "registers");
        this.size = 1 << log2Size;
        this.wrapIndexMask = (2 << log2Size) - 1;
    }

    /** The SMMU's side of the event queue (32-byte records). */
    public static SmmuV3QueueWriter eventQueue(ByteBuffer ring, int log2Size, SmmuV3QueueRegisters registers) {
        return new SmmuV3QueueWriter(QueueKind.EVTQ, ring, log2Size, registers);
    }

    /** The SMMU's side of the PRI queue (16-byte entries). */
    public static SmmuV3QueueWriter priQueue(ByteBuffer ring, int log2Size, SmmuV3QueueRegisters registers) {
        return new SmmuV3QueueWriter(QueueKind.PRIQ, ring, log2Size, registers);
    }

    /** Software's side of the command queue (16-byte commands). */
    public static SmmuV3QueueWriter commandQueue(ByteBuffer ring, int log2Size, SmmuV3QueueRegisters registers) {
        return new SmmuV3QueueWriter(QueueKind.CMDQ, ring, log2Size, registers);
    }

    /** {@code EVTQ}, {@code PRIQ} or {@code CMDQ}. */
    public String name() {
        return kind.name();
    }

    /** Bytes per entry. */
    public int entryBytes() {
        return kind.entryBytes;
    }

    /** Whether the queue is full: indices equal, wrap bits different. */
    public boolean isFull() {
        return ((registers.prod() ^ registers.cons()) & wrapIndexMask) == size;
    }

    /**
     * The byte offset in the ring of the slot at PROD, to encode an entry in place before
     * {@link #publish()}, or -1 when the queue is full. Changes nothing.
     */
    public int claim() {
        if (isFull()) {
            return -1;
        }
        return (registers.prod() & (size - 1)) * kind.entryBytes;
    }

    /** Makes the entry written at {@link #claim()}'s slot visible: PROD advances by one. */
    public void publish() {
        if (isFull()) {
            throw new IllegalStateException(kind + " is full: nothing was claimed");
        }
        int prod = registers.prod();
        registers.prod((prod & QueueKind.OVERFLOW_FLAG) | ((prod + 1) & wrapIndexMask));
        written++;
    }

    /** Copies one entry ({@link #entryBytes()} bytes from absolute {@code offset} of {@code src}) into the queue. */
    public boolean offer(ByteBuffer src, int offset) {
        int slot = claim();
        if (slot < 0) {
            full();
            return false;
        }
        for (int i = 0; i < kind.entryBytes; i++) {
            ring.put(slot + i, src.get(offset + i));
        }
        publish();
        return true;
    }

    /** Copies one entry of exactly {@link #entryBytes()} bytes into the queue; false when full. */
    public boolean offer(byte[] entry) {
        if (entry.length != kind.entryBytes) {
            throw new IllegalArgumentException(kind + " entries are " + kind.entryBytes + " bytes, not " + entry.length);
        }
        return offer(ByteBuffer.wrap(entry), 0);
    }

    private void full() {
        if (!kind.hardwareProduced) {
            return;
        }
        dropped++;
        int prod = registers.prod();
        if ((prod & QueueKind.OVERFLOW_FLAG) == (registers.cons() & QueueKind.OVERFLOW_FLAG)) {
            registers.prod(prod ^ QueueKind.OVERFLOW_FLAG);
            overflowsSignalled++;
        }
    }

    ByteBuffer ring() {
        return ring;
    }

    /** Entries published. */
    public long written() {
        return written;
    }

    /** Entries dropped because the (event or PRI) queue was full. */
    public long dropped() {
        return dropped;
    }

    /** Times the writer raised PROD.OVFLG. */
    public long overflowsSignalled() {
        return overflowsSignalled;
    }
}
