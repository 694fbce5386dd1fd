package io.faultline.adapters.vtd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.adapters.VectorFile;
import io.faultline.api.Fault;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Decoding allocates the fault (and at most its builder), nothing else: no boxing, no strings, no
 * Reason or Access per record. Measured with the JVM's per-thread allocation counter; skipped where
 * the JVM has none. The speed half of the target (decode ≤ 2.5× the raw read) needs JMH.
 */
class VtdAllocationTest {
    private static final int ROUNDS = 200_000;
    /** A Fault plus its builder is about 100 bytes with compressed oops; 160 leaves room, a String would not fit. */
    private static final long MAX_BYTES_PER_DECODE = 160;

    interface Decode {
        Fault run(ByteBuffer b) throws Exception;
    }

    static long bytesPerDecode(ByteBuffer buf, Decode d) throws Exception {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean sun = (com.sun.management.ThreadMXBean) mx;
        Assumptions.assumeTrue(sun.isThreadAllocatedMemorySupported() && sun.isThreadAllocatedMemoryEnabled());
        long sink = 0;
        for (int i = 0; i < ROUNDS; i++) { // warm up
            sink += d.run(buf).requesterId();
        }
        long id = Thread.currentThread().getId();
        long before = sun.getThreadAllocatedBytes(id);
        for (int i = 0; i < ROUNDS; i++) {
            sink += d.run(buf).requesterId();
        }
        long after = sun.getThreadAllocatedBytes(id);
        assertTrue(sink != 42, "keeps the results alive");
        return (after - before) / ROUNDS;
    }

    @Test
    void decodingAllocatesOnlyTheFault() throws Exception {
        VectorFile f = VectorFile.load("intel-vtd.json");
        long frcd = bytesPerDecode(f.get("frcd-sm-5d-priv-pasid").buffer(), b -> VtdFaultRecord.decode(b, 0));
        long prd = bytesPerDecode(f.get("prd256-pasid-read-lpig").buffer(), b -> VtdPageRequestDescriptor.decode(b, 0));
        assertTrue(frcd <= MAX_BYTES_PER_DECODE, "FRCD decode allocates " + frcd + " bytes");
        assertTrue(prd <= MAX_BYTES_PER_DECODE, "PRQ decode allocates " + prd + " bytes");
        System.out.println("VT-d bytes allocated per decode: FRCD " + frcd + ", PRQ " + prd);
    }
}
