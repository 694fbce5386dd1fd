package io.faultline.examples.nic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.faultline.api.Disposition;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import io.faultline.runtime.RouteOutcome;
import io.faultline.test.FaultInjector;
import io.faultline.test.FaultlineTest;
import org.junit.jupiter.api.Test;

@FaultlineTest
class NicDriverTest {

    @Test
    void resetsOnPteFaultsThenShutsDownAfterTheLimit(FaultInjector faults) {
        NicDriver driver = faults.bind(NicDriver_FaultDispatcher.of(new NicDriver(new SimulatedNic(), 2)));
        faults.unrecoverable().stage(Stage.PTE).address(0x9000).write().inject()
                .assertHandler("onUnmappedDma").assertReturned(Disposition.HANDLED);
        faults.unrecoverable().stage(Stage.PTE).address(0xa000).read().inject().assertHandler("onUnmappedDma");
        assertEquals(2, driver.nic().resets());
        assertEquals(SimulatedNic.State.RUNNING, driver.nic().state());
        faults.unrecoverable().stage(Stage.PTE).address(0xb000).inject().assertHandler("onUnmappedDma");
        assertEquals(2, driver.nic().resets(), "no third reset: the retry is bounded");
        assertEquals(SimulatedNic.State.SHUT_DOWN, driver.nic().state());
    }

    @Test
    void shutsDownOnAContextFault(FaultInjector faults) {
        NicDriver driver = faults.bind(NicDriver_FaultDispatcher.of(new NicDriver(new SimulatedNic(), 2)));
        faults.unrecoverable().stage(Stage.CONTEXT).inject()
                .assertOutcome(RouteOutcome.HANDLED).assertHandler("onBrokenDeviceEntry");
        assertEquals(SimulatedNic.State.SHUT_DOWN, driver.nic().state());
        assertEquals(0, driver.nic().resets());
    }

    @Test
    void stagesItDoesNotHandleGetTheDefaultAction(FaultInjector faults) {
        faults.bind(NicDriver_FaultDispatcher.of(new NicDriver(new SimulatedNic(), 2)));
        faults.unrecoverable().stage(Stage.PASID).inject().assertOutcome(RouteOutcome.NO_HANDLER).assertNoHandler();
        faults.pageRequest().address(0x1000).inject().assertOutcome(RouteOutcome.NO_HANDLER)
                .assertResponse(PageResponse.INVALID);
    }

    /** The README's test-kit example, verbatim. */
    @Test
    void resetsOnAnUnmappedBuffer(FaultInjector faults) {
        NicDriver nic = faults.bind(NicDriver_FaultDispatcher.of(new NicDriver(new SimulatedNic(), 2)));
        faults.unrecoverable().stage(Stage.PTE).address(0x9000).write().inject()
                .assertHandler("onUnmappedDma")
                .assertReturned(Disposition.HANDLED);
        faults.pageRequest().pasid(1).group(3).injectGroup(0x1000, 0x2000)   // one group, two requests
                .assertResponse(PageResponse.INVALID);                      // NicDriver has no PRI handler
        assertEquals(1, nic.nic().resets());
    }
}
