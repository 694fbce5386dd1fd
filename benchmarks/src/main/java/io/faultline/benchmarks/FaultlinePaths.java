package io.faultline.benchmarks;

import io.faultline.api.Fault;
import io.faultline.api.FaultDispatcher;
import io.faultline.api.PageRequest;
import io.faultline.api.UnrecoverableFault;
import io.faultline.runtime.FaultRouter;
import io.faultline.runtime.RouteOutcome;

/**
 * Faultline two ways: the product path ({@link FaultRouter#route}: binding lookup, the generated
 * dispatcher, counters, the page response sent to a sink that does nothing), and the generated
 * dispatcher called directly from the same array the hand-written baseline uses.
 */
final class FaultlinePaths {
    private final FaultRouter router = FaultRouter.builder().responseSink((request, response) -> { }).build();
    private final FaultDispatcher<?>[] byRid;

    FaultlinePaths(BenchDriver[] driverByRid) {
        byRid = new FaultDispatcher<?>[driverByRid.length];
        for (int rid = 0; rid < driverByRid.length; rid++) {
            if (driverByRid[rid] != null) {
                byRid[rid] = dispatcherFor(driverByRid[rid]);
                router.bind(rid, byRid[rid]);
            }
        }
    }

    /** The dispatcher the Faultline processor generated for {@link BenchDriver}. */
    static FaultDispatcher<BenchDriver> dispatcherFor(BenchDriver driver) {
        return BenchDriver_FaultDispatcher.of(driver);
    }

    FaultRouter router() {
        return router;
    }

    RouteOutcome route(Fault fault) {
        return router.route(fault);
    }

    Object direct(Fault fault) {
        FaultDispatcher<?> d = byRid[fault.requesterId()];
        if (d == null) {
            return null;
        }
        return fault instanceof PageRequest r ? d.dispatchPageRequest(r) : d.dispatchUnrecoverable((UnrecoverableFault) fault);
    }
}
