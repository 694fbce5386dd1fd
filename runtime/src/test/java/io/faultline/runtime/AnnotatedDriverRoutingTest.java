package io.faultline.runtime;

import static io.faultline.runtime.TestFaults.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.api.FaultType;
import io.faultline.api.OnFault;
import io.faultline.api.PageRequestGroup;
import io.faultline.api.PageResponder;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Drivers compiled by the real processor, routed by the real router: deferred answers and groups. */
class AnnotatedDriverRoutingTest {

    static class Pager {
        final List<Integer> groupSizes = new ArrayList<>();
        final List<PageResponder> responders = new ArrayList<>();

        @OnFault(type = FaultType.PAGE_REQUEST, stage = Stage.PTE)
        void onPageRequest(PageRequestGroup group, PageResponder responder) {
            groupSizes.add(group.size());
            responders.add(responder);
        }

        @OnFault(type = FaultType.PAGE_REQUEST, stage = Stage.PGD)
        PageResponse onPgd(PageRequestGroup group) {
            groupSizes.add(group.size());
            return PageResponse.INVALID;
        }
    }

    @Test
    void aDeferringHandlerGetsTheWholeGroupAndAnswersOnceFromAnotherThread() throws Exception {
        TestFaults.Sink sink = new TestFaults.Sink();
        FaultRouter router = FaultRouter.builder().responseSink(sink).build();
        Pager pager = new Pager();
        router.bind(5, AnnotatedDriverRoutingTest_Pager_FaultDispatcher.of(pager));

        assertEquals(RouteOutcome.GROUP_PENDING, router.route(request(5, 1, 2, false)));
        assertEquals(RouteOutcome.GROUP_PENDING, router.route(request(5, 1, 2, false)));
        assertEquals(RouteOutcome.DEFERRED, router.route(request(5, 1, 2, true)));
        assertEquals(List.of(3), pager.groupSizes);
        assertEquals(List.of(), sink.sent);

        Thread worker = new Thread(() -> pager.responders.get(0).respond(PageResponse.SUCCESS));
        worker.start();
        worker.join();
        assertFalse(pager.responders.get(0).respond(PageResponse.FAILURE));
        assertEquals(List.of("5/1/2:SUCCESS"), sink.sent);
        assertEquals(1, router.stats().deferredAnswered());
    }

    @Test
    void aSynchronousGroupHandlerAnswersAtOnce() {
        TestFaults.Sink sink = new TestFaults.Sink();
        FaultRouter router = FaultRouter.builder().responseSink(sink).build();
        Pager pager = new Pager();
        router.bind(5, AnnotatedDriverRoutingTest_Pager_FaultDispatcher.of(pager));
        io.faultline.api.PageRequest pgd = io.faultline.api.PageRequest.builder(io.faultline.api.Family.SYNTHETIC)
                .requesterId(5).groupIndex(9).lastInGroup(true).stage(Stage.PGD).build();
        assertEquals(RouteOutcome.HANDLED, router.route(pgd));
        assertEquals(List.of("5/-1/9:INVALID"), sink.sent);
    }

    @Test
    void anUnansweredDeferredGroupIsAnsweredInvalidAtItsDeadline() {
        TestFaults.Sink sink = new TestFaults.Sink();
        TestFaults.Clock clock = new TestFaults.Clock();
        FaultRouter router = FaultRouter.builder().responseSink(sink).clock(clock)
                .responseDeadline(Duration.ofSeconds(1)).build();
        Pager pager = new Pager();
        router.bind(5, AnnotatedDriverRoutingTest_Pager_FaultDispatcher.of(pager));
        router.route(request(5, -1, 4, true));
        clock.advanceMillis(1_000);
        assertEquals(1, router.expireOverdue());
        assertEquals(List.of("5/-1/4:INVALID"), sink.sent);
        assertTrue(pager.responders.get(0).isAnswered());
        assertFalse(pager.responders.get(0).respond(PageResponse.SUCCESS), "the late answer is refused");
    }
}
