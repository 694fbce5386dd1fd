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
import static io.faultline.adapters.virtio.VirtioIommuFault.OFF_RESERVED;
import static io.faultline.adapters.virtio.VirtioIommuFault.SIZE;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Access;
import io.faultline.api.Family;
import io.faultline.api.UnrecoverableFault;
import java.nio.ByteBuffer;

/**
 * Decodes one virtio-iommu event-queue buffer ({@code struct virtio_iommu_fault}, 24 bytes,
 * little-endian) into an {@link UnrecoverableFault} of family {@link Family#VIRTIO_IOMMU}.
 *
 * <p>Mapping: {@code endpoint} becomes the requester id (a 32-bit virtio endpoint id, unsigned; with
 * QEMU it is the PCI requester id); the address is kept only when {@code F_ADDRESS} is set; access is
 * read = {@code F_READ}, write = {@code F_WRITE}, exec = {@code F_EXEC} (bit 2, Linux only), never
 * privileged; reason MAPPING (2) gives stage {@code PTE}, DOMAIN (1) gives {@code CONTEXT}, UNKNOWN (0)
 * and every undefined reason give {@code NONE} with reason name {@code UNKNOWN} and the raw code. No
 * PASID. All access bits clear means "not stated" (QEMU's "no mapping" report), not "no access".
 *
 * <p>Rejected with {@link MalformedRecordException}: a used length other than 24 (shorter: truncated;
 * longer: Linux drops it as an invalid event buffer) and non-zero {@code reserved} bytes 1..3 (the spec
 * says the driver must ignore such a report). Tolerated, as the spec requires: non-zero
 * {@code reserved1} (bytes 12..15), undefined flag bits, undefined reason codes.
 *
 * <p>A pure function of the bytes: reads are absolute and little-endian whatever the buffer's order;
 * the buffer's position, limit and order are left alone.
 */
public final class VirtioIommuFaultDecoder {
    /** Size of {@code struct virtio_iommu_fault} in bytes. */
    public static final int RECORD_SIZE = SIZE;

    private VirtioIommuFaultDecoder() {
    }

    /**
     * Decodes the fault the device wrote into an event buffer.
     *
     * @param buf        the buffer holding the event
     * @param offset     absolute index of the event's first byte in {@code buf}
     * @param usedLength how many bytes the device wrote (the virtqueue used length); must be 24
     * @throws MalformedRecordException wrong length, or reserved bytes 1..3 set; the offset in the
     *                                  exception is {@code offset} plus the field's position
     */
    public static UnrecoverableFault decode(ByteBuffer buf, int offset, int usedLength)
            throws MalformedRecordException {
        if (usedLength < SIZE) {
            throw malformed(offset, "used length", "truncated: " + usedLength
                    + " bytes, struct virtio_iommu_fault is " + SIZE + " bytes");
        }
        if (usedLength > SIZE) {
            throw malformed(offset, "used length", "too long: " + usedLength + " bytes; struct virtio_iommu_fault is "
                    + SIZE + " bytes (Linux drops used length > " + SIZE + " as an invalid event buffer)");
        }
        if (offset < 0 || offset > buf.limit() - SIZE) {
            throw malformed(offset, "used length", "truncated: the buffer holds "
                    + Math.max(0, buf.limit() - Math.max(offset, 0)) + " bytes from this offset, struct virtio_iommu_fault is "
                    + SIZE + " bytes");
        }
        int head = LittleEndian.getInt(buf, offset + OFF_REASON);
        int reserved = head >>> 8;
        if (reserved != 0) {
            throw malformed(offset + OFF_RESERVED, "reserved", "reserved bytes 1..3 are non-zero (0x"
                    + Integer.toHexString(reserved) + "): the virtio spec says the driver MUST ignore this fault report");
        }
        int reasonCode = head & 0xFF;
        int flags = LittleEndian.getInt(buf, offset + OFF_FLAGS);
        UnrecoverableFault.Builder b = UnrecoverableFault.builder(Family.VIRTIO_IOMMU)
                .requesterId(LittleEndian.getInt(buf, offset + OFF_ENDPOINT))
                .access(Access.of((flags & F_READ) != 0, (flags & F_WRITE) != 0, (flags & F_EXEC) != 0, false))
                .stage(VirtioIommuFault.stage(reasonCode))
                .reason(VirtioIommuFault.reason(reasonCode));
        if ((flags & F_ADDRESS) != 0) {
            // Without F_ADDRESS the stored bytes mean nothing (QEMU zeroes them, others may not).
            b.address(LittleEndian.getLong(buf, offset + OFF_ADDRESS));
        }
        return b.build();
    }

    private static MalformedRecordException malformed(long offset, String field, String detail) {
        return new MalformedRecordException(Family.VIRTIO_IOMMU, offset, field, detail);
    }
}
