package io.faultline.adapters.virtio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.VectorFile;
import io.faultline.api.Family;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every vector of virtio-iommu.json, decoded, and re-encoded where the encoder can reproduce it. */
class VirtioIommuFaultVectorTest {
    private static final VectorFile FILE = VectorFile.load("virtio-iommu.json");

    /** Display names say "unverified" where the vector rests on something the reference could not confirm. */
    static Stream<Named<VectorFile.Vector>> vectors() {
        return FILE.stream().map(v -> Named.of(v.rawBool("F_EXEC", false)
                ? v.name() + " (F_EXEC is Linux-only, not in the virtio spec: unverified, decoded leniently)"
                : v.name(), v));
    }

    static Stream<Named<VectorFile.Vector>> accepted() {
        return vectors().filter(n -> !n.getPayload().isError());
    }

    @Test
    void theFileHoldsOnlyFaultVectorsOfThisFamily() {
        assertEquals("virtio-iommu", FILE.family());
        assertTrue(FILE.vectors().size() >= 19, "vectors: " + FILE.vectors().size());
        FILE.vectors().forEach(v -> assertEquals("fault", v.kind(), v.name()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decodesOrRejectsEveryVector(VectorFile.Vector v) throws Exception {
        byte[] bytes = v.bytes();
        if (v.isError()) {
            MalformedRecordException e = assertThrows(MalformedRecordException.class,
                    () -> VirtioIommuFaultDecoder.decode(ByteBuffer.wrap(bytes), 0, bytes.length), v.error());
            assertEquals(Family.VIRTIO_IOMMU, e.family());
            assertTrue(e.offset() >= 0 && e.offset() < bytes.length, "offset " + e.offset());
            assertTrue(e.field().equals("used length") || e.field().equals("reserved"), e.field());
        } else {
            v.assertFault(VirtioIommuFaultDecoder.decode(v.buffer(), 0, bytes.length));
        }
    }

    /** The same bytes at an odd offset of a big-endian buffer, between garbage, decode the same. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void decodingIgnoresBufferOrderAndPosition(VectorFile.Vector v) throws Exception {
        byte[] bytes = v.bytes();
        ByteBuffer big = ByteBuffer.allocate(bytes.length + 10).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < big.capacity(); i++) {
            big.put(i, (byte) 0xA5);
        }
        big.put(7, bytes, 0, bytes.length);
        big.position(3);
        UnrecoverableFault f = VirtioIommuFaultDecoder.decode(big, 7, bytes.length);
        v.assertFault(f);
        assertEquals(ByteOrder.BIG_ENDIAN, big.order());
        assertEquals(3, big.position());
        assertEquals(VirtioIommuFaultDecoder.decode(v.buffer(), 0, bytes.length), f);
    }

    /**
     * A relay re-encoding a decoded fault with the same endpoint and address writes the vector's bytes
     * whenever they are canonical (reason 0..2, only R/W/X/ADDRESS flags, zero reserved1, zero address
     * without F_ADDRESS); otherwise it writes the canonical form, which decodes to the same fault.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void reEncodesToTheVectorBytesOrTheirCanonicalForm(VectorFile.Vector v) throws Exception {
        UnrecoverableFault decoded = VirtioIommuFaultDecoder.decode(v.buffer(), 0, v.bytes().length);
        ByteBuffer out = ByteBuffer.allocate(24);
        VirtioIommuFaultEncoder.encode(decoded, v.rawInt("endpoint"), v.rawLong("address"), out);
        assertEquals(24, out.position());
        long flags = v.rawLong("flags");
        boolean canonical = v.rawLong("reason") <= 2 && (flags & ~0x107L) == 0 && v.rawLong("reserved1") == 0
                && (v.rawBool("F_ADDRESS") || v.rawLong("address") == 0);
        if (canonical) {
            assertEquals(v.hex(), VectorFile.hex(out, 0, 24));
        }
        UnrecoverableFault again = VirtioIommuFaultDecoder.decode(out, 0, 24);
        assertEquals(decoded.requesterId(), again.requesterId());
        assertEquals(decoded.hasAddress(), again.hasAddress());
        assertEquals(decoded.address(), again.address());
        assertEquals(decoded.access(), again.access());
        assertEquals(decoded.stage(), again.stage());
        assertEquals(decoded.reason().name(), again.reason().name());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"malformed-reserved-byte3", "malformed-all-ones", "malformed-short-16", "malformed-long-32"})
    void errorDetailsAreTheReferenceWording(String name) {
        VectorFile.Vector v = FILE.get(name);
        byte[] bytes = v.bytes();
        MalformedRecordException e = assertThrows(MalformedRecordException.class,
                () -> VirtioIommuFaultDecoder.decode(ByteBuffer.wrap(bytes), 0, bytes.length));
        assertEquals(v.error(), e.detail());
    }

    @Test
    void reservedBytesAreReportedAtTheirOwnOffset() {
        byte[] bytes = FILE.get("malformed-reserved-byte3").bytes();
        ByteBuffer buf = ByteBuffer.allocate(100);
        buf.put(50, bytes, 0, bytes.length);
        MalformedRecordException e = assertThrows(MalformedRecordException.class,
                () -> VirtioIommuFaultDecoder.decode(buf, 50, bytes.length));
        assertEquals(51, e.offset());
        assertEquals("reserved", e.field());
    }

    @Test
    void vectorStagesFollowTheReferenceTable() throws Exception {
        assertEquals(Stage.PTE, decode("mapping-write-addr").stage());
        assertEquals(Stage.CONTEXT, decode("domain-addr").stage());
        assertEquals(Stage.NONE, decode("unknown-addr").stage());
        assertEquals(Stage.NONE, decode("undefined-reason-255").stage());
    }

    @Test
    void theQemuPermissionVectorIsWhatTheEncoderWritesForAWriteToAReadOnlyPage() throws Exception {
        UnrecoverableFault fault = UnrecoverableFault.builder(Family.SYNTHETIC).stage(Stage.PTE)
                .access(io.faultline.api.Access.WRITE).address(0xdead_0000L).requesterId(99).build();
        ByteBuffer out = ByteBuffer.allocate(24);
        VirtioIommuFaultEncoder.encode(fault, 8, 0x1000, out);
        assertEquals(FILE.get("mapping-write-addr").hex(), HexFormat.of().formatHex(out.array()));
    }

    private static UnrecoverableFault decode(String name) throws MalformedRecordException {
        byte[] bytes = FILE.get(name).bytes();
        return VirtioIommuFaultDecoder.decode(ByteBuffer.wrap(bytes), 0, bytes.length);
    }
}
