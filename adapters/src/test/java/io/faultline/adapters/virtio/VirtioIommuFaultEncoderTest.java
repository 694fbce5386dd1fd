package io.faultline.adapters.virtio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.faultline.api.Access;
import io.faultline.api.Family;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VirtioIommuFaultEncoderTest {

    private static UnrecoverableFault fault(Stage stage, Access access, Long address) {
        UnrecoverableFault.Builder b = UnrecoverableFault.builder(Family.ARM_SMMU_V3).stage(stage).access(access)
                .requesterId(0x1234);
        if (address != null) {
            b.address(address);
        }
        return b.build();
    }

    private static String encode(UnrecoverableFault f, int endpoint, long address) {
        ByteBuffer out = ByteBuffer.allocate(24);
        VirtioIommuFaultEncoder.encode(f, endpoint, address, out);
        return HexFormat.of().formatHex(out.array());
    }

    @ParameterizedTest(name = "{0} -> reason {1}")
    @CsvSource({"PTE, 2", "CONTEXT, 1", "PASID, 0", "PGD, 0", "NONE, 0"})
    void stageSelectsTheReason(Stage stage, int reason) {
        String hex = encode(fault(stage, Access.UNKNOWN, null), 5, 0);
        assertEquals(String.format("%02x", reason) + "000000" + "00000000" + "05000000" + "00000000"
                + "0000000000000000", hex);
    }

    @Test
    void accessBitsBecomeFlagsAndPrivilegedIsDropped() {
        String hex = encode(fault(Stage.PTE, Access.of(true, true, true, true), 0x10L), 1, 0x20);
        // flags = READ | WRITE | EXEC | ADDRESS = 0x107, address = the guest address, not the fault's
        assertEquals("02000000" + "07010000" + "01000000" + "00000000" + "2000000000000000", hex);
    }

    @Test
    void withoutAFaultAddressNeitherFlagNorGuestAddressIsWritten() {
        String hex = encode(fault(Stage.PTE, Access.READ, null), 7, 0xffff_0000L);
        assertEquals("02000000" + "01000000" + "07000000" + "00000000" + "0000000000000000", hex);
    }

    @Test
    void endpointIsWrittenAsUnsigned32BitLittleEndian() {
        String hex = encode(fault(Stage.CONTEXT, Access.UNKNOWN, 0L), 0xfffffffe, 0x0102030405060708L);
        assertEquals("01000000" + "00010000" + "feffffff" + "00000000" + "0807060504030201", hex);
    }

    @Test
    void bigEndianBufferStillGetsLittleEndianBytesAndPositionAdvances() {
        ByteBuffer out = ByteBuffer.allocate(30).order(ByteOrder.BIG_ENDIAN);
        out.position(3);
        VirtioIommuFaultEncoder.encode(fault(Stage.PTE, Access.WRITE, 1L), 8, 0x1000, out);
        assertEquals(27, out.position());
        assertEquals(ByteOrder.BIG_ENDIAN, out.order());
        assertEquals("020000000201000008000000000000000010000000000000", VirtioIommuFaultEncoderTest.hex(out, 3));
    }

    @Test
    void absoluteEncodeOverwritesStaleBytesAndLeavesNeighboursAndPositionAlone() {
        byte[] backing = new byte[40];
        Arrays.fill(backing, (byte) 0x5a);
        ByteBuffer out = ByteBuffer.wrap(backing);
        out.position(11);
        VirtioIommuFaultEncoder.encode(fault(Stage.NONE, Access.UNKNOWN, null), 0, 0, out, 8);
        assertEquals(11, out.position());
        assertEquals("000000000000000000000000000000000000000000000000", hex(out, 8));
        assertEquals(0x5a, backing[7]);
        assertEquals(0x5a, backing[32]);
    }

    @Test
    void tooSmallABufferIsRefusedWithoutWritingAnything() {
        ByteBuffer out = ByteBuffer.allocate(30);
        out.position(7); // 23 bytes left: a device must not split a report
        assertThrows(BufferOverflowException.class,
                () -> VirtioIommuFaultEncoder.encode(fault(Stage.PTE, Access.READ, 1L), 1, 1, out));
        assertEquals(7, out.position());
        assertArrayEquals(new byte[30], out.array());
        assertThrows(IndexOutOfBoundsException.class,
                () -> VirtioIommuFaultEncoder.encode(fault(Stage.PTE, Access.READ, 1L), 1, 1, out, 7));
    }

    static String hex(ByteBuffer buf, int offset) {
        byte[] b = new byte[24];
        for (int i = 0; i < 24; i++) {
            b[i] = buf.get(offset + i);
        }
        return HexFormat.of().formatHex(b);
    }
}
