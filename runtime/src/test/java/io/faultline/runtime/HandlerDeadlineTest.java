package io.faultline.runtime;

import static io.faultline.runtime.TestFaults.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.api.PageRequest;
import io.faultline.api.PageRequestScope;
import io.faultline.api.PageResponder;
import io.faultline.api.PageResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A page-request handler that blocks must not leave its device waiting (issue: "handlers that block forever"). */
class HandlerDeadlineTest {
    final TestFaults.Sink sink = new TestFaults.Sink();
    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final List<String> routerAnswers = new CopyOnWriteArrayList<>();
    final ExecutorService routingThread = Executors.newSingleThreadExecutor();
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        routingThread.shutdownNow();
    }

    FaultRouter router() {
        return FaultRouter.builder().responseSink(sink).clock(now::get).responseDeadline(Duration.ofMillis(100)).watchHandlers(true)
                .listener(new FaultListener() {
                    @Override
                    public void answeredByRouter(PageRequest last, PageResponse response, String why) {
                        routerAnswers.add(last.groupIndex() + ":" + response + " (" + why + ")");
                    }
                }).build();
    }

    /** A driver whose handler signals entry, waits for the test, then does {@code then}. */
    TestFaults.BaseDispatcher blocking(Function<PageRequestScope, PageResponse> then) {
        return new TestFaults.BaseDispatcher() {
            @Override
            public PageResponse dispatchPageRequest(PageRequest last, PageRequestScope scope) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return then.apply(scope);
            }
        };
    }

    static Function<PageRequestScope, PageResponse> deferInto(PageResponder[] responder) {
        return scope -> {
            responder[0] = scope.defer();
            return null;
        };
    }

    Future<RouteOutcome> routeInBackground(FaultRouter router, PageRequest request) throws InterruptedException {
        Future<RouteOutcome> f = routingThread.submit(() -> router.route(request));
        assertTrue(entered.await(10, TimeUnit.SECONDS), "handler entered");
        return f;
    }

    @Test
    void aHandlerStillRunningAtTheDeadlineHasItsGroupAnsweredInvalidAndItsLateAnswerRefused() throws Exception {
        FaultRouter router = router();
        router.bind(1, blocking(scope -> PageResponse.SUCCESS));
        Future<RouteOutcome> outcome = routeInBackground(router, request(1, 4, 9, true));
        assertEquals(0, router.expireOverdue(), "first sight starts the handler's clock");
        now.addAndGet(99_000_000L);
        assertEquals(0, router.expireOverdue(), "not yet a deadline");
        now.addAndGet(1_000_000L);
        assertEquals(1, router.expireOverdue());
        assertEquals(List.of("1/4/9:INVALID"), sink.sent, "the device is answered while the handler still runs");
        assertEquals(List.of("9:INVALID (handler still running at the response deadline)"), routerAnswers);
        assertEquals(0, router.expireOverdue(), "answered once");
        release.countDown();
        assertEquals(RouteOutcome.HANDLER_TIMED_OUT, outcome.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("1/4/9:INVALID"), sink.sent, "the handler's SUCCESS came too late and was not sent");
        RouterStats s = router.stats();
        assertEquals(1, s.handlerTimeouts());
        assertEquals(1, s.rejectedAnswers());
        assertEquals(1, s.count(RouteOutcome.HANDLER_TIMED_OUT));
        assertEquals(s.received(), s.count(RouteOutcome.Category.DEFAULT));
        assertEquals(1, s.responses(PageResponse.INVALID));
    }

    @Test
    void aSynchronousRouterWatchesHandlersOnlyWhenAsked() throws Exception {
        FaultRouter router = FaultRouter.builder().responseSink(sink).clock(now::get)
                .responseDeadline(Duration.ofMillis(100)).build();
        router.bind(1, blocking(scope -> PageResponse.SUCCESS));
        Future<RouteOutcome> outcome = routeInBackground(router, request(1, 4, 9, true));
        router.expireOverdue();
        now.addAndGet(1_000_000_000L);
        assertEquals(0, router.expireOverdue(), "off by default: no atomic operation per page request");
        release.countDown();
        assertEquals(RouteOutcome.HANDLED, outcome.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("1/4/9:SUCCESS"), sink.sent);
    }

    @Test
    void aHandlerThatReturnsBeforeTheDeadlineIsTheOneAnswer() throws Exception {
        FaultRouter router = router();
        router.bind(1, blocking(scope -> PageResponse.SUCCESS));
        Future<RouteOutcome> outcome = routeInBackground(router, request(1, 4, 9, true));
        assertEquals(0, router.expireOverdue());
        now.addAndGet(50_000_000L);
        assertEquals(0, router.expireOverdue());
        release.countDown();
        assertEquals(RouteOutcome.HANDLED, outcome.get(10, TimeUnit.SECONDS));
        now.addAndGet(500_000_000L);
        assertEquals(0, router.expireOverdue(), "nothing running any more");
        assertEquals(List.of("1/4/9:SUCCESS"), sink.sent);
        assertEquals(0, router.stats().handlerTimeouts());
    }

    @Test
    void aHandlerThatDefersAfterTheDeadlineGetsAResponderThatRefuses() throws Exception {
        FaultRouter router = router();
        PageResponder[] responder = new PageResponder[1];
        router.bind(1, blocking(deferInto(responder)));
        Future<RouteOutcome> outcome = routeInBackground(router, request(1, -1, 2, true));
        router.expireOverdue();
        now.addAndGet(100_000_000L);
        assertEquals(1, router.expireOverdue());
        release.countDown();
        assertEquals(RouteOutcome.HANDLER_TIMED_OUT, outcome.get(10, TimeUnit.SECONDS));
        assertTrue(responder[0].isAnswered());
        assertFalse(responder[0].respond(PageResponse.SUCCESS), "answered already, by the router");
        assertEquals(0, router.pendingGroups());
        assertEquals(List.of("1/-1/2:INVALID"), sink.sent);
    }

    @Test
    void aHandlerThatDefersInTimeIsBoundByTheDeferredDeadlineNotTheWatch() throws Exception {
        FaultRouter router = router();
        PageResponder[] responder = new PageResponder[1];
        router.bind(1, blocking(deferInto(responder)));
        Future<RouteOutcome> outcome = routeInBackground(router, request(1, -1, 2, true));
        router.expireOverdue();
        release.countDown();
        assertEquals(RouteOutcome.DEFERRED, outcome.get(10, TimeUnit.SECONDS));
        now.addAndGet(60_000_000L);
        assertEquals(0, router.expireOverdue());
        assertTrue(responder[0].respond(PageResponse.SUCCESS));
        assertEquals(List.of("1/-1/2:SUCCESS"), sink.sent);
    }

    @Test
    void aHandlerThatThrowsAfterTheDeadlineIsNotAnsweredTwice() throws Exception {
        FaultRouter router = router();
        router.bind(1, blocking(scope -> {
            throw new IllegalStateException("gave up");
        }));
        Future<RouteOutcome> outcome = routeInBackground(router, request(1, -1, 3, true));
        router.expireOverdue();
        now.addAndGet(100_000_000L);
        assertEquals(1, router.expireOverdue());
        release.countDown();
        assertEquals(RouteOutcome.HANDLER_TIMED_OUT, outcome.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("1/-1/3:INVALID"), sink.sent);
    }

    @Test
    void theAsyncRoutersWatchdogAnswersForAWorkerStuckInAHandler() throws Exception {
        AsyncFaultRouter router = AsyncFaultRouter.builder()
                .router(FaultRouter.builder().responseSink(sink).responseDeadline(Duration.ofMillis(30))).build();
        router.bind(1, blocking(scope -> PageResponse.SUCCESS));
        router.submit(request(1, -1, 5, true));
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sink.sent.isEmpty() && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertEquals(List.of("1/-1/5:INVALID"), sink.sent, "answered by the watchdog, nobody called expireOverdue");
        release.countDown();
        assertTrue(router.shutdown(Duration.ofSeconds(10)));
        assertEquals(List.of("1/-1/5:INVALID"), sink.sent);
        assertEquals(1, router.stats().count(RouteOutcome.HANDLER_TIMED_OUT));
    }

    @Test
    void shutdownAnswersTheGroupOfAWorkerThatNeverReturns() throws Exception {
        AsyncFaultRouter router = AsyncFaultRouter.builder()
                .router(FaultRouter.builder().responseSink(sink).responseDeadline(Duration.ofHours(1))).build();
        router.bind(1, blocking(scope -> PageResponse.SUCCESS));
        router.submit(request(1, -1, 6, true));
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        assertFalse(router.shutdown(Duration.ofMillis(50)), "the worker did not drain");
        assertEquals(List.of("1/-1/6:INVALID"), sink.sent);
        assertEquals(1, router.stats().handlerTimeouts());
    }
}
