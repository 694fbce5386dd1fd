package io.faultline.adapters.amdvi;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.QueueListener;
import io.faultline.api.Fault;
import io.faultline.api.Family;
import io.faultline.runtime.FaultSink;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Drains the AMD-Vi event log or PPR log: a ring of 16-byte entries in {@code log}, produced at the
 * Tail register by the IOMMU, consumed from the Head register by this reader. Head == Tail is empty.
 *
 * <p>Each {@link #poll()} reads Status, Head and Tail once, then for every entry from Head to Tail
 * decodes it, zeroes it (so that a late write is recognisable on the next lap), writes Head past it
 * and only then hands the fault to the sink — so no entry is read twice, even if the sink throws.
 * A rejected entry goes to {@link QueueListener#malformed} and is skipped. An entry whose code is
 * still 0 was announced by Tail before its bytes landed (a known erratum): the reader stops there
 * and retries on later polls; after 100 ms (as long as Linux waits) it reports it malformed and
 * skips it. A Head or Tail register out of range is reported as malformed (offset = the register's
 * MMIO offset, field = its name), counted in {@link #pointerErrors()}, and nothing is read. The
 * overflow bit in Status goes to {@link QueueListener#overflow} (how many entries were lost the
 * hardware does not say) and is then cleared; restarting logging through the Control register is
 * left to whoever owns it. Everything reported is also counted. A sink that throws stops the poll
 * after Head has moved past its entry; the next poll goes on from there.
 *
 * <p>A producer cannot overtake this reader unseen: an AMD-Vi IOMMU does not write into a full log,
 * it sets the overflow bit and drops the entry, which this reader reports.
 *
 * <p>The log buffer may be a {@link java.nio.MappedByteBuffer} shared with a simulator. One reader
 * per log; {@link #poll()} is synchronized.
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
    private final FaultSink sink;
    private final QueueListener listener;
    private final LongSupplier nanoClock;

    private long delivered;
    private long malformed;
    private long pointerErrors;
    private long overflows;
    private int lateOffset = -1;
    private long lateSince;

    AmdViLogReader(LogKind kind, ByteBuffer log, AmdViRegisters registers, FaultSink sink, QueueListener listener,
                   LongSupplier nanoClock) {
        this.kind = kind;
        this.log = Objects.requireNonNull(log, "log");
        this.registers = Objects.requireNonNull(registers, "registers");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.nanoClock = nanoClock;
        this.size = log.capacity();
        if (size % Le.ENTRY != 0 || size < 2 * Le.ENTRY || size > MAX_LOG_BYTES || log.limit() != size) {
            throw new IllegalArgumentException(kind.queue + " buffer must hold 2 to 32768 whole 16-byte entries with"
                    + " limit == capacity: capacity " + size + ", limit " + log.limit());
        }
        this.writable = !log.isReadOnly();
    }

    /** A reader of the event log: faults are {@link io.faultline.api.UnrecoverableFault}s. */
    public static AmdViLogReader eventLog(ByteBuffer log, AmdViRegisters registers, FaultSink sink,
                                          QueueListener listener) {
        return new AmdViLogReader(LogKind.EVENT, log, registers, sink, listener, System::nanoTime);
    }

    /**
     * A reader of the PPR log: faults are {@link io.faultline.api.PageRequest}s; answer them with an
     * {@link AmdViResponseSink}. A read-only log (SEV-SNP hosts) is read but not zeroed.
     */
    public static AmdViLogReader pprLog(ByteBuffer log, AmdViRegisters registers, FaultSink sink,
                                        QueueListener listener) {
        return new AmdViLogReader(LogKind.PPR, log, registers, sink, listener, System::nanoTime);
    }

    /**
     * Drains the entries between Head and Tail and handles an overflow.
     *
     * @return how many entries were consumed (delivered or reported malformed)
     */
    public synchronized int poll() {
        int status = registers.read(AmdViRegisters.STATUS);
        int head = pointer(kind.headRegister, kind.headName);
        int tail = pointer(kind.tailRegister, kind.tailName);
        int consumed = 0;
        if (head >= 0 && tail >= 0) {
            while (head != tail) {
                if (notWrittenYet(head) && !gaveUpWaiting(head)) {
                    break;
                }
                lateOffset = -1;
                Fault fault = null;
                try {
                    fault = kind.decode(log, head);
                } catch (MalformedRecordException e) {
                    malformed++;
                    listener.malformed(e);
                }
                if (writable) {
                    Le.putLong(log, head, 0L);
                    Le.putLong(log, head + 8, 0L);
                }
                head = (head + Le.ENTRY) % size;
                registers.write(kind.headRegister, head);
                consumed++;
                if (fault != null) {
                    delivered++;
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

    /** Faults handed to the sink. */
    public synchronized long delivered() {
        return delivered;
    }

    /** Entries rejected by the decoder, reported and skipped. */
    public synchronized long malformed() {
        return malformed;
    }

    /** Polls that found Head or Tail out of range (reported as malformed, nothing read). */
    public synchronized long pointerErrors() {
        return pointerErrors;
    }

    /** Overflows seen in Status. */
    public synchronized long overflows() {
        return overflows;
    }

    /** The byte offset in a head/tail register, or -1 after reporting a bad value. */
    private int pointer(int register, String name) {
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
        pointerErrors++;
        listener.malformed(new MalformedRecordException(Family.AMD_VI, register, name, problem));
        return -1;
    }

    // Both logs keep their code in DW1[31:28]; 0 is never a valid code.
    private boolean notWrittenYet(int offset) {
        return Le.getInt(log, offset + 4) >>> 28 == 0;
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
