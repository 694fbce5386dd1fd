package io.faultline.adapters.vtd;

import static io.faultline.adapters.DecoderChecks.MAX_BYTES_PER_DECODE;
import static io.faultline.adapters.DecoderChecks.bytesPerDecode;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.adapters.VectorFile;
import org.junit.jupiter.api.Test;

/**
 * Decoding allocates the fault (and at most its builder), nothing else: no boxing, no strings, no
 * Reason or Access per record. Measured with the JVM's per-thread allocation counter; skipped where
 * the JVM has none. The speed half of the target (decode ≤ 2.5× the raw read) needs JMH.
 */
class VtdAllocationTest {

    @Test
    void decodingAllocatesOnlyTheFault() throws Exception {
        VectorFile f = VectorFile.load("intel-vtd.json");
        long frcd = bytesPerDecode(f.get("frcd-sm-5d-priv-pasid").buffer(), 0, VtdFaultRecord::decode);
        long prd = bytesPerDecode(f.get("prd256-pasid-read-lpig").buffer(), 0, VtdPageRequestDescriptor::decode);
        assertTrue(frcd <= MAX_BYTES_PER_DECODE, "FRCD decode allocates " + frcd + " bytes");
        assertTrue(prd <= MAX_BYTES_PER_DECODE, "PRQ decode allocates " + prd + " bytes");
        System.out.println("VT-d bytes allocated per decode: FRCD " + frcd + ", PRQ " + prd);
    }
}
