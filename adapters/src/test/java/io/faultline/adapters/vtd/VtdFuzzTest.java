package io.faultline.adapters.vtd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.QueueListener;
import io.faultline.api.Fault;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Jazzer targets, one per VT-d decoder plus the two readers and the response encoder. Only
 * {@link MalformedRecordException} may leave a decoder; a reader must never throw at all (it reports).
 * An accepted record must decode the same from a big-endian buffer at another offset.
 *
 * <p>{@code mvn verify} runs these in regression mode (no seed directory here: the seeds live in
 * {@link VtdFuzzSeedReplayTest}, which replays every vector and mutations of it through the same
 * targets). Fuzz one target for real (10 s each, as annotated; raise {@code maxDuration} for a longer
 * run; {@code test} instead of {@code verify} fails to resolve the processor jar in the reactor):
 * <pre>JAZZER_FUZZ=1 ./mvnw -B -ntp -pl adapters -am verify -Dtest='VtdFuzzTest#frcd' \
 *     -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * Generated corpora go to {@code adapters/.cifuzz-corpus/} (not committed).
 */
class VtdFuzzTest {

    interface Decoder {
        Fault decode(ByteBuffer buf, int offset) throws MalformedRecordException;
    }

    static void decodeOnly(byte[] data, Decoder d) {
        Fault little;
        try {
            little = d.decode(ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN), 0);
        } catch (MalformedRecordException expected) {
            return;
        }
        ByteBuffer big = ByteBuffer.allocate(data.length + 5).order(ByteOrder.BIG_ENDIAN);
        big.put(5, data, 0, data.length);
        try {
            assertEquals(little, d.decode(big, 5));
        } catch (MalformedRecordException e) {
            throw new AssertionError("accepted little-endian, rejected big-endian: " + e.getMessage(), e);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void frcd(byte[] data) {
        decodeOnly(data, (b, o) -> {
            Fault f = VtdFaultRecord.decode(b, o);
            assertTrue(VtdReasons.isDefined(f.reason().code()));
            assertTrue(VtdFaultRecord.isFault(b, o), "accepted without F");
            return f;
        });
    }

    @FuzzTest(maxDuration = "10s")
    void prd256(byte[] data) {
        decodeOnly(data, VtdPageRequestDescriptor::decode);
    }

    @FuzzTest(maxDuration = "10s")
    void prd128(byte[] data) {
        decodeOnly(data, VtdLegacyPageRequestDescriptor::decode);
    }

    @FuzzTest(maxDuration = "10s")
    void fsts(byte[] data) {
        int value = data.length >= 4 ? ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).getInt(0) : data.length;
        try {
            VtdFaultStatus s = VtdFaultStatus.decode(value, 0x34);
            assertEquals(value >>> 8 & 0xFF, s.fri());
        } catch (MalformedRecordException e) {
            assertTrue((value >>> 16) != 0);
        }
    }

    /** The response encoder: random fields either encode or are rejected with a typed error. */
    @FuzzTest(maxDuration = "10s")
    void pageGroupResponse(byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(Arrays.copyOf(data, 40)).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = ByteBuffer.allocate(32);
        int flags = in.get(0);
        try {
            VtdPageGroupResponse.encode(out, in.get(1) & 0x1F, in.get(2), in.getInt(4), (flags & 1) != 0,
                    in.getInt(8), (flags & 2) != 0, (flags & 4) != 0, in.getShort(12), in.getLong(16),
                    in.getLong(24));
            VtdLegacyPageGroupResponse.encode(out, in.get(1) & 0x1F, in.get(2), in.getInt(4), (flags & 1) != 0,
                    in.getInt(8), in.getInt(32), in.getShort(12));
        } catch (MalformedRecordException expected) {
            // typed rejection
        }
    }

    /**
     * The page request reader over a fuzzed register page and queue: whatever PQH/PQT/PQA/PRS and the
     * descriptors hold, poll reports and never throws, and every descriptor it consumes is counted.
     */
    @FuzzTest(maxDuration = "10s")
    void pageRequestReader(byte[] data) {
        ByteBuffer regs = ByteBuffer.allocate(0x100);
        ByteBuffer queue = ByteBuffer.allocate(4096);
        regs.put(0xC0, data, 0, Math.min(data.length, 0x20)); // PQH, PQT, PQA, PRS
        regs.put(0xD0, (byte) 0); // PQS 0: a 4 KiB queue, so the fuzzer reaches the descriptors
        if (data.length > 0x20) {
            queue.put(0, data, 0x20, Math.min(data.length - 0x20, 4096));
        }
        regs.put(0x90, (byte) 0);
        regs.put(0x91, (byte) 0x08); // IQA.DW
        VtdResponseSink responses = new VtdResponseSink(regs, ByteBuffer.allocate(4096), VtdResponseFormat.VTD3);
        long[] seen = new long[1];
        VtdPageRequestReader reader = new VtdPageRequestReader(regs, queue, ClearMode.MEMORY, f -> {
            seen[0]++;
            if (((PageRequest) f).lastInGroup()) {
                try {
                    responses.send((PageRequest) f, PageResponse.SUCCESS);
                } catch (IllegalStateException fullQueue) {
                    // a fuzzed IQH/IQT may say so; the router would count it
                }
            }
        }, QueueListener.IGNORE, responses);
        int delivered = reader.poll();
        assertEquals(seen[0], delivered);
        assertEquals(reader.requests(), delivered);
    }

    /** The fault recording register reader over a fuzzed register page: it reports and never throws. */
    @FuzzTest(maxDuration = "10s")
    void faultRecordReader(byte[] data) {
        ByteBuffer regs = ByteBuffer.allocate(0x40 + 256 * 16); // room for the most records CAP can ask for
        regs.put(0, data, 0, Math.min(data.length, regs.capacity()));
        // CAP from the input, but FRO kept inside the page so construction succeeds.
        long cap = regs.order(ByteOrder.LITTLE_ENDIAN).getLong(8) & ~(0x3FFL << 24) | (long) (0x40 / 16) << 24;
        regs.putLong(8, cap);
        long[] seen = new long[1];
        VtdFaultRecordReader reader = new VtdFaultRecordReader(regs, ClearMode.MEMORY, f -> seen[0]++,
                QueueListener.IGNORE);
        int delivered = reader.poll();
        assertEquals(seen[0], delivered);
        assertTrue(delivered <= reader.recordCount());
        assertEquals(0, reader.poll(), "every delivered record was cleared");
    }
}
