package io.faultline.adapters.iommufd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ByteChannel;
import java.nio.channels.Pipe;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class IommufdFaultQueueAllocatorTest {

    @Test
    void theIoctlNumberIsIoSemicolon0x8e() {
        assertEquals(0x3b8e, IommufdFaultQueueAllocator.IOMMU_FAULT_QUEUE_ALLOC);
    }

    @Test
    void theArgumentIsSize16WithZeroFlagsAndOutputs() {
        ByteBuffer arg = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN);
        arg.put(0, HexFormat.of().parseHex("ffffffffffffffffffffffffffffffff"));
        IommufdFaultQueueAllocator.writeFaultAlloc(arg);
        assertEquals("10000000000000000000000000000000", HexFormat.of().formatHex(arg.array()));
        assertThrows(IndexOutOfBoundsException.class,
                () -> IommufdFaultQueueAllocator.writeFaultAlloc(ByteBuffer.allocate(15)));
    }

    @Test
    void theOutputsAreReadLittleEndian() {
        ByteBuffer arg = ByteBuffer.wrap(HexFormat.of().parseHex("10000000000000000700000005010000"));
        assertEquals(7, IommufdFaultQueueAllocator.faultId(arg));
        assertEquals(0x105, IommufdFaultQueueAllocator.faultFd(arg));
    }

    @Test
    void closingTheQueueClosesItsChannel() throws Exception {
        Pipe pipe = Pipe.open();
        ByteChannel both = new ByteChannel() {
            @Override
            public int read(ByteBuffer dst) throws java.io.IOException {
                return pipe.source().read(dst);
            }

            @Override
            public int write(ByteBuffer src) throws java.io.IOException {
                return pipe.sink().write(src);
            }

            @Override
            public boolean isOpen() {
                return pipe.source().isOpen();
            }

            @Override
            public void close() throws java.io.IOException {
                pipe.source().close();
                pipe.sink().close();
            }
        };
        IommufdFaultQueueAllocator fake = iommuFd -> new IommufdFaultQueueAllocator.FaultQueue(iommuFd + 1, both);
        try (IommufdFaultQueueAllocator.FaultQueue q = fake.allocate(3)) {
            assertEquals(4, q.faultId());
        }
        assertFalse(both.isOpen());
    }
}
