package io.faultline.adapters.armsmmu;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.faultline.adapters.DecoderChecks;
import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Family;

/**
 * Jazzer target for the arm-smmu v1/v2 capture decoder. {@code mvn verify} runs it in regression mode
 * over the seeds in {@code src/test/resources/.../ArmSmmuFuzzTestInputs/capture} (the reference
 * vectors); fuzz for real (10 s) with {@code JAZZER_FUZZ=1 ./mvnw -B -ntp -pl adapters -am verify
 * -Dtest=ArmSmmuFuzzTest -Dsurefire.failIfNoSpecifiedTests=false}; raise {@code maxDuration} locally
 * for a longer run. The fuzzer keeps its corpus in {@code adapters/.cifuzz-corpus/} (not to be committed).
 *
 * <p>Only {@link MalformedRecordException} may leave the decoder, naming this family and an offset
 * inside the input; an accepted capture decodes the same from a big-endian buffer at another offset.
 */
class ArmSmmuFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void capture(byte[] data) {
        DecoderChecks.decodeOnly(data, Family.ARM_SMMU, ArmSmmuFaultDecoder::decode);
    }
}
