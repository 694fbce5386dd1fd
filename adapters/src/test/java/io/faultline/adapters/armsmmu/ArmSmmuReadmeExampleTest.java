package io.faultline.adapters.armsmmu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Access;
import io.faultline.api.Fault;
import io.faultline.api.Stage;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The README's arm-smmu v1/v2 example, compiled and checked. */
class ArmSmmuReadmeExampleTest {

    @Test
    void captureAndDecodeAContextFault() throws MalformedRecordException {
        ByteBuffer buf = ByteBuffer.allocate(ArmSmmuCapture.SIZE);
        int fsr = 0x402;
        int fsynr0 = 0x7c0020;
        long far = 0x10000000L;
        int cbfrsynra = 0xc00;
        int cb = 4;
        // README begin: capture
        ArmSmmuCapture.writeContext(buf, 0, fsr, fsynr0, far, cbfrsynra, cb); // in the context-fault handler
        Fault f = ArmSmmuFaultDecoder.decode(buf, 0); // MalformedRecordException on bad input
        // fsr=0x402 fsynr=0x7c0020: stream 0xc00, address 0x10000000, privileged read, reason 0x2 "TF", stage PTE
        // README end
        assertEquals("000000000204000020007c000000001000000000000c000004000000", HexFormat.of().formatHex(buf.array()));
        assertEquals(0xc00, f.requesterId());
        assertEquals(0x10000000L, f.address());
        assertEquals(Access.of(true, false, false, true), f.access());
        assertEquals(2, f.reason().code());
        assertEquals("TF", f.reason().name());
        assertEquals(Stage.PTE, f.stage());
    }
}
