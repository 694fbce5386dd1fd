package io.faultline.adapters.vtd;

import io.faultline.adapters.LittleEndian;
import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.OwedAnswers;
import io.faultline.adapters.QueueListener;
import io.faultline.api.PageRequest;
import io.faultline.runtime.FaultSink;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Drains a VT-d page request queue of 256-bit descriptors the way Linux's PRQ handler does: clear
 * PRS.PPR, read PQT and PQH (byte offsets), decode every descriptor from PQH up to PQT, wrapping at
 * the queue size (2^PQA.PQS × 4 KiB), write PQH after each one, then report and clear PRS.PRO
 * (requests the hardware could not queue).
 *
 * <p>Stop markers are counted, not delivered. A malformed descriptor is reported and skipped; if it
 * closes a group and a response sink was given, the group is answered INVALID so the device is not
 * left waiting (what Linux does with requests it cannot handle). With a head/tail ring a producer
 * that overtakes the consumer is only visible through PRO; out-of-range PQH/PQT are reported.
 * The low 5 bits of PQH/PQT are ignored: that only bits 18:5 are meaningful is unverified.
 * One thread polls; counters may be read from any thread.
 */
public final class VtdPageRequestReader {
    private static final String QUEUE = "PRQ";
    private static final int DSZ = VtdPageRequestDescriptor.SIZE;

    private final ByteBuffer regs;
    private final ByteBuffer queue;
    private final ClearMode clearMode;
    private final FaultSink sink;
    private final QueueListener listener;
    private final VtdResponseSink responses;
    private final OwedAnswers owed; // null without a response path
    private final int size;

    private volatile long requests;
    private volatile long stopMarkers;
    private volatile long malformed;
    private volatile long overflows;

    /**
     * @param registers the unit's register page (PQH 0xC0, PQT 0xC8, PQA 0xD0, PRS 0xDC)
     * @param queue     the queue memory PQA points to
     * @param responses where the group responses of this unit go, or null: it answers malformed
     *                  requests that close a group, and keeps VT-d 3.x private data for its echo
     * @throws IllegalArgumentException if the queue PQA describes does not fit in {@code queue}
     */
    public VtdPageRequestReader(ByteBuffer registers, ByteBuffer queue, ClearMode clearMode, FaultSink sink,
            QueueListener listener, VtdResponseSink responses) {
        this.regs = Le.view(Objects.requireNonNull(registers, "registers"));
        this.queue = Le.view(Objects.requireNonNull(queue, "queue"));
        this.clearMode = Objects.requireNonNull(clearMode, "clearMode");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.responses = responses;
        this.owed = responses == null ? null : new OwedAnswers(responses);
        if (regs.limit() < VtdRegisters.PRS + 4) {
            throw new IllegalArgumentException("register buffer too small for PRS: " + regs.limit());
        }
        this.size = VtdRegisters.queueBytes(LittleEndian.getLong(regs, VtdRegisters.PQA));
        if (this.queue.limit() < size) {
            throw new IllegalArgumentException("PQA describes a " + size + "-byte page request queue, buffer has "
                    + this.queue.limit());
        }
    }

    /**
     * Drains every queued descriptor.
     *
     * @return how many page requests were delivered to the sink
     */
    public int poll() {
        int prs = LittleEndian.getInt(regs, VtdRegisters.PRS);
        if (clearMode == ClearMode.RW1C || (prs & VtdRegisters.PRS_PPR) != 0) {
            clearPrs(VtdRegisters.PRS_PPR); // first, so a request queued from now on raises a new interrupt
        }
        int delivered = drain();
        if ((prs & VtdRegisters.PRS_PRO) != 0) {
            overflows++;
            listener.overflow(Le.FAMILY, QUEUE, -1,
                    "PRS.PRO: the page request queue was full and requests were not queued");
            clearPrs(VtdRegisters.PRS_PRO);
        }
        return delivered;
    }

    private int drain() {
        long tail = LittleEndian.getLong(regs, VtdRegisters.PQT) & ~(long) (DSZ - 1);
        long head = LittleEndian.getLong(regs, VtdRegisters.PQH) & ~(long) (DSZ - 1);
        if (tail < 0 || tail >= size) {
            report(new MalformedRecordException(Le.FAMILY, VtdRegisters.PQT, "PQT", "tail 0x" + Long.toHexString(tail)
                    + " is outside the " + size + "-byte queue; nothing read"));
            return 0;
        }
        if (head < 0 || head >= size) {
            report(new MalformedRecordException(Le.FAMILY, VtdRegisters.PQH, "PQH", "head 0x" + Long.toHexString(head)
                    + " is outside the " + size + "-byte queue; the queue is skipped up to the tail 0x"
                    + Long.toHexString(tail)));
            LittleEndian.putLong(regs, VtdRegisters.PQH, tail);
            return 0;
        }
        VarHandle.acquireFence(); // descriptors up to the tail were written before the tail
        int delivered = 0;
        while (head != tail) {
            int off = (int) head;
            PageRequest request = null;
            PageRequest answerInvalid = null;
            if (VtdPageRequestDescriptor.isStopMarker(queue, off)) {
                stopMarkers++;
            } else {
                try {
                    request = VtdPageRequestDescriptor.decode(queue, off);
                    if (responses != null && request.hasPrivateData()) {
                        responses.remember(request, (LittleEndian.getLong(queue, off + 8) & 4) != 0, LittleEndian.getLong(queue, off + 24));
                    }
                } catch (MalformedRecordException e) {
                    report(e);
                    answerInvalid = owedResponse(off);
                }
            }
            head = head + DSZ == size ? 0 : head + DSZ;
            VarHandle.releaseFence(); // done reading the slot before handing it back
            LittleEndian.putLong(regs, VtdRegisters.PQH, head);
            if (answerInvalid != null) { // after PQH: a full response queue must not make us read it again
                owed.answerInvalid(answerInvalid); // the descriptor itself was reported above
            }
            if (request != null) {
                requests++;
                delivered++;
                sink.accept(request);
            }
        }
        return delivered;
    }

    /** A malformed page request still owes a response if it closes a group: INVALID, never dispatched. */
    private PageRequest owedResponse(int off) {
        long qw0 = LittleEndian.getLong(queue, off);
        long qw1 = LittleEndian.getLong(queue, off + 8);
        boolean owed = (qw1 & 4) != 0 || (qw0 >>> 9 & 1) != 0;
        if (responses == null || (qw0 & 0xFF) != VtdPageRequestDescriptor.TYPE || !owed) {
            return null;
        }
        PageRequest lenient = VtdPageRequestDescriptor.decodeLenient(queue, off);
        responses.remember(lenient, (qw1 & 4) != 0, LittleEndian.getLong(queue, off + 24));
        return lenient;
    }

    private void report(MalformedRecordException e) {
        malformed++;
        listener.malformed(e);
    }

    private void clearPrs(int flag) {
        if (clearMode == ClearMode.RW1C) {
            LittleEndian.putInt(regs, VtdRegisters.PRS, flag);
        } else {
            LittleEndian.putInt(regs, VtdRegisters.PRS, LittleEndian.getInt(regs, VtdRegisters.PRS) & ~flag);
        }
    }

    /** Page requests delivered so far. */
    public long requests() {
        return requests;
    }

    /** Stop markers seen (not delivered, not answered). */
    public long stopMarkers() {
        return stopMarkers;
    }

    /** Descriptors and register values reported as malformed. */
    public long malformed() {
        return malformed;
    }

    /** Malformed requests that closed a group and were answered INVALID. */
    public long answeredInvalid() {
        return owed == null ? 0 : owed.answered();
    }

    /** Malformed requests that closed a group but whose INVALID response could not be queued. */
    public long unanswered() {
        return owed == null ? 0 : owed.unanswered();
    }

    /** Overflows (PRS.PRO) reported. */
    public long overflows() {
        return overflows;
    }

    /** The queue size in bytes (from PQA). */
    public int queueBytes() {
        return size;
    }
}
