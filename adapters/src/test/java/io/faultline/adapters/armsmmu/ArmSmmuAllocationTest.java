package io.faultline.adapters.armsmmu;

import static io.faultline.adapters.DecoderChecks.MAX_BYTES_PER_DECODE;
import static io.faultline.adapters.DecoderChecks.bytesPerDecode;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.adapters.VectorFile;
import org.junit.jupiter.api.Test;

/**
 * Decoding a capture allocates the fault (and at most its builder): reasons and access values are
 * interned, errors are built off the hot path. Skipped where the JVM has no per-thread counter.
 */
class ArmSmmuAllocationTest {

    @Test
    void decodingAllocatesOnlyTheFault() throws Exception {
        VectorFile f = VectorFile.load("arm-smmu.json");
        for (String name : new String[] {"cb-permission-exec", "gl-usf-published-0x43"}) {
            long bytes = bytesPerDecode(f.get(name).buffer(), 0, ArmSmmuFaultDecoder::decode);
            assertTrue(bytes <= MAX_BYTES_PER_DECODE, name + ": decode allocates " + bytes + " bytes");
        }
    }
}
