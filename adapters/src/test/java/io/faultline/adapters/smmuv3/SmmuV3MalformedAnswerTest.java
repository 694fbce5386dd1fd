package io.faultline.adapters.smmuv3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.adapters.VectorFile;
import io.faultline.api.Fault;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Opt-in: a rejected entry the device still waits on (a stalled event, a PRI entry with Last=1) is
 * answered INVALID once, after CONS has moved past it, and never dispatched.
 */
class SmmuV3MalformedAnswerTest {
    private static final VectorFile FILE = VectorFile.load("arm-smmu-v3.json");

    private final ByteBuffer commands = ByteBuffer.allocate(4 * 16);
    private final SmmuV3QueueRegisters cmdRegs = SmmuV3QueueRegisters.allocate();
    private final SmmuV3ResponseSink responses =
            new SmmuV3ResponseSink(SmmuV3QueueWriter.commandQueue(commands, 2, cmdRegs));
    private final SmmuV3QueueRegisters regs = SmmuV3QueueRegisters.allocate();
    private final SmmuV3QueueTest.Heard heard = new SmmuV3QueueTest.Heard();
    private final List<Fault> got = new ArrayList<>();

    /** The stalled F_ACCESS vector (StreamID 5, STAG 1) with one byte OR-ed with {@code bits}. */
    private static byte[] stalled(int byteIndex, int bits) {
        byte[] e = FILE.get("evt-f-access-stall-exec-priv").bytes();
        e[byteIndex] |= (byte) bits;
        return e;
    }

    private SmmuV3Queue eventQueue(byte[]... entries) {
        return queue(QueueKind.EVTQ, entries);
    }

    private SmmuV3Queue priQueue(byte[]... entries) {
        return queue(QueueKind.PRIQ, entries);
    }

    /** A 4-entry event or PRI queue holding {@code entries}, read with the opt-in answers. */
    private SmmuV3Queue queue(QueueKind kind, byte[]... entries) {
        ByteBuffer ring = ByteBuffer.allocate(4 * kind.entryBytes);
        SmmuV3QueueWriter w = kind == QueueKind.PRIQ ? SmmuV3QueueWriter.priQueue(ring, 2, regs)
                : SmmuV3QueueWriter.eventQueue(ring, 2, regs);
        for (byte[] e : entries) {
            assertTrue(w.offer(e));
        }
        return kind == QueueKind.PRIQ ? SmmuV3Queue.priQueue(ring, 2, regs, responses)
                : SmmuV3Queue.eventQueue(ring, 2, regs, responses);
    }

    @Test
    void aMalformedStalledEventIsReportedAndAbortedWithOneCmdResume() throws Exception {
        SmmuV3Queue q = eventQueue(stalled(1, 0x01), stalled(13, 0x03)); // dword0 [8]; CLASS=0b11
        assertEquals(2, q.drain(got::add, heard));
        assertTrue(got.isEmpty(), "a malformed record is never dispatched");
        assertEquals(List.of("dword0[10:8]", "CLASS"), heard.malformed.stream().map(e -> e.field()).toList());
        assertEquals(FILE.get("cmd-resume-abort").hex(), VectorFile.hex(commands, 0, 16));
        assertEquals(new SmmuV3Command.Resume(5, 1, false, true), SmmuV3Commands.decode(commands, 16));
        assertEquals(2, cmdRegs.prod(), "one CMD_RESUME per stalled record");
        assertEquals(2, q.answeredInvalid());
        assertEquals(2, regs.cons());
        assertEquals(0, q.drain(got::add, heard));
        assertEquals(2, cmdRegs.prod(), "answered once");
    }

    @Test
    void aRecordWhoseStallBitCannotBeReadOrIsClearGetsNoAnswer() {
        byte[] unknownId = stalled(0, 0x0f); // id 0x1f: no such event, dword1 [31] means nothing
        SmmuV3Queue q = eventQueue(unknownId, FILE.get("evt-bad-class-reserved").bytes(), // Stall=0
                FILE.get("evt-bad-all-zero").bytes());
        assertEquals(3, q.drain(got::add, heard));
        assertEquals(3, q.malformedRecords());
        assertEquals(0, cmdRegs.prod());
        assertEquals(0, q.answeredInvalid() + q.unanswered());
    }

    @Test
    void aMalformedLastPriEntryIsDeniedWithItsStreamIdPasidAndPrgIndex() throws Exception {
        byte[] withSsid = FILE.get("pri-bad-reserved").bytes(); // StreamID 1, PRG 1, Last=1, dword1 [9] set
        withSsid[4] = 0x34;
        withSsid[5] = 0x12;
        withSsid[7] |= (byte) 0x80; // SSV, SubstreamID 0x1234
        SmmuV3Queue q = priQueue(FILE.get("pri-bad-reserved").bytes(), withSsid);
        assertEquals(2, q.drain(got::add, heard));
        assertTrue(got.isEmpty());
        assertEquals(2, heard.malformed.size());
        assertEquals(new SmmuV3Command.PriResp(1, false, 0, 1, 0), SmmuV3Commands.decode(commands, 0));
        assertEquals(new SmmuV3Command.PriResp(1, true, 0x1234, 1, 0), SmmuV3Commands.decode(commands, 16));
        assertEquals(2, cmdRegs.prod());
        assertEquals(2, q.answeredInvalid());
        assertEquals(2, responses.priResponses());
        assertEquals(0, responses.resumes());
    }

    @Test
    void aMalformedPriEntryThatDoesNotCloseItsGroupGetsNoAnswer() {
        byte[] notLast = FILE.get("pri-bad-reserved").bytes();
        notLast[7] &= (byte) ~0x40; // Last=0
        SmmuV3Queue q = priQueue(notLast);
        assertEquals(1, q.drain(got::add, heard));
        assertEquals(1, q.malformedRecords());
        assertEquals(0, cmdRegs.prod());
        assertEquals(0, q.answeredInvalid());
    }

    @Test
    void withoutTheOptInAMalformedStalledEventIsOnlyReported() {
        ByteBuffer ring = ByteBuffer.allocate(4 * 32);
        SmmuV3QueueWriter.eventQueue(ring, 2, regs).offer(stalled(1, 0x01));
        SmmuV3Queue q = SmmuV3Queue.eventQueue(ring, 2, regs);
        assertEquals(1, q.drain(got::add, heard));
        assertEquals(1, q.malformedRecords());
        assertEquals(0, cmdRegs.prod());
        assertEquals(0, q.answeredInvalid() + q.unanswered());
    }

    @Test
    void aFullCommandQueueCountsTheAnswerAsUnsentAndTheDrainGoesOn() {
        cmdRegs.prod(0b100); // index 0, wrap 1 vs CONS 0: full
        SmmuV3Queue q = priQueue(FILE.get("pri-bad-reserved").bytes(), FILE.get("pri-ssv-last-rw").bytes());
        assertEquals(2, q.drain(got::add, heard));
        assertEquals(1, q.unanswered());
        assertEquals(0, q.answeredInvalid());
        assertEquals(0b100, cmdRegs.prod(), "nothing written over an unread command");
        assertEquals(2, regs.cons(), "the malformed entry is not read again");
        assertEquals(1, got.size(), "the next entry is still delivered");
        FILE.get("pri-ssv-last-rw").assertFault(got.get(0));
        assertEquals(0, q.drain(got::add, heard));
        assertEquals(1, q.unanswered(), "counted once");
    }
}
