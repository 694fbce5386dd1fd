package io.faultline.adapters.virtio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Access;
import io.faultline.api.Family;
import io.faultline.api.Reason;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Encode/decode round trips of {@code struct virtio_iommu_fault}. */
class VirtioIommuFaultProperties {

    @Property
    void faultToBytesToFault(@ForAll Stage stage, @ForAll boolean r, @ForAll boolean w, @ForAll boolean x,
            @ForAll boolean priv, @ForAll int endpoint, @ForAll boolean hasAddress, @ForAll long address,
            @ForAll boolean bigEndian) throws MalformedRecordException {
        UnrecoverableFault.Builder b = UnrecoverableFault.builder(Family.INTEL_VTD).stage(stage)
                .access(Access.of(r, w, x, priv)).requesterId(~endpoint).reason(Reason.of(6, "host reason"));
        if (hasAddress) {
            b.address(~address);
        }
        ByteBuffer out = ByteBuffer.allocate(24).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        VirtioIommuFaultEncoder.encode(b.build(), endpoint, address, out);

        UnrecoverableFault decoded = VirtioIommuFaultDecoder.decode(out, 0, 24);
        assertEquals(Family.VIRTIO_IOMMU, decoded.family());
        assertEquals(endpoint, decoded.requesterId());
        assertEquals(Access.of(r, w, x, false), decoded.access());
        assertEquals(stage == Stage.PTE || stage == Stage.CONTEXT ? stage : Stage.NONE, decoded.stage());
        assertEquals(hasAddress, decoded.hasAddress());
        assertEquals(hasAddress ? address : 0, decoded.address());
    }

    @Property
    void canonicalBytesToFaultToBytes(@ForAll @IntRange(min = 0, max = 2) int reason,
            @ForAll @IntRange(min = 0, max = 7) int rwx, @ForAll boolean hasAddress, @ForAll int endpoint,
            @ForAll long address) throws MalformedRecordException {
        ByteBuffer in = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        in.put(0, (byte) reason);
        in.putInt(4, rwx | (hasAddress ? 0x100 : 0));
        in.putInt(8, endpoint);
        in.putLong(16, hasAddress ? address : 0);

        UnrecoverableFault decoded = VirtioIommuFaultDecoder.decode(in, 0, 24);
        ByteBuffer out = ByteBuffer.allocate(24);
        VirtioIommuFaultEncoder.encode(decoded, endpoint, address, out);
        assertArrayEquals(in.array(), out.array());
    }
}
