package io.faultline.adapters.iommufd;

import io.faultline.adapters.LittleEndian;
import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Access;
import io.faultline.api.Family;
import io.faultline.api.Fault;
import io.faultline.api.PageRequest;
import java.nio.ByteBuffer;

/**
 * Decodes {@code struct iommu_hwpt_pgfault}, the 40-byte record a Linux 6.11+ iommufd fault fd
 * returns from {@code read()}, into a {@link PageRequest} of family {@link Family#IOMMUFD}.
 *
 * <p>Layout (host order = little-endian on x86-64 and arm64): flags u32 @0, dev_id u32 @4, pasid u32
 * @8, grpid u32 @12, perm u32 @16, __reserved u32 @20, addr u64 @24, length u32 @32, cookie u32 @36.
 *
 * <p>Mapping: {@code dev_id} becomes the requester id — an iommufd object id, <em>not</em> a PCI
 * requester id; {@code pasid} only with {@code PASID_VALID}; {@code grpid} becomes the group index
 * (9-bit PRI index or 16-bit SMMU stall tag); {@code LAST_PAGE} becomes last-in-group; perm
 * READ/WRITE/EXEC/PRIV become the access; the address is always present; stage {@code PTE}; no reason,
 * no private data. The {@code cookie}, the only handle for the response, is read by {@link #cookie}.
 *
 * <p>Rejected: flags bits 3..31, perm bits 4..31, a PASID wider than 20 bits with PASID_VALID, a grpid
 * with bit 31 set (not representable as a group index), and fewer than 40 bytes. Tolerated: flags bit
 * 2 (Linux's internal NEEDS_PASID leaks there on Intel and RISC-V), a non-zero {@code __reserved}
 * (6.11–6.13 kernels leak stack bytes there), a non-zero {@code length} (a hint the kernel leaves 0),
 * a PASID field without PASID_VALID (ignored).
 *
 * <p>Pure functions of the bytes: absolute little-endian reads whatever the buffer's order; position,
 * limit and order are left alone.
 */
public final class IommufdPageFaultDecoder {
    /** Size of {@code struct iommu_hwpt_pgfault} in bytes; a read() returns a multiple of it. */
    public static final int RECORD_SIZE = 40;

    static final int OFF_FLAGS = 0;
    static final int OFF_DEV_ID = 4;
    static final int OFF_PASID = 8;
    static final int OFF_GRPID = 12;
    static final int OFF_PERM = 16;
    static final int OFF_RESERVED = 20;
    static final int OFF_ADDR = 24;
    static final int OFF_LENGTH = 32;
    static final int OFF_COOKIE = 36;

    static final int FLAG_PASID_VALID = 1;
    static final int FLAG_LAST_PAGE = 1 << 1;
    /** Linux's internal IOMMU_FAULT_PAGE_RESPONSE_NEEDS_PASID, copied into flags wholesale: ignored. */
    static final int FLAG_NEEDS_PASID_LEAK = 1 << 2;
    private static final int FLAGS_TOLERATED = FLAG_PASID_VALID | FLAG_LAST_PAGE | FLAG_NEEDS_PASID_LEAK;

    static final int PERM_READ = 1;
    static final int PERM_WRITE = 1 << 1;
    static final int PERM_EXEC = 1 << 2;
    static final int PERM_PRIV = 1 << 3;
    private static final int PERM_DEFINED = PERM_READ | PERM_WRITE | PERM_EXEC | PERM_PRIV;

    private static final int PASID_MAX = 0xFFFFF;

    private IommufdPageFaultDecoder() {
    }

    /**
     * Decodes the record at the absolute index {@code offset}.
     *
     * @throws MalformedRecordException fewer than 40 bytes before the limit, or a field the reference
     *                                  rejects; the offset is {@code offset} plus the field's position
     */
    public static PageRequest decode(ByteBuffer buf, int offset) throws MalformedRecordException {
        return decode(buf, offset, offset);
    }

    /**
     * The record's {@code cookie}: the kernel's handle of the record's group, to echo in the response.
     * Unsigned; never 0 when the kernel wrote it.
     *
     * @throws IndexOutOfBoundsException when fewer than 40 bytes lie before the limit
     */
    public static int cookie(ByteBuffer buf, int offset) {
        java.util.Objects.checkFromIndexSize(offset, RECORD_SIZE, buf.limit());
        return LittleEndian.getInt(buf, offset + OFF_COOKIE);
    }

    /**
     * Checks the length a single read() returned: the kernel returns whole records only, so anything
     * but a multiple of 40 is a short read or a foreign stream.
     *
     * @param length       bytes returned by one read()
     * @param streamOffset where those bytes start in the stream, for the error
     */
    public static void checkReadLength(int length, long streamOffset) throws MalformedRecordException {
        if (length < 0) {
            throw new IllegalArgumentException("negative length: " + length);
        }
        if (length > 0 && length < RECORD_SIZE) {
            throw new MalformedRecordException(Family.IOMMUFD, streamOffset, "record length", "short read: " + length
                    + " bytes; struct iommu_hwpt_pgfault is 40 bytes (the kernel only returns whole records)");
        }
        if (length % RECORD_SIZE != 0) {
            throw new MalformedRecordException(Family.IOMMUFD, streamOffset + length - length % RECORD_SIZE,
                    "record length", length + " bytes is not one 40-byte struct iommu_hwpt_pgfault and not a multiple of"
                    + " 40 (the kernel only returns whole records)");
        }
    }

    /**
     * As {@link #decode(ByteBuffer, int)}, reporting errors at {@code reportOffset} (a stream offset).
     * Every rule is tested in one branch and the error built in a cold method, which keeps this one
     * under C2's FreqInlineSize so it inlines and the request can be scalar-replaced by the caller.
     */
    static PageRequest decode(ByteBuffer buf, int offset, long reportOffset) throws MalformedRecordException {
        if (offset < 0 || offset > buf.limit() - RECORD_SIZE) {
            throw shortRead(buf, offset, reportOffset);
        }
        // Four 64-bit reads cover the fields (the same words a raw read of the record sees).
        long flagsDevId = LittleEndian.getLong(buf, offset + OFF_FLAGS);
        long pasidGrpid = LittleEndian.getLong(buf, offset + OFF_PASID);
        int perm = (int) LittleEndian.getLong(buf, offset + OFF_PERM);
        long addr = LittleEndian.getLong(buf, offset + OFF_ADDR);
        int flags = (int) flagsDevId;
        int grpid = (int) (pasidGrpid >>> 32);
        boolean hasPasid = (flags & FLAG_PASID_VALID) != 0;
        int pasid = hasPasid ? (int) pasidGrpid : Fault.NO_PASID;
        if ((flags & ~FLAGS_TOLERATED) != 0 || (perm & ~PERM_DEFINED) != 0 || grpid < 0
                || (hasPasid && (pasid & ~PASID_MAX) != 0)) {
            throw malformed(flags, perm, grpid, pasid, reportOffset);
        }
        PageRequest.Builder b = PageRequest.builder(Family.IOMMUFD)
                .requesterId((int) (flagsDevId >>> 32))
                .address(addr)
                .access(Access.of((perm & PERM_READ) != 0, (perm & PERM_WRITE) != 0, (perm & PERM_EXEC) != 0,
                        (perm & PERM_PRIV) != 0))
                .groupIndex(grpid)
                .lastInGroup((flags & FLAG_LAST_PAGE) != 0);
        if (hasPasid) {
            b.pasid(pasid);
        }
        return b.build();
    }

    /** Cold: fewer than 40 bytes from {@code offset} to the limit. */
    private static MalformedRecordException shortRead(ByteBuffer buf, int offset, long reportOffset) {
        int available = offset < 0 ? 0 : buf.limit() - offset;
        return new MalformedRecordException(Family.IOMMUFD, reportOffset, "record length", "short read: "
                + Math.max(0, available) + " bytes; struct iommu_hwpt_pgfault is 40 bytes"
                + " (the kernel only returns whole records)");
    }

    /** Cold: the error for the first field (flags, perm, grpid, pasid, in that order) the reference rejects. */
    private static MalformedRecordException malformed(int flags, int perm, int grpid, int pasid, long reportOffset) {
        if ((flags & ~FLAGS_TOLERATED) != 0) {
            return new MalformedRecordException(Family.IOMMUFD, reportOffset + OFF_FLAGS, "flags",
                    "undefined flags bits 0x" + Integer.toHexString(flags & ~FLAGS_TOLERATED)
                    + " set (only PASID_VALID 0x1 and LAST_PAGE 0x2 are defined; bit 2 is tolerated)");
        }
        if ((perm & ~PERM_DEFINED) != 0) {
            return new MalformedRecordException(Family.IOMMUFD, reportOffset + OFF_PERM, "perm",
                    "undefined perm bits 0x" + Integer.toHexString(perm & ~PERM_DEFINED)
                    + " set (only READ 0x1, WRITE 0x2, EXEC 0x4 and PRIV 0x8 are defined)");
        }
        if (grpid < 0) {
            return new MalformedRecordException(Family.IOMMUFD, reportOffset + OFF_GRPID, "grpid",
                    "grpid 0x" + Integer.toHexString(grpid) + " has bit 31 set: no IOMMU issues such group ids"
                    + " (PRI: 9 bits, SMMU stall tag: 16 bits)");
        }
        return new MalformedRecordException(Family.IOMMUFD, reportOffset + OFF_PASID, "pasid",
                "PASID 0x" + Integer.toHexString(pasid) + " is wider than 20 bits");
    }
}
