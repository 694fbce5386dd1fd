package io.faultline.runtime;

import static io.faultline.runtime.AsyncFaultRouterTest.numbered;
import static io.faultline.runtime.TestFaults.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.api.Disposition;
import io.faultline.api.Fault;
import io.faultline.api.PageRequest;
import io.faultline.api.PageRequestScope;
import io.faultline.api.PageResponse;
import io.faultline.api.UnrecoverableFault;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The router's less travelled roads: callbacks that throw {@code Error}s, a full queue that drops
 * the oldest fault, a group index answered while a deferred answer for it is pending, open groups
 * at shutdown, a handler stuck past shutdown, a scope kept past its handler, and an unbind racing
 * a handler that defers.
 */
class RouterHardeningTest {

    /** Blocks in its unrecoverable handler until released. */
    static class Blocking extends TestFaults.AnsweringDispatcher {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<Long> handled = new CopyOnWriteArrayList<>();

        Blocking() {
            super(PageResponse.SUCCESS);
        }

        @Override
        public Disposition dispatchUnrecoverable(UnrecoverableFault fault) {
            if (fault.address() == 0) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            handled.add(fault.address());
            return Disposition.HANDLED;
        }
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertTrue(latch.await(10, TimeUnit.SECONDS), "timed out");
    }

    @Test
    void aSinkThatThrowsAnErrorIsCountedAndTheRouterCarriesOn() {
        FaultRouter router = FaultRouter.builder().responseSink((last, response) -> {
            throw new AssertionError("sink bug");
        }).build();
        router.bind(1, new TestFaults.AnsweringDispatcher(PageResponse.SUCCESS));
        assertEquals(RouteOutcome.HANDLED, router.route(request(1, -1, 1, true)));
        assertEquals(RouteOutcome.HANDLED, router.route(request(1, -1, 2, true)));
        RouterStats s = router.stats();
        assertEquals(2, s.responseFailures());
        assertEquals(2, s.received());
    }

    @Test
    void aListenerThatThrowsAnErrorIsCountedAndTheFaultStillCounted() {
        FaultRouter router = FaultRouter.builder().listener(new FaultListener() {
            @Override
            public void unhandled(Fault fault, RouteOutcome why) {
                throw new LinkageError("listener bug");
            }
        }).build();
        assertEquals(RouteOutcome.NO_DRIVER, router.route(numbered(9, 1)));
        RouterStats s = router.stats();
        assertEquals(1, s.listenerFailures());
        assertEquals(1, s.count(RouteOutcome.NO_DRIVER));
    }

    @Test
    void anAsyncWorkerSurvivesASinkThatThrowsAnError() {
        AsyncFaultRouter router = AsyncFaultRouter.builder().router(FaultRouter.builder().responseSink((last, r) -> {
            throw new AssertionError("sink bug");
        })).build();
        router.bind(1, new TestFaults.AnsweringDispatcher(PageResponse.SUCCESS));
        router.submit(request(1, -1, 1, true));
        router.submit(numbered(1, 7));
        assertTrue(router.shutdown(Duration.ofSeconds(10)), "the worker kept draining");
        RouterStats s = router.stats();
        assertEquals(2, s.count(RouteOutcome.HANDLED));
        assertEquals(1, s.responseFailures());
    }

    @Test
    void dropOldestKeepsTheNewestFaultsAndAnswersADroppedClosingRequest() throws Exception {
        TestFaults.Sink sink = new TestFaults.Sink();
        Blocking driver = new Blocking();
        AsyncFaultRouter router = AsyncFaultRouter.builder().queueCapacity(2)
                .whenFull(AsyncFaultRouter.WhenFull.DROP_OLDEST)
                .router(FaultRouter.builder().responseSink(sink)).build();
        router.bind(1, driver);
        assertTrue(router.submit(numbered(1, 0)));
        await(driver.entered); // the worker is stuck: the queue (2 slots) fills
        assertTrue(router.submit(request(1, -1, 4, true)));
        assertTrue(router.submit(numbered(1, 2)));
        assertTrue(router.submit(numbered(1, 3))); // drops the closing request, the oldest
        assertEquals(List.of("1/-1/4:INVALID"), sink.sent, "the dropped closing request is answered at once");
        assertTrue(router.submit(numbered(1, 5))); // drops fault 2
        driver.release.countDown();
        assertTrue(router.shutdown(Duration.ofSeconds(10)));
        assertEquals(List.of(0L, 3L, 5L), driver.handled, "the newest faults were kept, in order");
        RouterStats s = router.stats();
        assertEquals(2, s.count(RouteOutcome.DROPPED_QUEUE_FULL));
        assertEquals(5, s.received());
        assertEquals(s.received(), s.count(RouteOutcome.Category.HANDLED) + s.count(RouteOutcome.Category.DROPPED));
    }

    @Test
    void aQuarantinedDuplicateOfAPendingGroupIsNotAnsweredASecondTime() {
        TestFaults.Sink sink = new TestFaults.Sink();
        TestFaults.Clock clock = new TestFaults.Clock();
        FaultRouter router = FaultRouter.builder().responseSink(sink).clock(clock)
                .stormControl(StormControl.of(2, Duration.ofSeconds(1), Duration.ofSeconds(10))).build();
        TestFaults.DeferringDispatcher driver = new TestFaults.DeferringDispatcher();
        router.bind(1, driver);
        assertEquals(RouteOutcome.DEFERRED, router.route(request(1, 0, 3, true)));
        router.route(numbered(1, 1));
        assertEquals(RouteOutcome.DROPPED_QUARANTINED, router.route(request(1, 0, 3, true)), "over the limit");
        assertEquals(List.of(), sink.sent, "the pending deferred answer will complete group 3");
        assertTrue(driver.responders.get(0).respond(PageResponse.SUCCESS));
        assertEquals(List.of("1/0/3:SUCCESS"), sink.sent);
    }

    @Test
    void aRejectedDuplicateOfAPendingGroupIsNotAnsweredASecondTime() throws Exception {
        TestFaults.Sink sink = new TestFaults.Sink();
        List<io.faultline.api.PageResponder> responders = new CopyOnWriteArrayList<>();
        Blocking driver = new Blocking() {
            @Override
            public PageResponse dispatchPageRequest(PageRequest last, PageRequestScope scope) {
                responders.add(scope.defer());
                return null;
            }
        };
        AsyncFaultRouter router = AsyncFaultRouter.builder().queueCapacity(2)
                .whenFull(AsyncFaultRouter.WhenFull.REJECT)
                .router(FaultRouter.builder().responseSink(sink)).build();
        router.bind(1, driver);
        router.submit(request(1, 0, 6, true)); // deferred by the handler
        router.submit(numbered(1, 0)); // then the worker blocks
        await(driver.entered);
        router.submit(numbered(1, 1));
        router.submit(numbered(1, 2));
        assertFalse(router.submit(request(1, 0, 6, true)), "queue full: rejected");
        assertEquals(List.of(), sink.sent, "group 6 awaits its deferred answer: nothing sent for the duplicate");
        assertTrue(responders.get(0).respond(PageResponse.SUCCESS));
        driver.release.countDown();
        assertTrue(router.shutdown(Duration.ofSeconds(10)));
        assertEquals(List.of("1/0/6:SUCCESS"), sink.sent);
    }

    @Test
    void shutdownDropsAndReportsGroupsThatNeverClosed() {
        List<PageRequest> dropped = new CopyOnWriteArrayList<>();
        AsyncFaultRouter router = AsyncFaultRouter.builder().router(FaultRouter.builder().listener(new FaultListener() {
            @Override
            public void partialRequestDropped(PageRequest request, String why) {
                dropped.add(request);
            }
        })).build();
        router.bind(1, new TestFaults.AnsweringDispatcher(PageResponse.SUCCESS));
        PageRequest open = request(1, 0, 2, false);
        router.submit(open);
        assertTrue(router.shutdown(Duration.ofSeconds(10)));
        assertEquals(List.of(open), dropped);
        assertEquals(1, router.stats().partialRequestsDropped());
    }

    @Test
    void faultsQueuedBehindAHandlerStuckPastShutdownAreAnsweredWhenItReturns() throws Exception {
        TestFaults.Sink sink = new TestFaults.Sink();
        Blocking driver = new Blocking();
        AsyncFaultRouter router = AsyncFaultRouter.builder().router(FaultRouter.builder().responseSink(sink)).build();
        router.bind(1, driver);
        router.submit(numbered(1, 0));
        await(driver.entered);
        router.submit(request(1, -1, 8, true));
        assertFalse(router.shutdown(Duration.ofMillis(50)), "a handler is still running");
        assertEquals(1, router.queued(), "the closing request waits behind the stuck handler, visibly");
        driver.release.countDown();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (router.queued() > 0 && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        while (sink.sent.isEmpty() && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertEquals(List.of("1/-1/8:INVALID"), sink.sent);
        assertEquals(1, router.stats().count(RouteOutcome.DROPPED_SHUTDOWN));
        assertEquals(0, router.queued());
    }

    @Test
    void aScopeKeptPastItsHandlerRefusesToDefer() {
        PageRequestScope[] kept = new PageRequestScope[1];
        TestFaults.BaseDispatcher keeper = new TestFaults.BaseDispatcher() {
            @Override
            public PageResponse dispatchPageRequest(PageRequest last, PageRequestScope scope) {
                kept[0] = scope;
                return PageResponse.SUCCESS;
            }
        };
        FaultRouter router = FaultRouter.builder().responseSink(new TestFaults.Sink()).build();
        router.bind(1, keeper);
        router.route(request(1, 0, 1, true));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> kept[0].defer());
        assertTrue(e.getMessage().contains("only while its handler runs"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> kept[0].group());
    }

    @Test
    void aGroupDeferredAfterItsPasidWasTornDownIsAnsweredAtOnceAndOtherPasidsWait() {
        TestFaults.Sink sink = new TestFaults.Sink();
        FaultRouter[] router = new FaultRouter[1];
        TestFaults.BaseDispatcher driver = new TestFaults.BaseDispatcher() {
            @Override
            public PageResponse dispatchPageRequest(PageRequest last, PageRequestScope scope) {
                router[0].tearDownPasid(1, 2); // another thread could do this while the handler runs
                scope.defer();
                return null;
            }
        };
        router[0] = FaultRouter.builder().responseSink(sink).build();
        router[0].bind(1, driver);
        assertEquals(RouteOutcome.DEFERRED, router[0].route(request(1, 2, 4, true)));
        assertEquals(List.of("1/2/4:INVALID"), sink.sent, "its PASID went away while the handler ran");
        assertEquals(RouteOutcome.DEFERRED, router[0].route(request(1, 3, 5, true)));
        assertEquals(List.of("1/2/4:INVALID"), sink.sent, "PASID 3 was not torn down: it waits for its answer");
        assertEquals(1, router[0].pendingGroups());
    }

    @Test
    void theTeardownLogCountsTeardownsAfterOrStillRunningWhenAHandlerStartedAndIsConservativeBeyondItsSize() {
        TeardownLog log = new TeardownLog();
        long start = log.settled();
        log.begin(1, 7);
        long startedDuringTeardown = log.settled();
        assertTrue(log.tornDownSince(start, 1, 7));
        assertTrue(log.tornDownSince(startedDuringTeardown, 1, 7), "still cancelling when the handler started");
        log.end();
        assertFalse(log.tornDownSince(start, 1, 8));
        assertFalse(log.tornDownSince(log.settled(), 1, 7), "finished before the handler started: does not count");
        for (int i = 0; i < 100; i++) {
            log.begin(2, i);
            log.end();
        }
        assertTrue(log.tornDownSince(start, 9, 9), "more teardowns than kept: answer now rather than wait");
    }

    @Test
    void aGroupDeferredAfterItsDriverWasUnboundIsAnsweredAtOnce() {
        TestFaults.Sink sink = new TestFaults.Sink();
        FaultRouter[] router = new FaultRouter[1];
        List<io.faultline.api.PageResponder> responders = new CopyOnWriteArrayList<>();
        TestFaults.BaseDispatcher driver = new TestFaults.BaseDispatcher() {
            @Override
            public PageResponse dispatchPageRequest(PageRequest last, PageRequestScope scope) {
                router[0].unbind(1); // another thread could do this while the handler runs
                responders.add(scope.defer());
                return null;
            }
        };
        router[0] = FaultRouter.builder().responseSink(sink).build();
        router[0].bind(1, driver);
        assertEquals(RouteOutcome.DEFERRED, router[0].route(request(1, 0, 4, true)));
        assertEquals(List.of("1/0/4:INVALID"), sink.sent, "answered now, not at the deadline");
        assertFalse(responders.get(0).respond(PageResponse.SUCCESS), "the handler's late answer is refused");
        RouterStats s = router[0].stats();
        assertEquals(1, s.deferredCancelled());
        assertEquals(0, router[0].pendingGroups());
    }
}
