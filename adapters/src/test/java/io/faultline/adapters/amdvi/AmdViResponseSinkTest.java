package io.faultline.adapters.amdvi;

import static io.faultline.adapters.amdvi.AmdViRegisters.COMMAND_HEAD;
import static io.faultline.adapters.amdvi.AmdViRegisters.COMMAND_TAIL;
import static io.faultline.adapters.amdvi.AmdViRegisters.PPR_LOG_TAIL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.faultline.api.Family;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.runtime.PageResponseSink;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class AmdViResponseSinkTest {
    private final ByteBuffer mmio = ByteBuffer.allocateDirect(AmdViRegisters.MMIO_SIZE);
    private final AmdViRegisters regs = AmdViRegisters.inMemory(mmio);

    @Test
    void aPageRequestReadFromThePprLogIsAnsweredInTheCommandBuffer() throws Exception {
        Recorder rec = new Recorder();
        ByteBuffer ppr = ByteBuffer.allocate(4 * 16);
        Entries.put(ppr, 0, Entries.ppr(0x4101, 0x12345, 0x1ff, true, PprFlags.GN | PprFlags.RD, 0x7f00_0000_0000L));
        regs.write(PPR_LOG_TAIL, 16);
        AmdViLogReader.pprLog(ppr, regs).drain(rec, rec);

        ByteBuffer commands = ByteBuffer.allocate(8 * 16);
        AmdViResponseSink sink = new AmdViResponseSink(commands, regs);
        sink.send((PageRequest) rec.faults.get(0), PageResponse.SUCCESS);
        assertEquals(16, regs.read(COMMAND_TAIL));
        assertEquals(1, sink.sent());
        // Byte for byte the reference's complete-ppr-success vector.
        assertEquals("014100004523017004000000ff010000", io.faultline.adapters.VectorFile.hex(commands, 0, 16));
    }

    @Test
    void commandsGoAtTailAndWrap() throws Exception {
        ByteBuffer commands = ByteBuffer.allocate(4 * 16);
        regs.write(COMMAND_HEAD, 32);
        regs.write(COMMAND_TAIL, 48);
        PageResponseSink sink = new AmdViResponseSink(commands, regs);
        sink.send(AmdViCompletePprTest.request(1, 1, 1), PageResponse.SUCCESS);
        sink.send(AmdViCompletePprTest.request(2, 2, 2), PageResponse.FAILURE);
        assertEquals(16, regs.read(COMMAND_TAIL));
        assertEquals(1, AmdViCompletePpr.decode(commands, 48).deviceId());
        assertEquals(new AmdViCompletePpr.Command(2, 2, 2, 0xf), AmdViCompletePpr.decode(commands, 0));
    }

    @Test
    void aFullRingThrowsAndOverwritesNothing() throws Exception {
        ByteBuffer commands = ByteBuffer.allocate(4 * 16);
        AmdViResponseSink sink = new AmdViResponseSink(commands, regs);
        sink.send(AmdViCompletePprTest.request(1, 1, 1), PageResponse.SUCCESS);
        sink.send(AmdViCompletePprTest.request(2, 2, 2), PageResponse.SUCCESS);
        sink.send(AmdViCompletePprTest.request(3, 3, 3), PageResponse.SUCCESS);
        assertEquals(48, regs.read(COMMAND_TAIL));
        assertThrows(IllegalStateException.class,
                () -> sink.send(AmdViCompletePprTest.request(4, 4, 4), PageResponse.SUCCESS));
        assertEquals(48, regs.read(COMMAND_TAIL));
        assertEquals(0L, commands.getLong(48), "the last free slot stays free: tail == head would mean empty");
        assertEquals(3, sink.sent());
    }

    @Test
    void refusesBadRegistersForeignRequestsAndBadBuffers() {
        ByteBuffer commands = ByteBuffer.allocate(4 * 16);
        AmdViResponseSink sink = new AmdViResponseSink(commands, regs);
        regs.write(COMMAND_TAIL, 64);
        assertThrows(IllegalStateException.class,
                () -> sink.send(AmdViCompletePprTest.request(1, 1, 1), PageResponse.SUCCESS));
        regs.write(COMMAND_TAIL, 0);
        regs.write(COMMAND_HEAD, 8);
        assertThrows(IllegalStateException.class,
                () -> sink.send(AmdViCompletePprTest.request(1, 1, 1), PageResponse.SUCCESS));
        regs.write(COMMAND_HEAD, 0);
        PageRequest foreign = PageRequest.builder(Family.ARM_SMMU_V3).requesterId(1).groupIndex(1).build();
        assertThrows(IllegalArgumentException.class, () -> sink.send(foreign, PageResponse.SUCCESS));
        assertEquals(0, sink.sent());
        assertThrows(IllegalArgumentException.class,
                () -> new AmdViResponseSink(ByteBuffer.allocate(64).asReadOnlyBuffer(), regs));
        assertThrows(IllegalArgumentException.class, () -> new AmdViResponseSink(ByteBuffer.allocate(24), regs));
    }
}
