package io.faultline.adapters.vtd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.QueueListener;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import io.faultline.runtime.FaultSink;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The README's VT-d example, compiled and checked. */
class VtdReadmeExampleTest {

    @Test
    void decodeAFaultRecord() throws MalformedRecordException {
        // README begin: frcd
        ByteBuffer frcd = ByteBuffer.wrap(HexFormat.of().parseHex("00e0ffff0000000010000000060000c0"));
        UnrecoverableFault f = VtdFaultRecord.decode(frcd, 0); // MalformedRecordException on bad input
        // rid 0x10 (00:02.0), address 0xffffe000, read, reason 0x06 "PTE Read access is not set", stage PTE
        // README end
        assertEquals(0x10, f.requesterId());
        assertEquals(0xffffe000L, f.address());
        assertEquals(Stage.PTE, f.stage());
        assertEquals("PTE Read access is not set", f.reason().name());
    }

    @Test
    void drainThePageRequestQueueAndAnswer() {
        PrqUnit unit = new PrqUnit();
        unit.put(0, "0101006542000000d5705634127f000000000000000000000000000000000000");
        unit.reg(VtdRegisters.PQT, 32);
        ByteBuffer registers = unit.regs;
        ByteBuffer pageRequestQueue = unit.prq;
        ByteBuffer invalidationQueue = unit.iq;
        QueueListener listener = QueueListener.IGNORE;
        // README begin: prq
        VtdResponseSink responses = new VtdResponseSink(registers, invalidationQueue, VtdResponseFormat.VTD4);
        FaultSink router = fault -> { // stands in for the Faultline router, which answers each group once
            if (fault instanceof PageRequest p && p.lastInGroup()) {
                responses.send(p, PageResponse.SUCCESS);
            }
        };
        VtdPageRequestReader prq = new VtdPageRequestReader(registers, pageRequestQueue, ClearMode.RW1C,
                router, listener, responses);
        prq.poll(); // PQH..PQT decoded and delivered; a page group response (type 0x9, RC 0) lands at IQT
        // README end
        assertEquals(1, prq.requests());
        assertEquals("1900006542000000d00000000000000000000000000000000000000000000000", unit.iqHex(0, 32));
    }
}
