package io.faultline.adapters.smmuv3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.VectorFile;
import io.faultline.api.Family;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.Reason;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SmmuV3ResponseSinkTest {
    private static final VectorFile FILE = VectorFile.load("arm-smmu-v3.json");

    private ByteBuffer ring;
    private SmmuV3QueueRegisters registers;
    private SmmuV3ResponseSink sink;

    @BeforeEach
    void commandQueueOfFour() {
        ring = ByteBuffer.allocate(4 * 16);
        registers = SmmuV3QueueRegisters.allocate();
        sink = new SmmuV3ResponseSink(SmmuV3QueueWriter.commandQueue(ring, 2, registers));
    }

    private static PageRequest decode(String vector) throws MalformedRecordException {
        VectorFile.Vector v = FILE.get(vector);
        return v.bytes().length == 32 ? (PageRequest) SmmuV3EventDecoder.decode(v.buffer(), 0)
                : SmmuV3PriDecoder.decode(v.buffer(), 0);
    }

    /** The stalled event of one vector answered INVALID gives exactly the CMD_RESUME abort vector. */
    @Test
    void aStalledEventIsAnsweredWithCmdResumeQuotingItsStagAndStreamId() throws Exception {
        sink.send(decode("evt-f-access-stall-exec-priv"), PageResponse.INVALID);
        assertEquals(FILE.get("cmd-resume-abort").hex(), VectorFile.hex(ring, 0, 16));
        assertEquals(1, registers.prod());
        assertEquals(1, sink.resumes());
        assertEquals(0, sink.priResponses());
        sink.send(decode("evt-f-access-stall-exec-priv"), PageResponse.SUCCESS);
        assertEquals(new SmmuV3Command.Resume(5, 1, true, false), SmmuV3Commands.decode(ring, 16));
    }

    @Test
    void aPriGroupIsAnsweredWithCmdPriRespCopyingThePasid() throws Exception {
        sink.send(decode("pri-ssv-last-rw"), PageResponse.SUCCESS);
        sink.send(decode("pri-nossv-notlast-read"), PageResponse.FAILURE);
        assertEquals(FILE.get("cmd-pri-resp-success").hex(), VectorFile.hex(ring, 0, 16));
        assertEquals(FILE.get("cmd-pri-resp-failure").hex(), VectorFile.hex(ring, 16, 16));
        sink.send(decode("pri-nossv-notlast-read"), PageResponse.INVALID);
        assertEquals(new SmmuV3Command.PriResp(8, false, 0, 3, 0), SmmuV3Commands.decode(ring, 32));
        assertEquals(3, sink.priResponses());
        assertEquals(0, sink.resumes());
    }

    @Test
    void aFullCommandQueueThrowsAndWritesNothing() throws Exception {
        PageRequest pri = decode("pri-ssv-last-rw");
        for (int i = 0; i < 4; i++) {
            sink.send(pri, PageResponse.SUCCESS);
        }
        int prod = registers.prod();
        assertEquals(0b100, prod, "index 0, wrap bit 2 set: full");
        assertThrows(IllegalStateException.class, () -> sink.send(pri, PageResponse.INVALID));
        assertEquals(prod, registers.prod());
        assertEquals(4, sink.priResponses());
        registers.cons(0b100);
        sink.send(pri, PageResponse.INVALID);
        assertEquals(0b101, registers.prod());
        assertEquals(0, ((SmmuV3Command.PriResp) SmmuV3Commands.decode(ring, 0)).resp());
    }

    @Test
    void requestsFromOtherSourcesAreRefused() {
        PageRequest vtd = PageRequest.builder(Family.INTEL_VTD).requesterId(1).groupIndex(1).lastInGroup(true).build();
        assertThrows(IllegalArgumentException.class, () -> sink.send(vtd, PageResponse.SUCCESS));
        PageRequest notAStall = PageRequest.builder(Family.ARM_SMMU_V3).requesterId(1)
                .reason(SmmuV3EventType.C_BAD_STE.reason()).groupIndex(1).lastInGroup(true).build();
        assertThrows(IllegalArgumentException.class, () -> sink.send(notAStall, PageResponse.SUCCESS));
        PageRequest foreignReason = PageRequest.builder(Family.ARM_SMMU_V3).requesterId(1)
                .reason(Reason.of(0x10, "Not an SMMU name")).groupIndex(1).lastInGroup(true).build();
        assertThrows(IllegalArgumentException.class, () -> sink.send(foreignReason, PageResponse.SUCCESS));
        assertEquals(0, registers.prod());
    }

    @Test
    void onlyACommandQueueWriterIsAccepted() {
        assertThrows(IllegalArgumentException.class, () -> new SmmuV3ResponseSink(
                SmmuV3QueueWriter.eventQueue(ByteBuffer.allocate(64), 1, SmmuV3QueueRegisters.allocate())));
    }

    @ParameterizedTest
    @EnumSource(PageResponse.class)
    void commandsRoundTrip(PageResponse r) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(32);
        SmmuV3Commands.encodeResume(b, 0, 0xffffffff, 0xffff, r);
        SmmuV3Command.Resume resume = (SmmuV3Command.Resume) SmmuV3Commands.decode(b, 0);
        assertEquals(new SmmuV3Command.Resume(0xffffffff, 0xffff, r == PageResponse.SUCCESS, r != PageResponse.SUCCESS),
                resume);
        SmmuV3Commands.encodePriResp(b, 16, 0x12345678, 0xfffff, 0x1ff, r);
        SmmuV3Command.PriResp resp = (SmmuV3Command.PriResp) SmmuV3Commands.decode(b, 16);
        assertEquals(r, resp.response());
        assertEquals(0xfffff, resp.substreamId());
        assertEquals(0x12345678, resp.streamId());
    }

    @Test
    void theStrictCommandDecoderRejectsReservedBitsAndOtherOpcodes() {
        ByteBuffer b = ByteBuffer.allocate(16);
        SmmuV3Commands.encodeResume(b, 0, 1, 1, PageResponse.SUCCESS);
        b.put(10, (byte) 1); // dword1 bit 16: beyond STAG
        MalformedRecordException e = assertThrows(MalformedRecordException.class, () -> SmmuV3Commands.decode(b, 0));
        assertEquals(10, e.offset());
        assertEquals("CMD_RESUME dword1", e.field());
        b.putLong(0, 0x01).putLong(8, 0);
        assertEquals("opcode", assertThrows(MalformedRecordException.class, () -> SmmuV3Commands.decode(b, 0)).field());
        SmmuV3Commands.encodeSync(b, 0);
        b.put(1, (byte) (b.get(1) | 0x30)); // CS=3
        assertEquals("CS", assertThrows(MalformedRecordException.class, () -> SmmuV3Commands.decode(b, 0)).field());
    }

    @Test
    void encodersRefuseFieldsThatDoNotFit() {
        ByteBuffer b = ByteBuffer.allocate(16);
        assertThrows(IllegalArgumentException.class, () -> SmmuV3Commands.encodeResume(b, 0, 1, 0x10000, PageResponse.SUCCESS));
        assertThrows(IllegalArgumentException.class, () -> SmmuV3Commands.encodePriResp(b, 0, 1, -1, 0x200, PageResponse.SUCCESS));
        assertThrows(IllegalArgumentException.class, () -> SmmuV3Commands.encodePriResp(b, 0, 1, 0x100000, 1, PageResponse.SUCCESS));
    }
}
