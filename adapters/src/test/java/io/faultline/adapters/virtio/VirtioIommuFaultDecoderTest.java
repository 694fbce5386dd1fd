package io.faultline.adapters.virtio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Fault;
import io.faultline.api.FaultType;
import io.faultline.api.Family;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class VirtioIommuFaultDecoderTest {

    private static ByteBuffer record(String hex) {
        return ByteBuffer.wrap(HexFormat.of().parseHex(hex));
    }

    @Test
    void aBufferShorterThanItsClaimedUsedLengthIsATypedErrorNotAnIndexError() {
        ByteBuffer buf = record("0200000001010000080000000000000000f0ffff");
        MalformedRecordException e = assertThrows(MalformedRecordException.class,
                () -> VirtioIommuFaultDecoder.decode(buf, 0, 24));
        assertEquals("used length", e.field());
        assertEquals(0, e.offset());
        assertThrows(MalformedRecordException.class, () -> VirtioIommuFaultDecoder.decode(buf, -1, 24));
    }

    @Test
    void anErrorNamesTheOffsetOfTheRecordInItsBuffer() {
        ByteBuffer buf = ByteBuffer.allocate(200);
        MalformedRecordException e = assertThrows(MalformedRecordException.class,
                () -> VirtioIommuFaultDecoder.decode(buf, 96, 25));
        assertEquals(96, e.offset());
        assertTrue(e.getMessage().contains("virtio-iommu"), e.getMessage());
    }

    @Test
    void reasonsAreInternedPerCodeAndUndefinedCodesKeepTheirRawValue() throws Exception {
        Fault a = VirtioIommuFaultDecoder.decode(record("070000000000000001000000000000000000000000000000"), 0, 24);
        Fault b = VirtioIommuFaultDecoder.decode(record("070000000000000002000000000000000000000000000000"), 0, 24);
        assertSame(a.reason(), b.reason());
        assertEquals(7, a.reason().code());
        assertEquals("UNKNOWN", a.reason().name());
        assertEquals(Stage.NONE, a.stage());
    }

    @Test
    void faultsAreUnrecoverableWithoutPasidAndNeverPrivileged() throws Exception {
        UnrecoverableFault f = VirtioIommuFaultDecoder.decode(
                record("02000000ff0f000008000000000000000010000000000000"), 0, 24);
        assertEquals(FaultType.UNRECOVERABLE, f.type());
        assertEquals(Family.VIRTIO_IOMMU, f.family());
        assertFalse(f.hasPasid());
        assertFalse(f.access().privileged());
        assertTrue(f.access().read() && f.access().write() && f.access().exec());
        assertEquals(0x1000, f.address());
    }

    @Test
    void reserved1IsIgnoredButEachReservedByteIsChecked() throws Exception {
        VirtioIommuFaultDecoder.decode(record("0200000000010000080000000100000000100000000000000"
                .substring(0, 48)), 0, 24);
        for (int i = 1; i <= 3; i++) {
            byte[] bytes = new byte[24];
            bytes[0] = 2;
            bytes[i] = 1;
            MalformedRecordException e = assertThrows(MalformedRecordException.class,
                    () -> VirtioIommuFaultDecoder.decode(ByteBuffer.wrap(bytes), 0, 24));
            assertEquals(1, e.offset());
        }
    }
}
