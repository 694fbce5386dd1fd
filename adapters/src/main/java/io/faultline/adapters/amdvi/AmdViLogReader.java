package io.faultline.adapters.amdvi;

import io.faultline.adapters.LittleEndian;
import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.OwedAnswers;
import io.faultline.adapters.QueueListener;
import io.faultline.api.Fault;
import io.faultline.api.Family;
import io.faultline.api.PageRequest;
import io.faultline.runtime.FaultSink;
import io.faultline.runtime.PageResponseSink;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Drains the AMD-Vi event log or PPR log: a ring of 16-byte entries in {@code log}, produced at the
 * Tail register by the IOMMU, consumed from the Head register by this reader. Head == Tail is empty.
 *
 * <p>Each {@link #drain} reads Status, Head and Tail once, then for every entry from Head to Tail
 * decodes it, zeroes it (so that a late write is recognisable on the next lap), writes Head past it
 * and only then hands the fault to the sink — so no entry is read twice, even if the sink throws.
 * A rejected entry goes to {@link QueueListener#malformed} and is skipped. An entry whose code is
 * still 0 was announced by Tail before its bytes landed (a known erratum): the reader stops there
 * and retries on later drains; after 100 ms (as long as Linux waits) it reports it malformed and
 * skips it. A Head or Tail register out of range is reported as malformed (offset = the register's
 * MMIO offset, field = its name), counted in {@link #registerErrors()}, and nothing is read. The
 * overflow bit in Status goes to {@link QueueListener#overflow} (how many entries were lost the
 * hardware does not say) and is then cleared; restarting logging through the Control register is
 * left to whoever owns it. Everything reported is also counted. A sink that throws stops the drain
 * after Head has moved past its entry; the next drain goes on from there.
 *
 * <p>Opt-in, PPR log only ({@link #pprLog(ByteBuffer, AmdViRegisters, PageResponseSink)}): a
 * malformed PAGE_SERVICE_REQUEST with LIP set still closes its group on the device side, so it is
 * answered INVALID (never dispatched) after Head has moved past it, as the VT-d page request reader
 * does; a response that cannot be queued is counted in {@link #unanswered()}.
 *
 * <p>A producer cannot overtake this reader unseen: an AMD-Vi IOMMU does not write into a full log,
 * it sets the overflow bit and drops the entry, which this reader reports.
 *
 * <p>The log buffer may be a {@link java.nio.MappedByteBuffer} shared with a simulator. One reader
 * per log, drained by one thread at a time; the counters may be read from any thread. Same shape
 * as the other families' queue readers: {@code drain(sink, listener)} and the same counters.
 */
public final class AmdViLogReader {
    /** How long an announced entry may stay unwritten: Linux's LOOP_TIMEOUT of 100000 x 1 µs. */
    static final long LATE_WRITE_NANOS = 100_000_000L;
    /** The largest log the head/tail field (bits 18:4) can address. */
    static final int MAX_LOG_BYTES = AmdViRegisters.POINTER_MASK + Le.ENTRY;

    private final LogKind kind;
    private final ByteBuffer log;
    private final int size;
    private final boolean writable;
    private final AmdViRegisters registers;
    private final LongSupplier nanoClock;
    private final OwedAnswers owed; // null unless the reader was given a response path

    private volatile long recordsRead;
    private volatile long malformedRecords;
    private volatile long registerErrors;
    private volatile long overflows;
    private int lateOffset = -1;
    private long lateSince;

    AmdViLogReader(LogKind kind, ByteBuffer log, AmdViRegisters registers, LongSupplier nanoClock) {
        this(kind, log, registers, nanoClock, null);
    }

    AmdViLogReader(LogKind kind, ByteBuffer log, AmdViRegisters registers, LongSupplier nanoClock,
            PageResponseSink malformedResponses) {
        this.kind = kind;
        this.owed = malformedResponses == null ? null : new OwedAnswers(malformedResponses);
        this.log = Objects.requireNonNull(log, "log");
        this.registers = Objects.requireNonNull(registers, "registers");
        this.nanoClock = nanoClock;
        this.size = log.capacity();
        if (size % Le.ENTRY != 0 || size < 2 * Le.ENTRY || size > MAX_LOG_BYTES || log.limit() != size) {
            throw new IllegalArgumentException(kind.queue + " buffer must hold 2 to 32768 whole 16-byte entries with"
                    + " limit == capacity: capacity " + size + ", limit " + log.limit());
        }
        this.writable = !log.isReadOnly();
    }

    /** A reader of the event log: faults are {@link io.faultline.api.UnrecoverableFault}s. */
    public static AmdViLogReader eventLog(ByteBuffer log, AmdViRegisters registers) {
        return new AmdViLogReader(LogKind.EVENT, log, registers, System::nanoTime);
    }

    /**
     * A reader of the PPR log: faults are {@link io.faultline.api.PageRequest}s; answer them with an
     * {@link AmdViResponseSink}. A read-only log (SEV-SNP hosts) is read but not zeroed.
     */
    public static AmdViLogReader pprLog(ByteBuffer log, AmdViRegisters registers) {
        return new AmdViLogReader(LogKind.PPR, log, registers, System::nanoTime);
    }

    /**
     * As {@link #pprLog(ByteBuffer, AmdViRegisters)}, and a malformed PAGE_SERVICE_REQUEST that
     * closes its group (LIP = 1) is answered INVALID into {@code responses} (usually the unit's
     * {@link AmdViResponseSink}) instead of leaving the device waiting for the group's response.
     */
    public static AmdViLogReader pprLog(ByteBuffer log, AmdViRegisters registers, PageResponseSink responses) {
        return new AmdViLogReader(LogKind.PPR, log, registers, System::nanoTime,
                Objects.requireNonNull(responses, "responses"));
    }

    /** {@code EventLog} or {@code PPRLog}. */
    public String name() {
        return kind.queue;
    }

    /**
     * Reads every entry available now, moving Head past each, and handles an overflow.
     *
     * @return how many entries were consumed (decoded or malformed)
     */
    public synchronized int drain(FaultSink sink, QueueListener listener) {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(listener, "listener");
        int status = registers.read(AmdViRegisters.STATUS);
        int head = pointer(kind.headRegister, kind.headName, listener);
        int tail = pointer(kind.tailRegister, kind.tailName, listener);
        int consumed = 0;
        if (head >= 0 && tail >= 0) {
            while (head != tail) {
                if (notWrittenYet(head) && !gaveUpWaiting(head)) {
                    break;
                }
                lateOffset = -1;
                Fault fault = null;
                PageRequest answerInvalid = null;
                try {
                    fault = kind.decode(log, head);
                } catch (MalformedRecordException e) {
                    malformedRecords++;
                    listener.malformed(e);
                    if (owed != null && kind == LogKind.PPR) {
                        answerInvalid = AmdViPprDecoder.decodeLenient(log, head); // before the entry is zeroed
                    }
                }
                if (writable) {
                    LittleEndian.putLong(log, head, 0L);
                    LittleEndian.putLong(log, head + 8, 0L);
                }
                head = (head + Le.ENTRY) % size;
                registers.write(kind.headRegister, head);
                recordsRead++;
                consumed++;
                if (answerInvalid != null) { // after Head: a full command buffer must not make us read it again
                    owed.answerInvalid(answerInvalid);
                }
                if (fault != null) {
                    sink.accept(fault);
                }
            }
        }
        if ((status & kind.overflowBit) != 0) {
            overflows++;
            listener.overflow(Family.AMD_VI, kind.queue, -1, kind.overflowName
                    + " set: the log was full and the IOMMU dropped entries");
            registers.clearStatus(kind.overflowBit);
        }
        return consumed;
    }

    /** Entries consumed so far, decoded or malformed. */
    public long recordsRead() {
        return recordsRead;
    }

    /** Malformed page requests that closed a group and were answered INVALID (opt-in, PPR log only). */
    public long answeredInvalid() {
        return owed == null ? 0 : owed.answered();
    }

    /** Malformed page requests that closed a group but whose INVALID response could not be sent. */
    public long unanswered() {
        return owed == null ? 0 : owed.unanswered();
    }

    /** Entries the decoder rejected (each reported to the listener and skipped). */
    public long malformedRecords() {
        return malformedRecords;
    }

    /** Drains refused because Head or Tail was out of range (each reported to the listener). */
    public long registerErrors() {
        return registerErrors;
    }

    /** Overflows seen in Status (each reported to the listener). */
    public long overflows() {
        return overflows;
    }

    @Override
    public String toString() {
        return kind.queue + "[" + size / Le.ENTRY + " entries, read=" + recordsRead + " malformed=" + malformedRecords
                + " registerErrors=" + registerErrors + " overflows=" + overflows + "]";
    }


    /** The byte offset in a head/tail register, or -1 after reporting a bad value. */
    private int pointer(int register, String name, QueueListener listener) {
        int value = registers.read(register);
        String problem = null;
        if ((value & ~AmdViRegisters.POINTER_MASK) != 0) {
            problem = "0x" + Integer.toHexString(value) + " has bits outside 18:4 set";
        } else if (value >= size) {
            problem = "byte offset 0x" + Integer.toHexString(value) + " is beyond the log (" + size + " bytes)";
        }
        if (problem == null) {
            return value;
        }
        registerErrors++;
        listener.malformed(new MalformedRecordException(Family.AMD_VI, register, name, problem));
        return -1;
    }

    // Both logs keep their code in DW1[31:28]; 0 is never a valid code.
    private boolean notWrittenYet(int offset) {
        return LittleEndian.getInt(log, offset + 4) >>> 28 == 0;
    }

    private boolean gaveUpWaiting(int offset) {
        long now = nanoClock.getAsLong();
        if (lateOffset != offset) {
            lateOffset = offset;
            lateSince = now;
            return false;
        }
        return now - lateSince >= LATE_WRITE_NANOS;
    }
}
