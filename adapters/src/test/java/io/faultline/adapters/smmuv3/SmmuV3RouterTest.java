package io.faultline.adapters.smmuv3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.QueueListener;
import io.faultline.adapters.VectorFile;
import io.faultline.api.Disposition;
import io.faultline.api.FaultDispatcher;
import io.faultline.api.FaultType;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import io.faultline.runtime.FaultRouter;
import io.faultline.runtime.RouteOutcome;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Simulated SMMU → event and PRI queues → router → driver → command queue, end to end. */
class SmmuV3RouterTest {
    private static final VectorFile FILE = VectorFile.load("arm-smmu-v3.json");

    /** What a generated dispatcher does, written by hand: retries every PTE page request. */
    static final class RetryingDispatcher implements FaultDispatcher<List<String>> {
        final List<String> calls = new ArrayList<>();

        @Override
        public List<String> driver() {
            return calls;
        }

        @Override
        public Disposition dispatchUnrecoverable(UnrecoverableFault fault) {
            calls.add("unrecoverable " + fault.stage());
            return Disposition.HANDLED;
        }

        @Override
        public PageResponse dispatchPageRequest(PageRequest request) {
            calls.add("page request " + request.groupIndex());
            return PageResponse.SUCCESS;
        }

        @Override
        public boolean handles(FaultType type, Stage stage) {
            return stage == Stage.PTE;
        }
    }

    @Test
    void stallsAreResumedAndPriGroupsAnsweredThroughTheRouter() throws MalformedRecordException {
        ByteBuffer evtRing = ByteBuffer.allocate(8 * 32);
        SmmuV3QueueRegisters evtRegs = SmmuV3QueueRegisters.allocate();
        ByteBuffer priRing = ByteBuffer.allocate(8 * 16);
        SmmuV3QueueRegisters priRegs = SmmuV3QueueRegisters.allocate();
        ByteBuffer cmdRing = ByteBuffer.allocate(8 * 16);
        SmmuV3QueueRegisters cmdRegs = SmmuV3QueueRegisters.allocate();

        SmmuV3QueueWriter smmuEvents = SmmuV3QueueWriter.eventQueue(evtRing, 3, evtRegs);
        smmuEvents.offer(FILE.get("evt-f-access-stall-exec-priv").bytes()); // SID 5, stalled, STAG 1
        smmuEvents.offer(FILE.get("evt-bad-all-zero").bytes());
        smmuEvents.offer(FILE.get("evt-f-translation-ssv-read").bytes()); // SID 1: no driver
        SmmuV3QueueWriter smmuPri = SmmuV3QueueWriter.priQueue(priRing, 3, priRegs);
        smmuPri.offer(FILE.get("pri-nossv-notlast-read").bytes()); // SID 8, not last: held
        smmuPri.offer(FILE.get("pri-ssv-last-rw").bytes()); // SID 256, last: no driver → INVALID

        SmmuV3ResponseSink responses = new SmmuV3ResponseSink(SmmuV3QueueWriter.commandQueue(cmdRing, 3, cmdRegs));
        FaultRouter router = FaultRouter.builder().responseSink(responses).build();
        RetryingDispatcher nic = new RetryingDispatcher();
        router.bind(5, nic);

        SmmuV3Queue evtq = SmmuV3Queue.eventQueue(evtRing, 3, evtRegs);
        SmmuV3Queue priq = SmmuV3Queue.priQueue(priRing, 3, priRegs);
        assertEquals(3, evtq.drain(router, QueueListener.IGNORE));
        assertEquals(2, priq.drain(router, QueueListener.IGNORE));

        assertEquals(List.of("page request 1"), nic.calls);
        assertEquals(1, evtq.malformedRecords());
        assertEquals(2, cmdRegs.prod(), "two commands: one per answered group");
        assertEquals(new SmmuV3Command.Resume(5, 1, true, false), SmmuV3Commands.decode(cmdRing, 0));
        assertEquals(new SmmuV3Command.PriResp(256, true, 42, 511, 0), SmmuV3Commands.decode(cmdRing, 16));
        assertEquals(1, router.stats().count(RouteOutcome.GROUP_PENDING));
        assertEquals(2, router.stats().count(RouteOutcome.NO_DRIVER));
        assertEquals(1, router.stats().responses(PageResponse.SUCCESS));
        assertEquals(1, router.stats().responses(PageResponse.INVALID));
        assertEquals(1, responses.resumes());
        assertEquals(1, responses.priResponses());
    }
}
