package io.faultline.runtime;

import static io.faultline.runtime.TestFaults.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.api.Fault;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponder;
import io.faultline.api.PageResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageRequestGroupsTest {
    final TestFaults.Sink sink = new TestFaults.Sink();
    final TestFaults.Clock clock = new TestFaults.Clock();
    final List<String> routerAnswers = new ArrayList<>();
    final List<String> dropped = new ArrayList<>();
    final FaultListener listener = new FaultListener() {
        @Override
        public void answeredByRouter(PageRequest last, PageResponse response, String why) {
            routerAnswers.add(last.groupIndex() + ":" + response + " (" + why + ")");
        }

        @Override
        public void partialRequestDropped(PageRequest request, String why) {
            dropped.add(request.groupIndex() + ": " + why);
        }
    };

    FaultRouter.Builder builder() {
        return FaultRouter.builder().responseSink(sink).listener(listener).clock(clock)
                .responseDeadline(Duration.ofMillis(100));
    }

    @Test
    void requestsAreCollectedUntilTheLastAndTheGroupIsRoutedOnce() {
        FaultRouter router = builder().build();
        TestFaults.AnsweringDispatcher d = new TestFaults.AnsweringDispatcher(PageResponse.SUCCESS);
        router.bind(1, d);
        assertEquals(RouteOutcome.GROUP_PENDING, router.route(request(1, 7, 3, false)));
        assertEquals(RouteOutcome.GROUP_PENDING, router.route(request(1, 7, 3, false)));
        assertEquals(RouteOutcome.GROUP_PENDING, router.route(request(1, 8, 3, false))); // other PASID: other group
        assertEquals(1 + 1, router.openGroups());
        assertEquals(RouteOutcome.HANDLED, router.route(request(1, 7, 3, true)));
        assertEquals(List.of(3), d.groupSizes);
        assertEquals(List.of("1/7/3:SUCCESS"), sink.sent);
        assertEquals(1, router.openGroups());
    }

    @Test
    void deferredHandlerAnswersLaterFromAnotherThreadExactlyOnce() throws Exception {
        FaultRouter router = builder().build();
        TestFaults.DeferringDispatcher d = new TestFaults.DeferringDispatcher();
        router.bind(1, d);
        assertEquals(RouteOutcome.DEFERRED, router.route(request(1, 5, 9, true)));
        assertEquals(List.of(), sink.sent);
        assertEquals(1, router.pendingGroups());

        PageResponder responder = d.responders.get(0);
        boolean[] first = new boolean[1];
        Thread t = new Thread(() -> first[0] = responder.respond(PageResponse.SUCCESS));
        t.start();
        t.join();
        assertTrue(first[0]);
        assertFalse(responder.respond(PageResponse.FAILURE), "a second answer is refused");
        assertEquals(List.of("1/5/9:SUCCESS"), sink.sent);
        RouterStats s = router.stats();
        assertEquals(1, s.deferredAnswered());
        assertEquals(1, s.rejectedAnswers());
        assertEquals(0, router.pendingGroups());
    }

    @Test
    void deadlinePassedIsAnsweredInvalidAndTheLateAnswerRefused() {
        FaultRouter router = builder().build();
        TestFaults.DeferringDispatcher d = new TestFaults.DeferringDispatcher();
        router.bind(1, d);
        router.route(request(1, -1, 1, true));
        clock.advanceMillis(99);
        assertEquals(0, router.expireOverdue());
        clock.advanceMillis(1);
        assertEquals(1, router.expireOverdue());
        assertEquals(List.of("1/-1/1:INVALID"), sink.sent);
        assertEquals(List.of("1:INVALID (response deadline passed)"), routerAnswers);
        assertFalse(d.responders.get(0).respond(PageResponse.SUCCESS));
        assertEquals(1, sink.sent.size());
        assertEquals(1, router.stats().deferredExpired());
    }

    @Test
    void unbindAnswersTheDriversPendingGroups() {
        FaultRouter router = builder().build();
        TestFaults.DeferringDispatcher d = new TestFaults.DeferringDispatcher();
        router.bind(1, d);
        router.bind(2, d);
        router.route(request(1, -1, 1, true));
        router.route(request(2, -1, 1, true));
        router.unbind(1);
        assertEquals(List.of("1/-1/1:INVALID"), sink.sent);
        assertEquals(List.of("1:INVALID (device unbound)"), routerAnswers);
        assertEquals(1, router.pendingGroups());
    }

    @Test
    void pasidTeardownAnswersOnlyThatPasidsGroups() {
        FaultRouter router = builder().build();
        TestFaults.DeferringDispatcher d = new TestFaults.DeferringDispatcher();
        router.bind(1, d);
        router.route(request(1, 4, 1, true));
        router.route(request(1, 5, 2, true));
        assertEquals(1, router.tearDownPasid(1, 4));
        assertEquals(List.of("1/4/1:INVALID"), sink.sent);
        assertEquals(1, router.pendingGroups());
    }

    @Test
    void respondByAddressFindsPendingGroupsAndRefusesUnknownOnes() {
        FaultRouter router = builder().build();
        router.bind(1, new TestFaults.DeferringDispatcher());
        router.route(request(1, 4, 6, true));
        assertFalse(router.respond(1, 4, 7, PageResponse.SUCCESS));
        assertTrue(router.respond(1, 4, 6, PageResponse.SUCCESS));
        assertFalse(router.respond(1, 4, 6, PageResponse.SUCCESS));
        assertEquals(List.of("1/4/6:SUCCESS"), sink.sent);
        assertEquals(2, router.stats().unknownGroupResponses());
    }

    @Test
    void pendingTableFullAnswersAtOnceAndRefusesTheHandlersLaterAnswer() {
        FaultRouter router = builder().maxPendingGroups(1).build();
        TestFaults.DeferringDispatcher d = new TestFaults.DeferringDispatcher();
        router.bind(1, d);
        assertEquals(RouteOutcome.DEFERRED, router.route(request(1, -1, 1, true)));
        assertEquals(RouteOutcome.DROPPED_TABLE_FULL, router.route(request(1, -1, 2, true)));
        assertEquals(List.of("1/-1/2:INVALID"), sink.sent);
        assertFalse(d.responders.get(1).respond(PageResponse.SUCCESS));
        assertTrue(d.responders.get(0).respond(PageResponse.SUCCESS));
        assertEquals(2, sink.sent.size());
    }

    @Test
    void lastRequestReusingAPendingGroupIndexIsCountedNotAnsweredTwice() {
        FaultRouter router = builder().build();
        TestFaults.DeferringDispatcher d = new TestFaults.DeferringDispatcher();
        router.bind(1, d);
        router.route(request(1, -1, 3, true));
        assertEquals(RouteOutcome.DROPPED_DUPLICATE_GROUP, router.route(request(1, -1, 3, true)));
        d.responders.get(0).respond(PageResponse.SUCCESS);
        assertEquals(List.of("1/-1/3:SUCCESS"), sink.sent);
        assertEquals(1, d.responders.size());
    }

    @Test
    void groupsThatNeverCloseAreBoundedAndTimedOut() {
        FaultRouter router = builder().maxOpenGroups(2, 3).partialGroupTimeout(Duration.ofSeconds(1)).build();
        router.bind(1, new TestFaults.AnsweringDispatcher(PageResponse.SUCCESS));
        assertEquals(RouteOutcome.GROUP_PENDING, router.route(request(1, -1, 1, false)));
        assertEquals(RouteOutcome.GROUP_PENDING, router.route(request(1, -1, 2, false)));
        assertEquals(RouteOutcome.DROPPED_TABLE_FULL, router.route(request(1, -1, 3, false)));
        router.route(request(1, -1, 1, false));
        router.route(request(1, -1, 1, false));
        assertEquals(RouteOutcome.DROPPED_TABLE_FULL, router.route(request(1, -1, 1, false)), "4th request of a group of at most 3");
        clock.advanceMillis(1000);
        assertEquals(RouteOutcome.GROUP_PENDING, router.route(request(1, -1, 4, false)), "full table swept of stale groups");
        assertEquals(1, router.openGroups());
        assertEquals(2 + 4, router.stats().partialRequestsDropped());
        assertEquals(6, dropped.size());
        assertEquals(List.of(), sink.sent, "a group without its last request gets no response");
    }

    @Test
    void overflowDiscardsOpenGroups() {
        FaultRouter router = builder().build();
        router.bind(1, new TestFaults.AnsweringDispatcher(PageResponse.SUCCESS));
        router.route(request(1, -1, 1, false));
        router.route(request(1, -1, 2, false));
        assertEquals(2, router.discardPartialGroups());
        assertEquals(0, router.openGroups());
        // The last request alone still closes (and answers) its group.
        assertEquals(RouteOutcome.HANDLED, router.route(request(1, -1, 1, true)));
    }

    @Test
    void handlerThatDefersThenThrowsStillAnswersOnce() {
        FaultRouter router = builder().build();
        router.bind(1, new TestFaults.BaseDispatcher() {
            @Override
            public PageResponse dispatchPageRequest(PageRequest last, io.faultline.api.PageRequestScope scope) {
                scope.defer();
                throw new IllegalStateException("after defer");
            }
        });
        assertEquals(RouteOutcome.HANDLER_FAILED, router.route(request(1, -1, 1, true)));
        assertEquals(List.of("1/-1/1:INVALID"), sink.sent);
        assertEquals(0, router.pendingGroups());
    }

    @Test
    void handlerThatThrowsAnErrorDoesNotStopTheRouter() {
        FaultRouter router = builder().build();
        router.bind(1, new TestFaults.BaseDispatcher() {
            @Override
            public PageResponse dispatchPageRequest(PageRequest last, io.faultline.api.PageRequestScope scope) {
                throw new LinkageError("not a VM error");
            }
        });
        assertEquals(RouteOutcome.HANDLER_FAILED, router.route(request(1, -1, 1, true)));
        assertEquals(RouteOutcome.HANDLER_FAILED, router.route(request(1, -1, 2, true)));
        assertEquals(2, sink.sent.size());
    }

    @Test
    void faultWithoutRequesterIdIsCountedUnderOtherDevices() {
        FaultRouter router = builder().build();
        Fault f = io.faultline.api.UnrecoverableFault.builder(io.faultline.api.Family.SYNTHETIC).build();
        router.route(f);
        RouterStats.DeviceStats other = router.stats().devices().get(0);
        assertTrue(other.isOtherDevices());
        assertEquals(1, other.received());
    }
}
