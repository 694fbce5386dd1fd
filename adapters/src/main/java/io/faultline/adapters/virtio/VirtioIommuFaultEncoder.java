package io.faultline.adapters.virtio;

import io.faultline.adapters.LittleEndian;
import static io.faultline.adapters.virtio.VirtioIommuFault.F_ADDRESS;
import static io.faultline.adapters.virtio.VirtioIommuFault.F_EXEC;
import static io.faultline.adapters.virtio.VirtioIommuFault.F_READ;
import static io.faultline.adapters.virtio.VirtioIommuFault.F_WRITE;
import static io.faultline.adapters.virtio.VirtioIommuFault.OFF_ADDRESS;
import static io.faultline.adapters.virtio.VirtioIommuFault.OFF_ENDPOINT;
import static io.faultline.adapters.virtio.VirtioIommuFault.OFF_FLAGS;
import static io.faultline.adapters.virtio.VirtioIommuFault.OFF_REASON;
import static io.faultline.adapters.virtio.VirtioIommuFault.OFF_RESERVED1;
import static io.faultline.adapters.virtio.VirtioIommuFault.SIZE;

import io.faultline.api.Access;
import io.faultline.api.UnrecoverableFault;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Writes a fault as the 24-byte {@code struct virtio_iommu_fault} a virtio-iommu device puts into a
 * buffer of the guest's event queue — what a hypervisor relay uses to inject a fault into a guest.
 *
 * <p>Reason from the fault's stage: {@code PTE} → MAPPING (2), {@code CONTEXT} → DOMAIN (1) (the
 * endpoint has no domain / device entry); {@code PASID}, {@code PGD} and {@code NONE} → UNKNOWN (0),
 * because virtio-iommu has no PASIDs and no guest-visible page-table pointer. The fault's own reason
 * code is not copied (undefined codes would mean UNKNOWN to the guest anyway).
 *
 * <p>Flags: {@code F_READ} / {@code F_WRITE} from the access, {@code F_EXEC} (bit 2, defined by Linux
 * only; spec-conforming guests ignore it) for exec, nothing for privileged (virtio has no such flag).
 * {@code F_ADDRESS} and the address only when the fault has an address; otherwise the address field
 * is zero, as QEMU writes it. Reserved fields are always zero.
 *
 * <p>The encoder applies no policy: whether a fault may be shown to a guest at all (see
 * {@link io.faultline.api.Stage#guestVisible()}) and how host ids and addresses translate to guest
 * ones are the relay's decisions, hence the explicit {@code guestEndpoint} and {@code guestAddress}.
 * Fields are written little-endian whatever the buffer's byte order.
 */
public final class VirtioIommuFaultEncoder {
    /** Size of {@code struct virtio_iommu_fault} in bytes: the used length to report for the buffer. */
    public static final int RECORD_SIZE = SIZE;

    private VirtioIommuFaultEncoder() {
    }

    /**
     * Writes the event at {@code out}'s position and advances the position by {@link #RECORD_SIZE}.
     *
     * @param fault         the fault to report
     * @param guestEndpoint the endpoint id as the guest knows it (32 bits, unsigned)
     * @param guestAddress  the faulting address in the guest's I/O address space; written only when
     *                      {@code fault.hasAddress()}
     * @throws java.nio.BufferOverflowException when fewer than 24 bytes remain; nothing is written (a
     *         device must never split a report over buffers)
     */
    public static void encode(UnrecoverableFault fault, int guestEndpoint, long guestAddress, ByteBuffer out) {
        if (out.remaining() < SIZE) {
            throw new java.nio.BufferOverflowException();
        }
        int pos = out.position();
        encode(fault, guestEndpoint, guestAddress, out, pos);
        out.position(pos + SIZE);
    }

    /**
     * Writes the event at the absolute index {@code offset}; the buffer's position is left alone.
     *
     * @throws IndexOutOfBoundsException when the 24 bytes do not fit below the buffer's limit
     */
    public static void encode(UnrecoverableFault fault, int guestEndpoint, long guestAddress, ByteBuffer out,
            int offset) {
        Objects.requireNonNull(fault, "fault");
        Objects.checkFromIndexSize(offset, SIZE, out.limit());
        Access access = fault.access();
        int flags = (access.read() ? F_READ : 0) | (access.write() ? F_WRITE : 0) | (access.exec() ? F_EXEC : 0);
        long address = 0;
        if (fault.hasAddress()) {
            flags |= F_ADDRESS;
            address = guestAddress;
        }
        // reason in byte 0, reserved bytes 1..3 zero
        LittleEndian.putInt(out, offset + OFF_REASON, VirtioIommuFault.reasonCode(fault.stage()));
        LittleEndian.putInt(out, offset + OFF_FLAGS, flags);
        LittleEndian.putInt(out, offset + OFF_ENDPOINT, guestEndpoint);
        LittleEndian.putInt(out, offset + OFF_RESERVED1, 0);
        LittleEndian.putLong(out, offset + OFF_ADDRESS, address);
    }
}
