package io.faultline.adapters.iommufd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Access;
import io.faultline.api.Fault;
import io.faultline.api.Family;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Round trips of the two iommufd wire formats. */
class IommufdProperties {

    /** A PageRequest written as the kernel would write it decodes to the same PageRequest. */
    @Property
    void pageRequestToRecordToPageRequest(@ForAll int devId, @ForAll boolean hasPasid,
            @ForAll @IntRange(min = 0, max = 0xFFFFF) int pasid, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int grpid,
            @ForAll @IntRange(min = 0, max = 15) int perm, @ForAll boolean last, @ForAll long addr,
            @ForAll boolean needsPasidLeak, @ForAll int reserved, @ForAll int length, @ForAll int cookie,
            @ForAll boolean bigEndian) throws MalformedRecordException {
        PageRequest.Builder b = PageRequest.builder(Family.IOMMUFD).requesterId(devId).groupIndex(grpid)
                .lastInGroup(last).address(addr)
                .access(Access.of((perm & 1) != 0, (perm & 2) != 0, (perm & 4) != 0, (perm & 8) != 0));
        if (hasPasid) {
            b.pasid(pasid);
        }
        PageRequest original = b.build();
        int flags = (hasPasid ? 1 : 0) | (last ? 2 : 0) | (needsPasidLeak ? 4 : 0);
        // without PASID_VALID the pasid field may hold anything
        byte[] bytes = new PgFault(flags, devId, hasPasid ? pasid : ~pasid, grpid, perm, reserved, addr, length, cookie)
                .bytes();
        ByteBuffer buf = ByteBuffer.allocate(41).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        buf.put(1, bytes, 0, 40);

        Fault decoded = IommufdPageFaultDecoder.decode(buf, 1);
        assertEquals(original, decoded);
        assertEquals(cookie, IommufdPageFaultDecoder.cookie(buf, 1));
    }

    /** Undefined flag or perm bits never decode. */
    @Property
    void undefinedBitsAreRejected(@ForAll int flags, @ForAll int perm) {
        Assume.that((flags & ~7) != 0 || (perm & ~15) != 0);
        byte[] bytes = new PgFault(flags, 1, 1, 1, perm, 0, 0, 0, 1).bytes();
        MalformedRecordException e = assertThrows(MalformedRecordException.class,
                () -> IommufdPageFaultDecoder.decode(ByteBuffer.wrap(bytes), 0));
        assertEquals((flags & ~7) != 0 ? "flags" : "perm", e.field());
    }

    /** A response encodes and reads back unchanged. */
    @Property
    void responseToBytesToResponse(@ForAll int cookie, @ForAll PageResponse response, @ForAll boolean bigEndian)
            throws MalformedRecordException {
        Assume.that(cookie != 0);
        ByteBuffer out = ByteBuffer.allocate(8).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        IommufdPageResponseEncoder.encode(cookie, response, out, 0);
        long decoded = IommufdPageResponseEncoder.decode(out, 0, 8);
        assertEquals(cookie, (int) (decoded >>> 32));
        assertEquals(response == PageResponse.SUCCESS ? 0 : 1, (int) decoded);
    }

    /** Codes other than SUCCESS 0 and INVALID 1 are refused, and nothing is written. */
    @Property
    void onlyCodesZeroAndOneEncode(@ForAll int cookie, @ForAll int code) {
        Assume.that(code != 0 && code != 1);
        ByteBuffer out = ByteBuffer.allocate(8);
        MalformedRecordException e = assertThrows(MalformedRecordException.class,
                () -> IommufdPageResponseEncoder.encode(cookie, code, out, 0));
        assertEquals("code", e.field());
        assertEquals(0L, out.getLong(0));
    }
}
