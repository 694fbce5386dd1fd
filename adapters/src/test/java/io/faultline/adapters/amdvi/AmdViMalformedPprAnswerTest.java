package io.faultline.adapters.amdvi;

import static io.faultline.adapters.amdvi.AmdViRegisters.COMMAND_HEAD;
import static io.faultline.adapters.amdvi.AmdViRegisters.COMMAND_TAIL;
import static io.faultline.adapters.amdvi.AmdViRegisters.PPR_LOG_HEAD;
import static io.faultline.adapters.amdvi.AmdViRegisters.PPR_LOG_TAIL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.api.PageRequest;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Opt-in: a malformed PPR entry that closes its group is answered INVALID, never dispatched. */
class AmdViMalformedPprAnswerTest {
    private final Recorder rec = new Recorder();
    private final ByteBuffer mmio = ByteBuffer.allocate(AmdViRegisters.MMIO_SIZE);
    private final AmdViRegisters regs = AmdViRegisters.inMemory(mmio);
    private final ByteBuffer log = ByteBuffer.allocate(8 * 16);
    private final ByteBuffer commands = ByteBuffer.allocate(4 * 16);
    private final AmdViResponseSink responses = new AmdViResponseSink(commands, regs);

    private AmdViLogReader reader() {
        return AmdViLogReader.pprLog(log, regs, responses);
    }

    @Test
    void aLastRequestWithRzSetIsReportedAndAnsweredInvalidWithItsDeviceTagAndPasid() throws Exception {
        Entries.put(log, 0, Entries.ppr(0x4101, 0x12345, 0x1a5, true, PprFlags.GN | PprFlags.RD | PprFlags.RZ, 0x7000));
        regs.write(PPR_LOG_TAIL, 16);
        AmdViLogReader r = reader();

        assertEquals(1, r.drain(rec, rec));
        assertTrue(rec.faults.isEmpty(), "a malformed request is never dispatched");
        assertEquals(1, rec.malformed.size());
        assertEquals("RZ", rec.malformed.get(0).field());
        assertEquals(16, regs.read(PPR_LOG_HEAD));
        assertEquals(16, regs.read(COMMAND_TAIL), "one COMPLETE_PPR_REQUEST queued");
        AmdViCompletePpr.Command c = AmdViCompletePpr.decode(commands, 0);
        assertEquals(new AmdViCompletePpr.Command(0x4101, 0x12345, 0x1a5, AmdViCompletePpr.STATUS_INVALID), c);
        assertEquals(1, r.answeredInvalid());
        assertEquals(0, r.unanswered());
    }

    @Test
    void aPasidWithoutGnIsAnsweredWithoutAPasid() throws Exception {
        Entries.put(log, 0, Entries.ppr(0x0200, 0x77, 3, true, PprFlags.RD, 0x1000));
        regs.write(PPR_LOG_TAIL, 16);
        AmdViLogReader r = reader();

        r.drain(rec, rec);
        assertEquals("PASID", rec.malformed.get(0).field());
        assertEquals(new AmdViCompletePpr.Command(0x0200, -1, 3, AmdViCompletePpr.STATUS_INVALID),
                AmdViCompletePpr.decode(commands, 0));
    }

    @Test
    void aMalformedRequestThatDoesNotCloseItsGroupGetsNoAnswer() {
        Entries.put(log, 0, Entries.ppr(0x4101, 1, 5, false, PprFlags.GN | PprFlags.RD | PprFlags.RZ, 0x7000));
        regs.write(PPR_LOG_TAIL, 16);
        AmdViLogReader r = reader();

        r.drain(rec, rec);
        assertEquals(1, r.malformedRecords());
        assertEquals(0, regs.read(COMMAND_TAIL));
        assertEquals(0, r.answeredInvalid());
    }

    @Test
    void anEntryThatIsNotAPageServiceRequestGetsNoAnswerEvenWithTheLipBit() {
        ByteBuffer e = Entries.ppr(0x4101, 1, 5, true, PprFlags.GN | PprFlags.RD, 0x7000);
        e.putInt(4, (e.getInt(4) & 0x0fffffff) | 2 << 28); // PPRCode 2: unknown, the rest may mean anything
        Entries.put(log, 0, e);
        regs.write(PPR_LOG_TAIL, 16);
        AmdViLogReader r = reader();

        r.drain(rec, rec);
        assertEquals("PPRCode", rec.malformed.get(0).field());
        assertEquals(0, regs.read(COMMAND_TAIL));
        assertEquals(0, r.answeredInvalid());
    }

    @Test
    void withoutTheOptInAMalformedLastRequestIsOnlyReported() {
        Entries.put(log, 0, Entries.ppr(0x4101, 1, 5, true, PprFlags.GN | PprFlags.RD | PprFlags.RZ, 0x7000));
        regs.write(PPR_LOG_TAIL, 16);
        AmdViLogReader r = AmdViLogReader.pprLog(log, regs);

        assertEquals(1, r.drain(rec, rec));
        assertEquals(1, r.malformedRecords());
        assertEquals(0, regs.read(COMMAND_TAIL));
        assertEquals(0, r.answeredInvalid());
    }

    @Test
    void aFullCommandBufferCountsTheAnswerAsUnsentAndTheDrainGoesOn() {
        regs.write(COMMAND_HEAD, 16);
        regs.write(COMMAND_TAIL, 0); // advancing Tail would reach Head: full
        Entries.put(log, 0, Entries.ppr(0x4101, 1, 5, true, PprFlags.GN | PprFlags.RD | PprFlags.RZ, 0x7000));
        Entries.put(log, 16, Entries.ppr(0x4102, 2, 6, true, PprFlags.GN | PprFlags.WR, 0x8000));
        regs.write(PPR_LOG_TAIL, 32);
        AmdViLogReader r = reader();

        assertEquals(2, r.drain(rec, rec));
        assertEquals(1, r.unanswered());
        assertEquals(0, r.answeredInvalid());
        assertEquals(0, regs.read(COMMAND_TAIL), "nothing written over an unread command");
        assertEquals(32, regs.read(PPR_LOG_HEAD), "the malformed entry is not read again");
        assertEquals(1, rec.faults.size());
        assertEquals(0x4102, rec.faults.get(0).requesterId());
        assertEquals(6, ((PageRequest) rec.faults.get(0)).groupIndex());
    }
}
