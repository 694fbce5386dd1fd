package io.faultline.adapters.virtio;

import io.faultline.adapters.LittleEndian;
import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.QueueListener;
import io.faultline.api.Family;
import io.faultline.api.UnrecoverableFault;
import io.faultline.runtime.FaultSink;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A single-producer, single-consumer ring of virtio-iommu event buffers in a direct
 * {@link ByteBuffer} — e.g. a {@link java.nio.MappedByteBuffer} shared by a device simulator and the
 * process that reads its faults. It stands in for the event virtqueue; it is Faultline's own small
 * layout, <b>not</b> the virtio split or packed virtqueue format (guest-memory virtqueues belong to
 * the VMM, which hands the encoder the buffer it popped).
 *
 * <p>Layout, little-endian: {@code produced} u32 @0 and {@code consumed} u32 @4 (free-running
 * counters, wrapping at 2^32), 8 reserved bytes, then {@code slots} slots of 32 bytes each: used
 * length u32, 4 reserved bytes, and the 24-byte {@code struct virtio_iommu_fault}. The counters are
 * published with release/acquire ordering, so the two sides may be different threads or processes.
 *
 * <p>The slot count is a power of two, so that counter {@code n} maps to slot {@code n mod slots}
 * without a jump where the counters wrap at 2^32 (with 3 slots, 0xFFFFFFFF and 0 would share slot 0).
 *
 * <p>As in virtio-iommu, a full ring has no overflow flag: the device side drops the event and counts
 * it ({@link #dropped()}), as QEMU does when no event buffer is available. The reading side reports
 * every record the decoder rejects and every producer that overtook the consumer to its
 * {@link QueueListener}, counts them, and goes on. A {@code consumed} counter ahead of
 * {@code produced} (the signed distance is negative) is corrupt, not a producer 2^32 events ahead: it
 * is reported as a {@link MalformedRecordException} on field {@code consumed}, counted in
 * {@link #indexErrors()}, nothing is read, and {@code consumed} is set to {@code produced} so that
 * the device can write again. Nothing is ever delivered twice.
 */
public final class VirtioEventRing {
    /** Bytes before the first slot. */
    public static final int HEADER_SIZE = 16;
    /** Bytes per slot: used length, reserved, event. */
    public static final int SLOT_SIZE = 32;

    private static final int OFF_PRODUCED = 0;
    private static final int OFF_CONSUMED = 4;
    private static final int SLOT_USED_LENGTH = 0;
    private static final int SLOT_EVENT = 8;
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final ByteBuffer buf;
    private final int slots;
    // Each counter has one writer (dropped: the producer; the rest: the consumer); volatile so
    // that any thread reads a current value.
    private volatile long dropped;
    private volatile long malformed;
    private volatile long lost;
    private volatile long indexErrors;

    /**
     * A view of a ring laid out at index 0 of {@code buf}; does not initialise it (see {@link #reset}).
     *
     * @throws IllegalArgumentException the buffer is not direct (ordered access needs one), is too
     *                                  small for {@code slots} slots, or {@code slots} is not a power of two
     */
    public VirtioEventRing(ByteBuffer buf, int slots) {
        this.buf = Objects.requireNonNull(buf, "buf");
        if (!buf.isDirect()) {
            throw new IllegalArgumentException("the ring needs a direct or mapped buffer for ordered access");
        }
        if (slots < 1 || slots > (Integer.MAX_VALUE - HEADER_SIZE) / SLOT_SIZE || buf.limit() < bytesFor(slots)) {
            throw new IllegalArgumentException(slots + " slots need " + (HEADER_SIZE + (long) slots * SLOT_SIZE)
                    + " bytes, the buffer has " + buf.limit());
        }
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException(slots + " slots: the slot count must be a power of two, else the"
                    + " counters' wrap at 2^32 maps two consecutive events to the same slot");
        }
        this.slots = slots;
    }

    /** Bytes a ring of {@code slots} slots occupies. */
    public static int bytesFor(int slots) {
        return HEADER_SIZE + slots * SLOT_SIZE;
    }

    /** Zeroes both counters: an empty ring. Only while neither side is running. */
    public void reset() {
        INT.setRelease(buf, OFF_PRODUCED, 0);
        INT.setRelease(buf, OFF_CONSUMED, 0);
    }

    /**
     * Device side: writes the fault as the next event ({@link VirtioIommuFaultEncoder}).
     *
     * @return false when every slot is still unread: the event is dropped and counted
     */
    public boolean offer(UnrecoverableFault fault, int guestEndpoint, long guestAddress) {
        int produced = (int) INT.getAcquire(buf, OFF_PRODUCED);
        int consumed = (int) INT.getAcquire(buf, OFF_CONSUMED);
        if (Integer.toUnsignedLong(produced - consumed) >= slots) {
            dropped++;
            return false;
        }
        int slot = slot(produced);
        VirtioIommuFaultEncoder.encode(fault, guestEndpoint, guestAddress, buf, slot + SLOT_EVENT);
        LittleEndian.putInt(buf, slot + SLOT_USED_LENGTH, VirtioIommuFaultEncoder.RECORD_SIZE);
        INT.setRelease(buf, OFF_PRODUCED, produced + 1);
        return true;
    }

    /**
     * Driver side: decodes every event written since the last poll, oldest first, into {@code sink}.
     *
     * @return faults delivered
     */
    public int poll(FaultSink sink, QueueListener listener) {
        int produced = (int) INT.getAcquire(buf, OFF_PRODUCED);
        int consumed = (int) INT.getAcquire(buf, OFF_CONSUMED);
        if (produced - consumed < 0) {
            indexErrors++;
            listener.malformed(new MalformedRecordException(Family.VIRTIO_IOMMU, OFF_CONSUMED, "consumed",
                    "consumed " + Integer.toUnsignedString(consumed) + " is ahead of produced "
                    + Integer.toUnsignedString(produced) + ": index out of range; nothing read, consumed set to produced"));
            INT.setRelease(buf, OFF_CONSUMED, produced);
            return 0;
        }
        long pending = produced - consumed;
        if (pending > slots) {
            // The producer wrote over events nobody read: report them, then read what is still there.
            long overwritten = pending - slots;
            lost += overwritten;
            listener.overflow(Family.VIRTIO_IOMMU, "eventq", overwritten, "produced " + Integer.toUnsignedString(produced)
                    + " overtook consumed " + Integer.toUnsignedString(consumed) + " in a ring of " + slots + " slots");
            consumed = produced - slots;
        }
        int delivered = 0;
        while (consumed != produced) {
            int slot = slot(consumed);
            UnrecoverableFault fault = null;
            try {
                fault = VirtioIommuFaultDecoder.decode(buf, slot + SLOT_EVENT,
                        LittleEndian.getInt(buf, slot + SLOT_USED_LENGTH));
            } catch (MalformedRecordException e) {
                malformed++;
                listener.malformed(e);
            }
            consumed++;
            INT.setRelease(buf, OFF_CONSUMED, consumed); // the slot is free before the sink runs
            if (fault != null) {
                sink.accept(fault);
                delivered++;
            }
        }
        return delivered;
    }

    /** Events the device side dropped because no slot was free. */
    public long dropped() {
        return dropped;
    }

    /** Events the reading side rejected. */
    public long malformed() {
        return malformed;
    }

    /** Events overwritten by a producer that overtook the consumer, as seen by the reading side. */
    public long lost() {
        return lost;
    }

    /** Polls refused because {@code consumed} was ahead of {@code produced} (each reported). */
    public long indexErrors() {
        return indexErrors;
    }

    private int slot(int counter) {
        return HEADER_SIZE + (counter & (slots - 1)) * SLOT_SIZE;
    }
}
