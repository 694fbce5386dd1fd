package io.faultline.adapters.amdvi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.VectorFile;
import io.faultline.api.Family;
import io.faultline.api.Fault;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * One Jazzer fuzz target per decoder, plus the log reader: nothing but {@link MalformedRecordException}
 * may escape a decoder, and nothing at all may escape a reader's drain. {@code mvn verify} runs them
 * in regression mode; fuzz for real with
 * {@code JAZZER_FUZZ=1 ./mvnw -pl adapters test -Dtest=AmdViFuzzTest#eventDecoder} (one target per
 * run; {@code maxDuration} bounds it). The plain test at the end drives the same checks with every
 * vector and a few thousand seeded mutations of them, so the checks also run without a corpus.
 */
class AmdViFuzzTest {

    interface Decoder {
        Fault decode(ByteBuffer buf, int offset) throws MalformedRecordException;
    }

    @FuzzTest(maxDuration = "30s")
    void eventDecoder(FuzzedDataProvider data) {
        decodeOrReject(AmdViEventDecoder::decode, data.consumeBoolean(), data.consumeInt(0, 40), data.consumeRemainingAsBytes());
    }

    @FuzzTest(maxDuration = "30s")
    void pprDecoder(FuzzedDataProvider data) {
        decodeOrReject(AmdViPprDecoder::decode, data.consumeBoolean(), data.consumeInt(0, 40), data.consumeRemainingAsBytes());
    }

    @FuzzTest(maxDuration = "30s")
    void completePprDecoder(FuzzedDataProvider data) {
        boolean big = data.consumeBoolean();
        int offset = data.consumeInt(0, 40);
        byte[] bytes = data.consumeRemainingAsBytes();
        try {
            AmdViCompletePpr.Command c = AmdViCompletePpr.decode(buffer(bytes, big), offset);
            // What was accepted re-encodes to the same 16 bytes.
            ByteBuffer again = ByteBuffer.allocate(16);
            AmdViCompletePpr.encode(again, 0, c.deviceId(), c.pasid(), c.tag(), c.status());
            for (int i = 0; i < 16; i++) {
                assertEquals(bytes[offset + i], again.get(i), "byte " + i);
            }
        } catch (MalformedRecordException e) {
            checkError(e, offset);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void logReader(FuzzedDataProvider data) {
        boolean ppr = data.consumeBoolean();
        int entries = data.consumeInt(2, 8);
        // Mostly in-range pointers, so that the fuzzer reaches the entries; sometimes any value.
        int head = data.consumeBoolean() ? data.consumeInt(0, entries - 1) * 16 : data.consumeInt();
        int tail = data.consumeBoolean() ? data.consumeInt(0, entries - 1) * 16 : data.consumeInt();
        drain(ppr, entries, head, tail, data.consumeInt(), data.consumeRemainingAsBytes());
    }

    static void decodeOrReject(Decoder decoder, boolean bigEndian, int offset, byte[] bytes) {
        ByteBuffer b = buffer(bytes, bigEndian);
        try {
            Fault f = decoder.decode(b, offset);
            assertEquals(Family.AMD_VI, f.family());
            assertEquals(f, decoder.decode(b, offset), "a pure function of the bytes");
        } catch (MalformedRecordException e) {
            checkError(e, offset);
        }
    }

    /** Polls a ring filled from {@code bytes} with these register values; nothing may escape. */
    static void drain(boolean ppr, int entries, int head, int tail, int status, byte[] bytes) {
        ByteBuffer log = ByteBuffer.allocate(entries * 16);
        log.put(bytes, 0, Math.min(bytes.length, log.capacity()));
        AmdViRegisters regs = AmdViRegisters.inMemory(ByteBuffer.allocate(AmdViRegisters.MMIO_SIZE));
        LogKind kind = ppr ? LogKind.PPR : LogKind.EVENT;
        regs.write(kind.headRegister, head);
        regs.write(kind.tailRegister, tail);
        regs.write(AmdViRegisters.STATUS, status);
        Recorder rec = new Recorder();
        AmdViLogReader r = new AmdViLogReader(kind, log, regs, () -> 0L);
        int consumed = r.drain(rec, rec);
        assertTrue(consumed >= 0 && consumed < entries, "consumed " + consumed);
        assertEquals(consumed, r.recordsRead());
        assertEquals(rec.faults.size() + r.malformedRecords(), r.recordsRead());
        assertEquals(rec.malformed.size(), r.malformedRecords() + r.registerErrors());
        assertEquals((status & kind.overflowBit) != 0 ? 1 : 0, r.overflows());
        assertEquals(0, r.drain(rec, rec), "a second drain reads nothing again");
    }

    private static ByteBuffer buffer(byte[] bytes, boolean bigEndian) {
        return ByteBuffer.wrap(bytes).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    }

    private static void checkError(MalformedRecordException e, int offset) {
        assertEquals(Family.AMD_VI, e.family());
        assertEquals(offset, e.offset());
        assertTrue(!e.field().isEmpty() && !e.detail().isEmpty(), e.getMessage());
    }

    @Test
    void theFuzzChecksHoldForEveryVectorAndSeededMutations() {
        Random random = new Random(0x5eed);
        for (VectorFile.Vector v : VectorFile.load("amd-vi.json").vectors()) {
            byte[] original = v.bytes();
            for (int round = 0; round < 100; round++) {
                byte[] b = original.clone();
                for (int flips = round % 4; flips > 0 && b.length > 0; flips--) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
                boolean big = random.nextBoolean();
                int offset = round == 0 ? 0 : random.nextInt(20);
                decodeOrReject(AmdViEventDecoder::decode, big, offset, b);
                decodeOrReject(AmdViPprDecoder::decode, big, offset, b);
                decodeOrReject(AmdViPprDecoder::decode, big, 0, b);
                byte[] ring = new byte[64];
                for (int i = 0; i < ring.length; i++) {
                    ring[i] = b.length == 0 ? 0 : b[i % b.length];
                }
                int head = random.nextBoolean() ? random.nextInt(4) * 16 : random.nextInt();
                int tail = random.nextBoolean() ? random.nextInt(4) * 16 : random.nextInt();
                drain(random.nextBoolean(), 4, head, tail, random.nextInt(), ring);
            }
        }
    }
}
