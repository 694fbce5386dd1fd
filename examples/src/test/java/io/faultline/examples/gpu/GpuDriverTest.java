package io.faultline.examples.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.api.Disposition;
import io.faultline.api.Stage;
import io.faultline.test.FaultInjector;
import io.faultline.test.FaultlineTest;
import org.junit.jupiter.api.Test;

@FaultlineTest
class GpuDriverTest {

    @Test
    void anyFaultDumpsEveryRingAndPointsAtTheCommandThatUsedThePage(FaultInjector faults) {
        SimulatedGpu gpu = new SimulatedGpu("gfx", "copy");
        gpu.submit(0, "DRAW", 0x10000);
        gpu.submit(0, "DRAW", 0x11000);
        gpu.submit(1, "BLIT", 0x42040);
        GpuDriver driver = faults.bind(GpuDriver_FaultDispatcher.of(new GpuDriver(gpu)));

        faults.unrecoverable().stage(Stage.PTE).address(0x42080).write().inject()
                .assertHandler("onAnyFault").assertReturned(Disposition.HANDLED);

        assertEquals(1, driver.dumps().size());
        String dump = driver.dumps().get(0);
        assertTrue(dump.startsWith("gpu fault: PTE write iova=0x42080"), dump);
        assertTrue(dump.contains("ring gfx: rptr=2 wptr=2"), dump);
        assertTrue(dump.contains("ring copy: rptr=1 wptr=1"), dump);
        assertTrue(dump.contains("#1 BLIT         0x42040   <-- uses the faulting page"), dump);
        assertFalse(dump.contains("0x11000   <--"), dump);
        assertEquals(1, gpu.recoveries());
    }

    @Test
    void everyStageIsDumpedByTheOneFallbackHandler(FaultInjector faults) {
        GpuDriver driver = faults.bind(GpuDriver_FaultDispatcher.of(new GpuDriver(new SimulatedGpu("gfx"))));
        for (Stage s : Stage.values()) {
            faults.unrecoverable().stage(s).inject().assertHandler("onAnyFault");
        }
        assertEquals(Stage.values().length, driver.dumps().size());
        assertTrue(driver.dumps().get(0).startsWith("gpu fault: CONTEXT unknown iova=?"), driver.dumps().get(0));
    }
}
