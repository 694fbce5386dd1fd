package io.faultline.runtime;

import static io.faultline.runtime.TestFaults.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.api.Disposition;
import io.faultline.api.Family;
import io.faultline.api.FaultType;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class AsyncFaultRouterTest {

    /** Records, per device, the sequence numbers (carried in the address) in the order handled. */
    static final class OrderRecorder extends TestFaults.AnsweringDispatcher {
        final Map<Integer, List<Long>> seen = new ConcurrentHashMap<>();

        OrderRecorder() {
            super(PageResponse.SUCCESS);
        }

        @Override
        public Disposition dispatchUnrecoverable(UnrecoverableFault fault) {
            seen.computeIfAbsent(fault.requesterId(), k -> new ArrayList<>()).add(fault.address());
            return Disposition.HANDLED;
        }
    }

    static UnrecoverableFault numbered(int rid, long seq) {
        return UnrecoverableFault.builder(Family.SYNTHETIC).requesterId(rid).stage(Stage.PTE).address(seq).build();
    }

    @Test
    void eachDevicesFaultsStayInOrderAcrossWorkersAndProducers() throws Exception {
        OrderRecorder driver = new OrderRecorder();
        AsyncFaultRouter router = AsyncFaultRouter.builder().workers(3).queueCapacity(64).build();
        for (int rid = 0; rid < 8; rid++) {
            router.bind(rid, driver);
        }
        int perDevice = 5_000;
        Thread[] producers = new Thread[2];
        for (int p = 0; p < producers.length; p++) {
            int first = p * 4;
            producers[p] = new Thread(() -> {
                for (long seq = 0; seq < perDevice; seq++) {
                    for (int rid = first; rid < first + 4; rid++) {
                        router.submit(numbered(rid, seq));
                    }
                }
            });
            producers[p].start();
        }
        for (Thread t : producers) {
            t.join();
        }
        assertTrue(router.shutdown(Duration.ofSeconds(30)));
        for (int rid = 0; rid < 8; rid++) {
            List<Long> seen = driver.seen.get(rid);
            assertEquals(perDevice, seen.size(), "device " + rid);
            for (int i = 0; i < perDevice; i++) {
                assertEquals(i, seen.get(i).longValue(), "device " + rid + " out of order");
            }
        }
        RouterStats s = router.stats();
        assertEquals(8L * perDevice, s.received());
        assertEquals(8L * perDevice, s.count(RouteOutcome.HANDLED, FaultType.UNRECOVERABLE, Stage.PTE));
    }

    @Test
    void rejectPolicyCountsDropsAndAnswersClosingPageRequests() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        TestFaults.Sink sink = new TestFaults.Sink();
        TestFaults.AnsweringDispatcher blocking = new TestFaults.AnsweringDispatcher(PageResponse.SUCCESS) {
            @Override
            public Disposition dispatchUnrecoverable(UnrecoverableFault fault) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Disposition.HANDLED;
            }
        };
        AsyncFaultRouter router = AsyncFaultRouter.builder().queueCapacity(4)
                .whenFull(AsyncFaultRouter.WhenFull.REJECT)
                .router(FaultRouter.builder().responseSink(sink)).build();
        router.bind(1, blocking);
        assertTrue(router.submit(numbered(1, 0)));
        entered.await(); // the worker is stuck in the handler: the queue fills up
        int accepted = 1;
        int rejected = 0;
        for (int i = 1; i < 20; i++) {
            if (router.submit(numbered(1, i))) {
                accepted++;
            } else {
                rejected++;
            }
        }
        assertFalse(router.submit(request(1, -1, 5, true)));
        assertEquals(List.of("1/-1/5:INVALID"), sink.sent, "a rejected closing request is answered at once");
        release.countDown();
        assertTrue(router.shutdown(Duration.ofSeconds(10)));
        RouterStats s = router.stats();
        assertEquals(4 + 1, accepted, "one in the handler, four queued");
        assertEquals(rejected + 1, s.count(RouteOutcome.DROPPED_QUEUE_FULL));
        assertEquals(accepted, s.count(RouteOutcome.HANDLED));
        assertEquals(21, s.received());
        assertEquals(s.received(), s.count(RouteOutcome.Category.HANDLED) + s.count(RouteOutcome.Category.DROPPED));
    }

    @Test
    void shutdownDrainsQueuedFaultsAnswersDeferredGroupsAndRefusesNewOnes() {
        TestFaults.Sink sink = new TestFaults.Sink();
        TestFaults.DeferringDispatcher deferring = new TestFaults.DeferringDispatcher();
        AsyncFaultRouter router = AsyncFaultRouter.builder()
                .router(FaultRouter.builder().responseSink(sink)).build();
        router.bind(1, deferring);
        for (int g = 0; g < 10; g++) {
            router.submit(request(1, -1, g, true));
        }
        assertTrue(router.shutdown(Duration.ofSeconds(10)));
        assertEquals(10, sink.sent.size(), "every deferred group answered at shutdown");
        assertTrue(sink.sent.stream().allMatch(x -> x.endsWith(":INVALID")));
        assertFalse(router.submit(request(1, -1, 99, true)));
        assertEquals(11, sink.sent.size());
        RouterStats s = router.stats();
        assertEquals(1, s.count(RouteOutcome.DROPPED_SHUTDOWN));
        assertEquals(10, s.deferredCancelled());
    }

    @Test
    void workersExpireOverdueDeferredAnswersByThemselves() throws Exception {
        TestFaults.Sink sink = new TestFaults.Sink();
        AsyncFaultRouter router = AsyncFaultRouter.builder().idlePoll(Duration.ofMillis(1))
                .router(FaultRouter.builder().responseSink(sink).responseDeadline(Duration.ofMillis(20))).build();
        router.bind(1, new TestFaults.DeferringDispatcher());
        router.submit(request(1, -1, 1, true));
        long until = System.nanoTime() + 10_000_000_000L;
        while (sink.sent.isEmpty() && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertEquals(List.of("1/-1/1:INVALID"), sink.sent);
        router.close();
        assertEquals(1, router.stats().deferredExpired());
    }

    @Test
    void discardPartialGroupsRunsOnTheWorkerInOrderWithTheFaultsAroundIt() {
        TestFaults.Sink sink = new TestFaults.Sink();
        TestFaults.AnsweringDispatcher driver = new TestFaults.AnsweringDispatcher(PageResponse.SUCCESS);
        List<String> dropped = new CopyOnWriteArrayList<>();
        AsyncFaultRouter router = AsyncFaultRouter.builder().workers(2)
                .router(FaultRouter.builder().responseSink(sink).listener(new FaultListener() {
                    @Override
                    public void partialRequestDropped(PageRequest request, String why) {
                        dropped.add(request.requesterId() + "/" + request.groupIndex());
                    }
                })).build();
        router.bind(1, driver);
        router.bind(2, driver);
        router.submit(request(1, -1, 7, false));
        router.submit(request(1, -1, 7, false));
        router.submit(request(2, -1, 3, false));
        router.discardPartialGroups(); // the hardware queue overflowed: those groups may never close
        router.submit(request(1, -1, 7, true)); // a new group 7 after the overflow: only this request
        router.submit(request(2, -1, 3, false));
        router.submit(request(2, -1, 3, true));
        assertTrue(router.shutdown(Duration.ofSeconds(10)));
        assertEquals(List.of("1/-1/7:SUCCESS", "2/-1/3:SUCCESS"), sink.sent.stream().sorted().toList());
        assertEquals(List.of("1/7", "1/7", "2/3"), dropped.stream().sorted().toList());
        assertEquals(List.of(1, 2), driver.groupSizes.stream().sorted().toList(),
                "requests queued before the discard never join a group closed after it");
        assertEquals(3, router.stats().partialRequestsDropped());
    }

    @Test
    void faultsSubmittedWhileShuttingDownAreRoutedOrCountedNeverLost() throws Exception {
        for (int round = 0; round < 20; round++) {
            TestFaults.Sink sink = new TestFaults.Sink();
            TestFaults.AnsweringDispatcher driver = new TestFaults.AnsweringDispatcher(PageResponse.SUCCESS);
            AsyncFaultRouter router = AsyncFaultRouter.builder().workers(2).queueCapacity(16)
                    .router(FaultRouter.builder().responseSink(sink)).build();
            for (int rid = 0; rid < 4; rid++) {
                router.bind(rid, driver);
            }
            int perProducer = 2_000;
            CountDownLatch started = new CountDownLatch(2);
            Thread[] producers = new Thread[2];
            for (int p = 0; p < producers.length; p++) {
                int base = p * 2;
                producers[p] = new Thread(() -> {
                    started.countDown();
                    for (int i = 0; i < perProducer; i++) {
                        router.submit(i % 2 == 0 ? numbered(base + (i / 2) % 2, i) : request(base, -1, i, true));
                    }
                });
                producers[p].start();
            }
            started.await();
            router.shutdown(Duration.ofSeconds(10));
            for (Thread t : producers) {
                t.join();
            }
            RouterStats s = router.stats();
            assertEquals(2L * perProducer, s.received(), "round " + round + ": every submitted fault counted once");
            assertEquals(s.received(), s.count(RouteOutcome.Category.HANDLED) + s.count(RouteOutcome.Category.DROPPED),
                    "round " + round);
            assertEquals(perProducer, sink.sent.size(), "round " + round + ": every closing request answered once");
        }
    }
}
