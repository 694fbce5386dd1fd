package io.faultline.adapters.smmuv3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.QueueListener;
import io.faultline.api.Family;
import io.faultline.api.Fault;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Jazzer targets for the SMMUv3 decoders and the event-queue reader. Only
 * {@link MalformedRecordException} may leave a decoder, with an offset inside the input; an accepted
 * record decodes the same from a big-endian buffer at another offset; the reader never throws, it
 * reports.
 *
 * <p>{@code mvn verify} runs these in regression mode (the empty input; the jqwik properties in
 * {@link SmmuV3Properties} and the vector tests cover the rest). Fuzz for real, one method per run:
 * {@code JAZZER_FUZZ=1 ./mvnw -pl adapters test -Dtest=SmmuV3FuzzTest#eventRecord}
 * ({@code -Djazzer.max_duration=10m} for a longer run).
 */
class SmmuV3FuzzTest {

    interface Decoder {
        Fault decode(ByteBuffer buf, int offset) throws MalformedRecordException;
    }

    static void decodeOnly(byte[] data, Decoder d) {
        Fault little;
        try {
            little = d.decode(ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN), 0);
        } catch (MalformedRecordException e) {
            assertEquals(Family.ARM_SMMU_V3, e.family());
            assertTrue(e.offset() >= 0 && e.offset() < Math.max(data.length, 1), e.getMessage());
            return;
        }
        ByteBuffer big = ByteBuffer.allocate(data.length + 3).order(ByteOrder.BIG_ENDIAN);
        big.put(3, data, 0, data.length);
        try {
            assertEquals(little, d.decode(big, 3));
        } catch (MalformedRecordException e) {
            throw new AssertionError("accepted little-endian, rejected big-endian: " + e.getMessage(), e);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void eventRecord(byte[] data) {
        decodeOnly(data, SmmuV3EventDecoder::decode);
    }

    @FuzzTest(maxDuration = "10s")
    void priEntry(byte[] data) {
        decodeOnly(data, SmmuV3PriDecoder::decode);
    }

    @FuzzTest(maxDuration = "10s")
    void command(byte[] data) {
        try {
            SmmuV3Command c = SmmuV3Commands.decode(ByteBuffer.wrap(data), 0);
            assertTrue(data.length >= 16);
            assertEquals(data[0] & 0xff, c.opcode());
        } catch (MalformedRecordException e) {
            assertTrue(e.offset() >= 0 && e.offset() < Math.max(data.length, 1), e.getMessage());
        }
    }

    /** Arbitrary PROD, CONS and ring contents (a 4-entry event queue): the reader reports, never throws. */
    @FuzzTest(maxDuration = "10s")
    void eventQueue(byte[] data) {
        ByteBuffer in = ByteBuffer.allocate(8 + 4 * 32);
        in.put(0, data, 0, Math.min(data.length, in.capacity()));
        SmmuV3QueueRegisters regs = SmmuV3QueueRegisters.in(in, 0, 4);
        SmmuV3Queue q = SmmuV3Queue.eventQueue(in.slice(8, 4 * 32), 2, regs);
        int consumed = q.drain(f -> assertEquals(Family.ARM_SMMU_V3, f.family()), QueueListener.IGNORE);
        assertTrue(consumed >= 0 && consumed <= 4, "at most the ring: " + consumed);
        assertEquals(consumed, q.recordsRead());
        if (q.registerErrors() == 0) {
            assertEquals(regs.prod() & 0b111, regs.cons() & 0b111, "caught up with PROD");
            assertEquals(regs.prod() & 1 << 31, regs.cons() & 1 << 31, "overflow acknowledged");
        }
    }

    /**
     * Arbitrary PROD, CONS and entries of a 4-entry PRI queue read with the opt-in answers into a
     * 2-entry command queue: each rejected Last=1 entry is answered or counted unanswered, once; a
     * second drain reads and answers nothing.
     */
    @FuzzTest(maxDuration = "10s")
    void priQueueAnswers(byte[] data) throws MalformedRecordException {
        ByteBuffer in = ByteBuffer.allocate(8 + 4 * 16);
        in.put(0, data, 0, Math.min(data.length, in.capacity()));
        SmmuV3QueueRegisters regs = SmmuV3QueueRegisters.in(in, 0, 4);
        SmmuV3QueueRegisters cmdRegs = SmmuV3QueueRegisters.allocate();
        ByteBuffer commands = ByteBuffer.allocate(2 * 16);
        SmmuV3Queue q = SmmuV3Queue.priQueue(in.slice(8, 4 * 16), 2, regs,
                new SmmuV3ResponseSink(SmmuV3QueueWriter.commandQueue(commands, 1, cmdRegs)));
        int consumed = q.drain(f -> assertEquals(Family.ARM_SMMU_V3, f.family()), QueueListener.IGNORE);
        assertTrue(consumed <= 4, "at most the ring: " + consumed);
        assertTrue(q.answeredInvalid() + q.unanswered() <= q.malformedRecords());
        assertEquals(q.answeredInvalid(), cmdRegs.prod() & 0b11, "one command per answer");
        for (int i = 0; i < q.answeredInvalid(); i++) {
            SmmuV3Command.PriResp r = (SmmuV3Command.PriResp) SmmuV3Commands.decode(commands, 16 * i);
            assertEquals(0, r.resp(), "Deny");
        }
        long answers = q.answeredInvalid() + q.unanswered();
        assertEquals(0, q.drain(f -> { }, QueueListener.IGNORE), "nothing read twice");
        assertEquals(answers, q.answeredInvalid() + q.unanswered(), "nothing answered twice");
    }
}
