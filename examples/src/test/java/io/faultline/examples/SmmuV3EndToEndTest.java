package io.faultline.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.QueueListener;
import io.faultline.adapters.smmuv3.SmmuV3Commands;
import io.faultline.adapters.smmuv3.SmmuV3EventDecoder;
import io.faultline.adapters.smmuv3.SmmuV3Queue;
import io.faultline.adapters.smmuv3.SmmuV3QueueRegisters;
import io.faultline.adapters.smmuv3.SmmuV3QueueWriter;
import io.faultline.adapters.smmuv3.SmmuV3ResponseSink;
import io.faultline.api.Fault;
import io.faultline.api.FaultType;
import io.faultline.api.OnFault;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import io.faultline.runtime.FaultRouter;
import io.faultline.runtime.RouteOutcome;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Real SMMUv3 record bytes (from the reference vectors) through the real decoder, the router and
 * a driver compiled with the processor: which handler method ran, and what went back to the SMMU.
 */
class SmmuV3EndToEndTest {

    /** Compiled by the Faultline processor like any user's driver. */
    static class RecordingDriver {
        final List<String> calls = new ArrayList<>();

        @OnFault(stage = Stage.PTE)
        void pte(UnrecoverableFault f) {
            calls.add("pte " + f.reason().name());
        }

        @OnFault(stage = {Stage.PASID, Stage.PGD})
        void guestTables(Fault f) {
            calls.add("guestTables " + f.stage());
        }

        @OnFault
        void anyOtherStage(UnrecoverableFault f) {
            calls.add("fallback " + f.stage());
        }

        @OnFault(type = FaultType.PAGE_REQUEST, stage = Stage.PTE)
        PageResponse stalled(PageRequest r) {
            calls.add("stalled stag=" + r.groupIndex());
            return PageResponse.SUCCESS;
        }
    }

    // Published Linux 5.3-rc1 record: F_TRANSLATION, StreamID 0x180, write at 0xffffe040.
    static final String F_TRANSLATION = "1000000080010000000000000102000040e0ffff0000000000e0ffff00000000";
    // Published F_TRANSL_FORBIDDEN: StreamID 0x100, stage CONTEXT (no explicit handler: the fallback runs).
    static final String F_TRANSL_FORBIDDEN = "0700000000010000000000000000000000000000000000000000000000000000";
    // Stalled F_ACCESS: StreamID 5, STAG 1.
    static final String STALLED_F_ACCESS = "1228000005000000010000800e02000000004000000000000000000000000000";

    @Test
    void decodedRecordsReachTheRightMethodsAndTheStallIsResumedOnce() throws MalformedRecordException {
        RecordingDriver driver = new RecordingDriver();
        ByteBuffer cmdRing = ByteBuffer.allocate(16 * 8).order(ByteOrder.LITTLE_ENDIAN);
        SmmuV3QueueRegisters cmdRegs = SmmuV3QueueRegisters.allocate();
        FaultRouter router = FaultRouter.builder()
                .responseSink(new SmmuV3ResponseSink(SmmuV3QueueWriter.commandQueue(cmdRing, 3, cmdRegs)))
                .build();
        SmmuV3EndToEndTest_RecordingDriver_FaultDispatcher dispatcher = SmmuV3EndToEndTest_RecordingDriver_FaultDispatcher.of(driver);
        router.bind(0x180, dispatcher);
        router.bind(0x100, dispatcher);
        router.bind(5, dispatcher);

        assertEquals(RouteOutcome.HANDLED, router.route(decode(F_TRANSLATION)));
        assertEquals(RouteOutcome.HANDLED, router.route(decode(F_TRANSL_FORBIDDEN)));
        assertEquals(RouteOutcome.HANDLED, router.route(decode(STALLED_F_ACCESS)));

        assertEquals(List.of("pte F_TRANSLATION", "fallback CONTEXT", "stalled stag=1"), driver.calls);
        // Exactly one command went back: CMD_RESUME (retry) for StreamID 5, STAG 1.
        assertEquals(1, cmdRegs.prod());
        ByteBuffer expected = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        SmmuV3Commands.encodeResume(expected, 0, 5, 1, PageResponse.SUCCESS);
        assertEquals(HexFormat.of().formatHex(expected.array()),
                HexFormat.of().formatHex(cmdRing.array(), 0, 16));
        assertEquals("4410000005000000", HexFormat.of().formatHex(cmdRing.array(), 0, 8));
    }

    @Test
    void queueDrainedIntoTheRouterRoutesEveryRecordInOrder() {
        RecordingDriver driver = new RecordingDriver();
        FaultRouter router = FaultRouter.builder().responseSink((r, resp) -> { }).build();
        router.bind(0x180, SmmuV3EndToEndTest_RecordingDriver_FaultDispatcher.of(driver));
        ByteBuffer ring = ByteBuffer.allocate(32 * 4).order(ByteOrder.LITTLE_ENDIAN);
        SmmuV3QueueRegisters regs = SmmuV3QueueRegisters.allocate();
        SmmuV3QueueWriter writer = SmmuV3QueueWriter.eventQueue(ring, 2, regs);
        for (int i = 0; i < 3; i++) {
            writer.offer(HexFormat.of().parseHex(F_TRANSLATION));
        }
        int consumed = SmmuV3Queue.eventQueue(ring, 2, regs).drain(router, QueueListener.IGNORE);
        assertEquals(3, consumed);
        assertEquals(3, router.stats().count(RouteOutcome.HANDLED, FaultType.UNRECOVERABLE, Stage.PTE));
        assertEquals(List.of("pte F_TRANSLATION", "pte F_TRANSLATION", "pte F_TRANSLATION"), driver.calls);
    }

    private static Fault decode(String hex) throws MalformedRecordException {
        ByteBuffer b = ByteBuffer.wrap(HexFormat.of().parseHex(hex));
        return SmmuV3EventDecoder.decode(b, 0);
    }
}
