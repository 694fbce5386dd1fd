package io.faultline.runtime;

import static io.faultline.runtime.TestFaults.fault;
import static io.faultline.runtime.TestFaults.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.faultline.api.FaultType;
import io.faultline.api.PageResponse;
import io.faultline.api.QuarantineAware;
import io.faultline.api.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StormControlTest {
    final TestFaults.Clock clock = new TestFaults.Clock();
    final TestFaults.Sink sink = new TestFaults.Sink();
    final List<String> events = new ArrayList<>();

    final class AwareDriver extends TestFaults.AnsweringDispatcher implements QuarantineAware {
        AwareDriver() {
            super(PageResponse.SUCCESS);
        }

        @Override
        public void quarantined(int requesterId, long faultsInWindow) {
            events.add("driver: reset device 0x" + Integer.toHexString(requesterId) + " after " + faultsInWindow);
        }

        @Override
        public void released(int requesterId, long suppressed) {
            events.add("driver: released after " + suppressed + " suppressed");
        }
    }

    FaultRouter router() {
        return FaultRouter.builder().responseSink(sink).clock(clock)
                .stormControl(StormControl.of(10, Duration.ofMillis(100), Duration.ofSeconds(1)))
                .listener(new FaultListener() {
                    @Override
                    public void quarantined(int requesterId, long faultsInWindow) {
                        events.add("quarantined " + faultsInWindow);
                    }

                    @Override
                    public void quarantineSummary(int requesterId, long suppressedInWindow) {
                        events.add("summary " + suppressedInWindow);
                    }

                    @Override
                    public void released(int requesterId, long suppressed) {
                        events.add("released " + suppressed);
                    }
                })
                .build();
    }

    @Test
    void aDeviceOverItsLimitIsQuarantinedSummarisedAndReleased() {
        FaultRouter router = router();
        AwareDriver driver = new AwareDriver();
        router.bind(7, driver);
        for (int i = 0; i < 10; i++) {
            assertEquals(RouteOutcome.HANDLED, router.route(fault(7, Stage.PTE)));
        }
        assertEquals(RouteOutcome.DROPPED_QUARANTINED, router.route(fault(7, Stage.PTE)));
        assertEquals(List.of("quarantined 11", "driver: reset device 0x7 after 11"), events);
        for (int i = 0; i < 1000; i++) {
            router.route(fault(7, Stage.PTE)); // a storm: counted, not handled, no line each
        }
        assertEquals(2, events.size(), "no line per suppressed fault");
        clock.advanceMillis(100);
        router.route(fault(7, Stage.PTE));
        assertEquals("summary 1002", events.get(2), "one summary per window");
        assertEquals(10, driver.unrecoverable);

        clock.advanceMillis(900);
        assertEquals(RouteOutcome.HANDLED, router.route(fault(7, Stage.PTE)));
        assertEquals(List.of("released 1002", "driver: released after 1002 suppressed"), events.subList(3, 5));
        RouterStats s = router.stats();
        assertEquals(1002, s.count(RouteOutcome.DROPPED_QUARANTINED, FaultType.UNRECOVERABLE, Stage.PTE));
        assertEquals(1, s.quarantines());
        assertEquals(s.received(), s.count(RouteOutcome.Category.HANDLED) + s.count(RouteOutcome.Category.DROPPED));
    }

    @Test
    void slowFaultsNeverTripTheLimit() {
        FaultRouter router = router();
        router.bind(7, new AwareDriver());
        for (int i = 0; i < 100; i++) {
            assertEquals(RouteOutcome.HANDLED, router.route(fault(7, Stage.PTE)));
            clock.advanceMillis(20); // 50/s against a limit of 10 per 100 ms
        }
        assertEquals(List.of(), events);
    }

    @Test
    void otherDevicesAreNotAffectedAndQuarantinedPageRequestsAreStillAnswered() {
        FaultRouter router = router();
        router.bind(7, new AwareDriver());
        router.bind(8, new AwareDriver());
        for (int i = 0; i < 11; i++) {
            router.route(fault(7, Stage.PTE));
        }
        assertEquals(RouteOutcome.DROPPED_QUARANTINED, router.route(request(7, -1, 1, true)));
        assertEquals(List.of("7/-1/1:INVALID"), sink.sent);
        assertEquals(RouteOutcome.HANDLED, router.route(request(8, -1, 1, true)));
        assertEquals(RouteOutcome.HANDLED, router.route(fault(8, Stage.PTE)));
    }

    @Test
    void perDeviceCountersSeparateDevices() {
        FaultRouter router = router();
        router.bind(7, new AwareDriver());
        router.route(fault(7, Stage.PTE));
        router.route(fault(7, Stage.PTE));
        router.route(fault(9, Stage.CONTEXT));
        RouterStats s = router.stats();
        assertEquals(2, s.devices().size());
        assertEquals(7, s.devices().get(0).requesterId());
        assertEquals(2, s.devices().get(0).count(RouteOutcome.HANDLED, FaultType.UNRECOVERABLE, Stage.PTE));
        assertEquals(1, s.devices().get(1).count(RouteOutcome.NO_DRIVER, FaultType.UNRECOVERABLE, Stage.CONTEXT));
    }

    @Test
    void trackedDevicesAreBoundedAndTheRestStillCounted() {
        FaultRouter router = FaultRouter.builder().maxTrackedDevices(4).build();
        for (int rid = 0; rid < 100; rid++) {
            router.route(fault(rid, Stage.PTE));
        }
        RouterStats s = router.stats();
        assertEquals(5, s.devices().size());
        assertEquals(96, s.devices().get(4).received());
        assertEquals(100, s.received());
    }

    @Test
    void invalidSettingsAreRejectedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StormControl.of(0, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertEquals("limit must be at least 1: 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FaultRouter.builder().responseDeadline(Duration.ZERO));
        assertEquals("responseDeadline must be positive: PT0S", e.getMessage());
    }
}
