package io.faultline.adapters.amdvi;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

/** Simulated AMD IOMMU: event and PPR logs -> readers -> router -> driver -> COMPLETE_PPR_REQUEST in the command buffer. */
class AmdViRouterTest {
    private static final VectorFile FILE = VectorFile.load("amd-vi.json");

    /** A hand-written dispatcher: maps every page it is asked for and logs what it saw. */
    static final class MappingDispatcher implements FaultDispatcher<List<String>> {
        final List<String> calls = new ArrayList<>();

        @Override
        public List<String> driver() {
            return calls;
        }

        @Override
        public Disposition dispatchUnrecoverable(UnrecoverableFault fault) {
            calls.add("unrecoverable " + fault.reason().name() + " " + fault.access());
            return Disposition.HANDLED;
        }

        @Override
        public PageResponse dispatchPageRequest(PageRequest request) {
            calls.add("page request group " + request.groupIndex() + " pasid " + request.pasid());
            return PageResponse.SUCCESS;
        }

        @Override
        public boolean handles(FaultType type, Stage stage) {
            return stage == Stage.PTE;
        }
    }

    @Test
    void eventsAndPageRequestsReachTheDriverAndEachGroupIsAnsweredOnce() throws Exception {
        ByteBuffer mmio = ByteBuffer.allocateDirect(AmdViRegisters.MMIO_SIZE);
        AmdViRegisters regs = AmdViRegisters.inMemory(mmio);
        ByteBuffer eventLog = ByteBuffer.allocate(8 * 16);
        ByteBuffer pprLog = ByteBuffer.allocate(8 * 16);
        ByteBuffer commands = ByteBuffer.allocate(8 * 16);

        // The "IOMMU" writes its logs.
        Entries.put(eventLog, 0, FILE.get("iopf-write-perm-published").buffer());    // device 0x0100, bound
        Entries.put(eventLog, 16, FILE.get("evt-all-ones").buffer());                // malformed
        Entries.put(eventLog, 32, FILE.get("dev-tab-hw-error").buffer());            // device 0x1000, unbound
        regs.write(AmdViRegisters.EVENT_LOG_TAIL, 48);
        Entries.put(pprLog, 0, Entries.ppr(0x4100, 1, 5, false, PprFlags.GN | PprFlags.RD, 0x7f55_1234_4000L));
        Entries.put(pprLog, 16, FILE.get("ppr-read-last").buffer());                 // 0x4100 PASID 1 group 5, last
        Entries.put(pprLog, 32, FILE.get("ppr-rz-set").buffer());                    // malformed
        Entries.put(pprLog, 48, FILE.get("ppr-gn-clear").buffer());                  // 0x4100 no PASID group 3, last
        regs.write(AmdViRegisters.PPR_LOG_TAIL, 64);

        AmdViResponseSink responses = new AmdViResponseSink(commands, regs);
        FaultRouter router = FaultRouter.builder().responseSink(responses).build();
        MappingDispatcher dma = new MappingDispatcher();
        MappingDispatcher nic = new MappingDispatcher();
        router.bind(0x0100, nic);
        router.bind(0x4100, dma);
        Recorder listener = new Recorder();

        AmdViLogReader events = AmdViLogReader.eventLog(eventLog, regs);
        AmdViLogReader pprs = AmdViLogReader.pprLog(pprLog, regs);
        assertEquals(3, events.drain(router, listener));
        assertEquals(4, pprs.drain(router, listener));

        assertEquals(List.of("unrecoverable IO_PAGE_FAULT write"), nic.calls);
        assertEquals(List.of("page request group 5 pasid 1", "page request group 3 pasid -1"), dma.calls);
        assertEquals(2, listener.malformed.size());
        assertEquals(32, regs.read(AmdViRegisters.COMMAND_TAIL), "one command per closed group");
        assertEquals(new AmdViCompletePpr.Command(0x4100, 1, 5, 0x0), AmdViCompletePpr.decode(commands, 0));
        assertEquals(new AmdViCompletePpr.Command(0x4100, -1, 3, 0x0), AmdViCompletePpr.decode(commands, 16));
        assertEquals(2, responses.sent());
        assertEquals(2, router.stats().responses(PageResponse.SUCCESS));
        assertEquals(1, router.stats().count(RouteOutcome.GROUP_PENDING));
        assertEquals(1, router.stats().count(RouteOutcome.NO_DRIVER));
        assertEquals(0, events.drain(router, listener) + pprs.drain(router, listener), "nothing is read twice");
    }
}
