package io.faultline.benchmarks;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * DecodeBenchmark's set-up and check, in CI without timing: every record of every wire format
 * decodes, routes to the driver's handler and is counted there, and the raw read sees every byte.
 */
class DecodeBenchmarkSelfCheckTest {

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void everyRecordDecodesAndReachesTheHandler(WireFormat format) throws Exception {
        DecodeBenchmark b = new DecodeBenchmark();
        b.family = format.name();
        b.setUp();
        long sum = 0;
        for (int i = 0; i < DecodeBenchmark.RECORDS; i++) {
            sum += b.rawRead();
            b.decodeAndDispatch();
        }
        b.check(); // throws unless every routed fault was HANDLED by the driver
        assertNotEquals(0, sum, "the raw read saw the records' bytes");
    }
}
