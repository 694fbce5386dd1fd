package io.faultline.adapters.virtio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.UnrecoverableFault;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Jazzer target for the virtio-iommu decoder. {@code mvn verify} runs it in regression mode over the
 * seeds in {@code src/test/resources/.../VirtioIommuFaultFuzzTestInputs/decode} (the reference vectors);
 * fuzz for real (10 s, about 80,000 inputs here) with
 * {@code JAZZER_FUZZ=1 ./mvnw -B -ntp -pl adapters -am verify -Dtest=VirtioIommuFaultFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false}; raise {@code maxDuration} locally for a longer run. The
 * fuzzer keeps its corpus in {@code adapters/.cifuzz-corpus/} (not to be committed).
 *
 * <p>Only {@link MalformedRecordException} may leave the decoder; any other exception fails the run.
 * An accepted record must also decode the same from a big-endian buffer at another offset.
 */
class VirtioIommuFaultFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void decode(byte[] data) {
        UnrecoverableFault little;
        try {
            little = VirtioIommuFaultDecoder.decode(ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN), 0,
                    data.length);
        } catch (MalformedRecordException expected) {
            return;
        }
        ByteBuffer big = ByteBuffer.allocate(data.length + 5).order(ByteOrder.BIG_ENDIAN);
        big.put(5, data, 0, data.length);
        try {
            assertEquals(little, VirtioIommuFaultDecoder.decode(big, 5, data.length));
        } catch (MalformedRecordException e) {
            throw new AssertionError("accepted little-endian, rejected big-endian: " + e.getMessage(), e);
        }
    }
}
