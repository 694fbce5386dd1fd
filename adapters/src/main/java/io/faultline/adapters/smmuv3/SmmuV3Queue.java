package io.faultline.adapters.smmuv3;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.OwedAnswers;
import io.faultline.adapters.QueueListener;
import io.faultline.api.Family;
import io.faultline.api.Fault;
import io.faultline.api.PageRequest;
import io.faultline.runtime.FaultSink;
import io.faultline.runtime.PageResponseSink;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The consumer side of an SMMUv3 event queue or PRI queue (reference {@code arm-smmu.md} §5): a
 * ring of 2^n entries in a {@link ByteBuffer} (heap, direct or a {@link java.nio.MappedByteBuffer}
 * shared with another process) with PROD written by the producer and CONS by this reader.
 *
 * <p>PROD/CONS: bits [n-1:0] index, bit n wrap, bit 31 overflow (PROD.OVFLG, CONS.OVACKFLG). Empty
 * when index and wrap are equal; full when the indices are equal and the wraps differ.
 *
 * <p>{@link #drain} reads every entry between CONS and the PROD it saw, hands each decoded fault
 * to the sink, reports each malformed entry to the listener and goes on with the next, and writes
 * CONS once at the end (also when the sink throws: the entry it threw on counts as consumed, so
 * nothing is read twice and nothing is skipped silently). It reports and counts:
 * <ul>
 *   <li>an overflow: PROD.OVFLG differs from CONS.OVACKFLG. The entries still in the queue are
 *       valid and are read; the loss is acknowledged by copying OVFLG into CONS. On the event
 *       queue, stalled transactions whose records were dropped cannot be resumed from here; on the
 *       PRI queue, groups may have lost their Last entry (Linux discards partial groups).</li>
 *   <li>a producer that overtook the consumer (PROD more than 2^n entries ahead of CONS, so in the
 *       next lap: wrap bits differ and PROD's index is beyond CONS's; a broken simulator): the
 *       overwritten entries are lost and counted, the reader resumes at the oldest entry still in
 *       the ring.</li>
 *   <li>CONS ahead of PROD in the same lap (wrap bits equal, PROD's index below CONS's): no producer
 *       gets there, CONS is corrupt. Reported as a {@link MalformedRecordException} on CONS, counted
 *       in {@link #registerErrors()}; nothing is read (re-reading could answer a stall or a PRI
 *       group twice) and CONS is set to PROD so that the queue works again.</li>
 *   <li>PROD or CONS with bits set between the wrap bit and bit 31: nothing is read, the register
 *       is reported as a {@link MalformedRecordException} at its MMIO offset, CONS is not moved.</li>
 * </ul>
 *
 * <p>Opt-in ({@link #eventQueue(ByteBuffer, int, SmmuV3QueueRegisters, PageResponseSink)},
 * {@link #priQueue(ByteBuffer, int, SmmuV3QueueRegisters, PageResponseSink)}): a rejected entry the
 * device still waits on — a stalled event (known event id that carries Stall, Stall=1) or a PRI
 * entry with Last=1 — is answered INVALID (CMD_RESUME with Abort, CMD_PRI_RESP Deny) into
 * {@code responses}, usually the unit's {@link SmmuV3ResponseSink}, never dispatched, once, after
 * CONS has moved past it, as the VT-d and AMD-Vi readers do; counted in {@link #answeredInvalid()},
 * or in {@link #unanswered()} when the command queue is full. Without it such an entry is only
 * reported, and the stalled transaction or PRI group waits until something else ends it.
 *
 * <p>One thread drains a queue; the counters may be read from any thread.
 */
public final class SmmuV3Queue {
    private final QueueKind kind;
    private final ByteBuffer ring;
    private final SmmuV3QueueRegisters registers;
    private final int size;
    private final int wrapIndexMask;
    private final OwedAnswers owed; // null unless the reader was given a response path

    private volatile long recordsRead;
    private volatile long malformedRecords;
    private volatile long overflows;
    private volatile long lostRecords;
    private volatile long registerErrors;

    private SmmuV3Queue(QueueKind kind, ByteBuffer ring, int log2Size, SmmuV3QueueRegisters registers,
            PageResponseSink malformedResponses) {
        kind.checkRing(Objects.requireNonNull(ring, "ring"), log2Size);
        this.kind = kind;
        this.owed = malformedResponses == null ? null : new OwedAnswers(malformedResponses);
        this.ring = ring;
        this.registers = Objects.requireNonNull(registers, "registers");
        this.size = 1 << log2Size;
        this.wrapIndexMask = (2 << log2Size) - 1;
    }

    /** A reader of the event queue: 2^log2Size records of 32 bytes from byte 0 of {@code ring}. */
    public static SmmuV3Queue eventQueue(ByteBuffer ring, int log2Size, SmmuV3QueueRegisters registers) {
        return new SmmuV3Queue(QueueKind.EVTQ, ring, log2Size, registers, null);
    }

    /**
     * As {@link #eventQueue(ByteBuffer, int, SmmuV3QueueRegisters)}, and a malformed stalled event is
     * answered INVALID (CMD_RESUME, Abort) into {@code responses} instead of leaving the
     * transaction stalled.
     */
    public static SmmuV3Queue eventQueue(ByteBuffer ring, int log2Size, SmmuV3QueueRegisters registers,
            PageResponseSink responses) {
        return new SmmuV3Queue(QueueKind.EVTQ, ring, log2Size, registers, Objects.requireNonNull(responses, "responses"));
    }

    /** A reader of the PRI queue: 2^log2Size entries of 16 bytes from byte 0 of {@code ring}. */
    public static SmmuV3Queue priQueue(ByteBuffer ring, int log2Size, SmmuV3QueueRegisters registers) {
        return new SmmuV3Queue(QueueKind.PRIQ, ring, log2Size, registers, null);
    }

    /**
     * As {@link #priQueue(ByteBuffer, int, SmmuV3QueueRegisters)}, and a malformed entry with Last=1
     * is answered INVALID (CMD_PRI_RESP, Deny) into {@code responses} instead of leaving its group
     * waiting.
     */
    public static SmmuV3Queue priQueue(ByteBuffer ring, int log2Size, SmmuV3QueueRegisters registers,
            PageResponseSink responses) {
        return new SmmuV3Queue(QueueKind.PRIQ, ring, log2Size, registers, Objects.requireNonNull(responses, "responses"));
    }

    /** {@code EVTQ} or {@code PRIQ}. */
    public String name() {
        return kind.name();
    }

    /**
     * Reads every entry available now and updates CONS.
     *
     * @return how many entries were consumed (decoded or malformed)
     */
    public int drain(FaultSink sink, QueueListener listener) {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(listener, "listener");
        int prod = registers.prod();
        int cons = registers.cons();
        if (!checkRegister(prod, "PROD", kind.prodRegister, listener)
                || !checkRegister(cons, "CONS", kind.consRegister, listener)) {
            return 0;
        }
        int overflowFlag = prod & QueueKind.OVERFLOW_FLAG;
        if (overflowFlag != (cons & QueueKind.OVERFLOW_FLAG)) {
            overflows++;
            listener.overflow(Family.ARM_SMMU_V3, kind.name(), -1, "PROD.OVFLG != CONS.OVACKFLG: the SMMU dropped "
                    + (kind == QueueKind.EVTQ ? "events (stalled transactions among them cannot be resumed from here)"
                    : "page requests (groups may have lost their Last entry)") + " while the queue was full");
        }
        int p = prod & wrapIndexMask;
        int c = cons & wrapIndexMask;
        int ahead = (p - c) & wrapIndexMask;
        if (ahead > size && ((p ^ c) & size) == 0) {
            // Same lap, PROD's index behind CONS's: CONS is impossible, not a producer a lap ahead.
            // Reading from PROD - size would hand back entries already read (and answered).
            registerErrors++;
            listener.malformed(new MalformedRecordException(Family.ARM_SMMU_V3, kind.consRegister,
                    kind.name() + "_CONS", String.format("0x%08x is ahead of PROD 0x%08x in the same lap (wrap bits"
                    + " equal): index out of range; nothing read, CONS set to PROD", cons, prod)));
            registers.cons(overflowFlag | p);
            return 0;
        }
        if (ahead > size) {
            int lost = ahead - size;
            overflows++;
            lostRecords += lost;
            listener.overflow(Family.ARM_SMMU_V3, kind.name(), lost, String.format(
                    "PROD 0x%08x is %d entries ahead of CONS 0x%08x in a queue of %d: the producer overwrote %d unread entries",
                    prod, ahead, cons, size, lost));
            c = (p - size) & wrapIndexMask;
        }
        int consumed = 0;
        int bad = 0;
        try {
            while (c != p) {
                int offset = (c & (size - 1)) * kind.entryBytes;
                c = (c + 1) & wrapIndexMask;
                consumed++;
                Fault fault;
                try {
                    fault = kind.decode(ring, offset);
                } catch (MalformedRecordException e) {
                    bad++;
                    listener.malformed(e);
                    PageRequest closing = owed == null ? null : kind.owedResponse(ring, offset);
                    if (closing != null) {
                        registers.cons(overflowFlag | c); // first: a full command queue must not make us read it again
                        owed.answerInvalid(closing);
                    }
                    continue;
                }
                sink.accept(fault);
            }
        } finally {
            recordsRead += consumed;
            malformedRecords += bad;
            registers.cons(overflowFlag | c);
        }
        return consumed;
    }


    private boolean checkRegister(int value, String register, long mmioOffset, QueueListener listener) {
        if ((value & ~(QueueKind.OVERFLOW_FLAG | wrapIndexMask)) == 0) {
            return true;
        }
        registerErrors++;
        listener.malformed(new MalformedRecordException(Family.ARM_SMMU_V3, mmioOffset, kind.name() + "_" + register,
                String.format("0x%08x has bits set between the wrap bit %d and bit 31: index out of range for %d entries",
                        value, Integer.numberOfTrailingZeros(size), size)));
        return false;
    }

    /** Entries consumed so far, decoded or malformed. */
    public long recordsRead() {
        return recordsRead;
    }

    /** Entries the decoder rejected (each reported to the listener). */
    public long malformedRecords() {
        return malformedRecords;
    }

    /** Overflows seen: OVFLG raised, or a producer that overtook the consumer. */
    public long overflows() {
        return overflows;
    }

    /** Entries known to be lost (a producer overtaking); OVFLG overflows do not say how many. */
    public long lostRecords() {
        return lostRecords;
    }

    /** Malformed stalled events / Last=1 PRI entries answered INVALID (opt-in). */
    public long answeredInvalid() {
        return owed == null ? 0 : owed.answered();
    }

    /** Malformed stalled events / Last=1 PRI entries whose INVALID answer could not be queued. */
    public long unanswered() {
        return owed == null ? 0 : owed.unanswered();
    }

    /** Drains refused because PROD or CONS was out of range, or CONS was ahead of PROD. */
    public long registerErrors() {
        return registerErrors;
    }

    @Override
    public String toString() {
        return kind + "[" + size + " entries, " + registers + ", read=" + recordsRead + " malformed="
                + malformedRecords + " overflows=" + overflows + "]";
    }
}
