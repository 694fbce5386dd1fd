package io.faultline.adapters.armsmmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.PteDispatcher;
import io.faultline.api.Family;
import io.faultline.api.Fault;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.UnrecoverableFault;
import io.faultline.runtime.FaultRouter;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Captured registers → decoder → router → driver → CB_RESUME of the stalled bank, end to end. */
class ArmSmmuRouterTest {
    private static final int STALLED_TF = ArmSmmuRegisters.FSR_SS | 0x402;
    private static final int FILL = 0xA5A5A5A5;

    static ByteBuffer banks(int count, int pageShift) {
        ByteBuffer b = ByteBuffer.allocate(count << pageShift);
        for (int i = 0; i < b.capacity(); i += 4) {
            b.putInt(i, FILL);
        }
        return b;
    }

    static int resume(ByteBuffer banks, int cb, int pageShift) {
        return banks.order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt((cb << pageShift) + ArmSmmuRegisters.CB_RESUME);
    }

    @Test
    void stalledFaultsAreResumedInTheirOwnBankThroughTheRouter() throws MalformedRecordException {
        ByteBuffer banks = banks(4, 12);
        ArmSmmuResponseSink responses = new ArmSmmuResponseSink(banks, 12);
        FaultRouter router = FaultRouter.builder().responseSink(responses).build();
        PteDispatcher gpu = new PteDispatcher();
        router.bind(0x21, gpu);

        ByteBuffer capture = ByteBuffer.allocate(3 * ArmSmmuCapture.SIZE);
        ArmSmmuCapture.writeContext(capture, 0, STALLED_TF, 0x10, 0x4000, 0x21, 2);    // the driver's stream
        ArmSmmuCapture.writeContext(capture, 28, STALLED_TF, 0x00, 0x8000, 0x99, 3);   // no driver
        ArmSmmuCapture.writeContext(capture, 56, 0x404, 0x10, 0x9000, 0x21, 1);        // AFF, not stalled
        for (int off = 0; off < capture.capacity(); off += ArmSmmuCapture.SIZE) {
            router.accept(ArmSmmuFaultDecoder.decode(capture, off));
        }

        List<Fault> seen = gpu.driver();
        assertEquals(2, seen.size());
        assertEquals(2, assertInstanceOf(PageRequest.class, seen.get(0)).groupIndex());
        assertEquals("AFF", assertInstanceOf(UnrecoverableFault.class, seen.get(1)).reason().name());
        assertEquals(ArmSmmuRegisters.RESUME_RETRY, resume(banks, 2, 12));
        assertEquals(ArmSmmuRegisters.RESUME_TERMINATE, resume(banks, 3, 12), "unclaimed stall: INVALID terminates");
        assertEquals(FILL, resume(banks, 1, 12), "a fault that did not stall is not resumed");
        assertEquals(FILL, resume(banks, 0, 12));
        assertEquals(2, responses.sent());
    }

    @Test
    void banksSitOnePageApartAndABankBeyondTheSpaceIsNotWritten() {
        ByteBuffer banks = banks(2, 16);
        ArmSmmuResponseSink responses = new ArmSmmuResponseSink(banks, 16);
        responses.send(stall(1), PageResponse.FAILURE);
        assertEquals(ArmSmmuRegisters.RESUME_TERMINATE, resume(banks, 1, 16));
        assertEquals(FILL, resume(banks, 0, 16));

        ByteBuffer before = ByteBuffer.allocate(banks.capacity()).put(banks.duplicate().clear());
        assertThrows(IllegalStateException.class, () -> responses.send(stall(2), PageResponse.SUCCESS));
        assertEquals(before.flip(), banks.duplicate().clear());
        assertEquals(1, responses.sent());

        assertThrows(IllegalArgumentException.class, () -> responses.send(PageRequest.builder(Family.ARM_SMMU_V3)
                .groupIndex(0).lastInGroup(true).build(), PageResponse.SUCCESS));
        assertThrows(IllegalArgumentException.class, () -> new ArmSmmuResponseSink(banks, 13));
        assertThrows(IllegalArgumentException.class, () -> new ArmSmmuResponseSink(banks.asReadOnlyBuffer(), 12));
    }

    private static PageRequest stall(int cb) {
        return PageRequest.builder(Family.ARM_SMMU).groupIndex(cb).lastInGroup(true).requesterId(7).build();
    }
}
