package io.faultline.adapters.vtd;

import io.faultline.adapters.LittleEndian;
import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Family;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.runtime.PageResponseSink;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Answers VT-d page request groups by writing page group response descriptors into the unit's
 * invalidation queue: the descriptor goes at IQT, then IQT advances one descriptor (wrapping at the
 * queue size from IQA) and hardware, or a simulator, consumes from IQH. Echoes RID, PP, PASID and
 * PRGI; in {@link VtdResponseFormat#VTD3} also LPIG and the 128 bits of private data, which the
 * {@link VtdPageRequestReader} given this sink remembers for it (a {@link PageRequest} holds 64).
 *
 * <p>{@link #send} throws {@link IllegalStateException} when the queue is full or its registers are
 * out of range, and {@link IllegalArgumentException} for a request it cannot answer; nothing is
 * written then. Thread-safe.
 */
public final class VtdResponseSink implements PageResponseSink {
    private final ByteBuffer regs;
    private final ByteBuffer queue;
    private final VtdResponseFormat format;
    private final int size;
    /** VT-d 3.x: QW3 and the request's own LPIG, per group (RID, PASID, PRGI), until answered. */
    private final Map<Long, long[]> echo = new HashMap<>();
    private long sent;

    /**
     * @param registers         the unit's register page (IQH 0x80, IQT 0x88, IQA 0x90)
     * @param invalidationQueue the queue memory IQA points to
     * @throws IllegalArgumentException if IQA.DW does not match the format's descriptor width, or the
     *         queue IQA describes does not fit in {@code invalidationQueue}
     */
    public VtdResponseSink(ByteBuffer registers, ByteBuffer invalidationQueue, VtdResponseFormat format) {
        this.regs = Le.view(Objects.requireNonNull(registers, "registers"));
        this.queue = Le.view(Objects.requireNonNull(invalidationQueue, "invalidationQueue"));
        this.format = Objects.requireNonNull(format, "format");
        if (regs.limit() < VtdRegisters.IQA + 8) {
            throw new IllegalArgumentException("register buffer too small for IQA: " + regs.limit());
        }
        long iqa = LittleEndian.getLong(regs, VtdRegisters.IQA);
        boolean wide = (iqa & VtdRegisters.IQA_DW) != 0;
        if (wide != (format.descriptorBytes() == 32)) {
            throw new IllegalArgumentException("IQA.DW=" + (wide ? 1 : 0) + " but " + format + " writes "
                    + format.descriptorBytes() + "-byte descriptors");
        }
        this.size = VtdRegisters.queueBytes(iqa);
        if (queue.limit() < size) {
            throw new IllegalArgumentException("IQA describes a " + size + "-byte invalidation queue, buffer has "
                    + queue.limit());
        }
    }

    @Override
    public synchronized void send(PageRequest lastRequest, PageResponse response) {
        Objects.requireNonNull(lastRequest, "lastRequest");
        int rc = VtdPageGroupResponse.responseCode(response);
        if (lastRequest.family() != Family.INTEL_VTD || !lastRequest.hasRequesterId()) {
            throw new IllegalArgumentException("not a VT-d page request with a requester id: " + lastRequest);
        }
        int dsz = format.descriptorBytes();
        long head = LittleEndian.getLong(regs, VtdRegisters.IQH);
        long tail = LittleEndian.getLong(regs, VtdRegisters.IQT);
        checkIndex("IQH", head, dsz);
        checkIndex("IQT", tail, dsz);
        long next = tail + dsz == size ? 0 : tail + dsz;
        if (next == head) {
            throw new IllegalStateException("VT-d invalidation queue full (IQH=0x" + Long.toHexString(head)
                    + ", IQT=0x" + Long.toHexString(tail) + "): response " + response + " for " + lastRequest
                    + " not sent");
        }
        int off = (int) tail;
        boolean pp = lastRequest.hasPasid();
        int rid = lastRequest.requesterId() & 0xFFFF;
        try {
            switch (format) {
                case VTD4 -> VtdPageGroupResponse.encode(queue, off, rc, rid, pp, lastRequest.pasid(), false, false,
                        lastRequest.groupIndex(), 0, 0);
                case VTD3 -> {
                    long[] kept = echo.remove(key(lastRequest));
                    boolean pdp = lastRequest.hasPrivateData();
                    boolean lpig = kept != null ? kept[1] != 0 : lastRequest.lastInGroup();
                    VtdPageGroupResponse.encode(queue, off, rc, rid, pp, lastRequest.pasid(), pdp, lpig,
                            lastRequest.groupIndex(), pdp ? lastRequest.privateData() : 0,
                            pdp && kept != null ? kept[0] : 0);
                }
                case VTD2 -> VtdLegacyPageGroupResponse.encode(queue, off, rc, rid, pp, lastRequest.pasid(),
                        lastRequest.hasPrivateData() ? (int) Math.min(lastRequest.privateData(), Integer.MAX_VALUE) : 0,
                        lastRequest.groupIndex());
                default -> throw new AssertionError(format);
            }
        } catch (MalformedRecordException e) {
            throw new IllegalArgumentException("cannot answer " + lastRequest + ": " + e.getMessage(), e);
        }
        VarHandle.releaseFence(); // the descriptor is visible before the tail that publishes it
        LittleEndian.putLong(regs, VtdRegisters.IQT, next);
        sent++;
    }

    /** Descriptors written so far. */
    public synchronized long sent() {
        return sent;
    }

    /** The descriptor format written. */
    public VtdResponseFormat format() {
        return format;
    }

    /** The reader tells the sink the 3.x private data a PageRequest cannot hold, before delivering it. */
    synchronized void remember(PageRequest request, boolean lpig, long privateHigh) {
        if (format == VtdResponseFormat.VTD3) {
            echo.put(key(request), new long[] {privateHigh, lpig ? 1 : 0});
        }
    }

    /** Groups whose private data is remembered and not yet answered. */
    synchronized int pendingEchoes() {
        return echo.size();
    }

    private void checkIndex(String register, long value, int dsz) {
        if (value < 0 || value >= size || value % dsz != 0) {
            throw new IllegalStateException(register + "=0x" + Long.toHexString(value) + " is not a descriptor offset in a "
                    + size + "-byte invalidation queue of " + dsz + "-byte descriptors");
        }
    }

    private static long key(PageRequest r) {
        return (long) (r.requesterId() & 0xFFFF) << 30 | (long) (r.pasid() + 1) << 9 | r.groupIndex();
    }
}
