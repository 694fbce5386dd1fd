package io.faultline.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.api.Family;
import io.faultline.api.Fault;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Assumptions;

/**
 * Checks every Netty-style decoder ({@code decode(ByteBuffer, int)}) must pass, for any family's fuzz,
 * vector and allocation tests: only {@link MalformedRecordException} may leave it, the result may not
 * depend on the buffer's byte order, position or the record's offset, and it allocates only the fault.
 */
public final class DecoderChecks {
    /** A Fault plus its builder is about 100 bytes with compressed oops; 160 leaves room, a String would not fit. */
    public static final long MAX_BYTES_PER_DECODE = 160;
    private static final int ROUNDS = 200_000;
    private DecoderChecks() {
    }

    /** A family's {@code decode(buf, offset)}. */
    @FunctionalInterface
    public interface Decoder {
        Fault decode(ByteBuffer buf, int offset) throws MalformedRecordException;
    }

    /**
     * The fuzz oracle: {@code data} is rejected with a {@link MalformedRecordException} of
     * {@code family} whose offset lies inside the input, or accepted the same from a big-endian
     * buffer at another offset. Any other exception propagates and fails the run.
     */
    public static void decodeOnly(byte[] data, Family family, Decoder d) {
        Fault little;
        try {
            little = d.decode(ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN), 0);
        } catch (MalformedRecordException e) {
            assertEquals(family, e.family());
            assertTrue(e.offset() >= 0 && e.offset() < Math.max(data.length, 1), e.getMessage());
            return;
        }
        try {
            assertEquals(little, d.decode(foreign(data, 3), 3));
        } catch (MalformedRecordException e) {
            throw new AssertionError("accepted little-endian, rejected big-endian: " + e.getMessage(), e);
        }
    }

    /**
     * {@code bytes} at {@code offset} of a big-endian buffer whose other bytes are 0x5A and whose
     * position is 1: what a decoder must read exactly as it reads {@code bytes} alone.
     */
    public static ByteBuffer foreign(byte[] bytes, int offset) {
        ByteBuffer big = ByteBuffer.allocate(offset + bytes.length + 7).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < big.capacity(); i++) {
            big.put(i, (byte) 0x5A);
        }
        big.put(offset, bytes, 0, bytes.length);
        big.position(1);
        return big;
    }

    /**
     * Bytes the current thread allocates per {@code d.decode(buf, offset)}, after a warm-up that lets
     * the JIT scalar-replace what it can; the test is skipped where the JVM has no per-thread counter.
     */
    public static long bytesPerDecode(ByteBuffer buf, int offset, Decoder d) throws MalformedRecordException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean sun = (com.sun.management.ThreadMXBean) mx;
        Assumptions.assumeTrue(sun.isThreadAllocatedMemorySupported() && sun.isThreadAllocatedMemoryEnabled());
        long sink = 0;
        for (int i = 0; i < ROUNDS; i++) { // warm up
            sink += d.decode(buf, offset).requesterId();
        }
        long id = Thread.currentThread().getId();
        long before = sun.getThreadAllocatedBytes(id);
        for (int i = 0; i < ROUNDS; i++) {
            sink += d.decode(buf, offset).requesterId();
        }
        long after = sun.getThreadAllocatedBytes(id);
        assertTrue(sink != 42, "keeps the results alive");
        return (after - before) / ROUNDS;
    }
}
