package io.faultline.adapters.iommufd;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Test-side writer of {@code struct iommu_hwpt_pgfault} records, field by field, as the kernel lays them out. */
record PgFault(int flags, int devId, int pasid, int grpid, int perm, int reserved, long addr, int length, int cookie) {

    /** A well-formed LAST_PAGE request with PASID. */
    static PgFault last(int devId, int pasid, int grpid, int cookie) {
        return new PgFault(3, devId, pasid, grpid, 1, 0, 0x1000L * (grpid + 1), 0, cookie);
    }

    /** A well-formed partial (not last) request with PASID. */
    static PgFault partial(int devId, int pasid, int grpid, int cookie) {
        return new PgFault(1, devId, pasid, grpid, 2, 0, 0x2000L * (grpid + 1), 0, cookie);
    }

    PgFault withFlags(int newFlags) {
        return new PgFault(newFlags, devId, pasid, grpid, perm, reserved, addr, length, cookie);
    }

    PgFault withCookie(int newCookie) {
        return new PgFault(flags, devId, pasid, grpid, perm, reserved, addr, length, newCookie);
    }

    byte[] bytes() {
        ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, flags).putInt(4, devId).putInt(8, pasid).putInt(12, grpid).putInt(16, perm)
                .putInt(20, reserved).putLong(24, addr).putInt(32, length).putInt(36, cookie);
        return b.array();
    }

    static byte[] concat(PgFault... records) {
        ByteBuffer b = ByteBuffer.allocate(40 * records.length);
        for (PgFault r : records) {
            b.put(r.bytes());
        }
        return b.array();
    }
}
