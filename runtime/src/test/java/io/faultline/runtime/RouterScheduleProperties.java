package io.faultline.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.faultline.api.Disposition;
import io.faultline.api.Family;
import io.faultline.api.FaultType;
import io.faultline.api.PageRequest;
import io.faultline.api.PageRequestScope;
import io.faultline.api.PageResponder;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random schedules of interleaved requests, group completions, handler throws, deferred and late
 * answers, double answers, timeouts, unbinds, PASID teardowns, overflows and full tables. After
 * every schedule, and once everything pending has been flushed: each group that closed was
 * answered exactly once, nothing else was answered, and the counters add up.
 */
class RouterScheduleProperties {

    /** Each routed group's handler behaviour comes from the schedule. */
    static final class ScheduledDispatcher implements io.faultline.api.FaultDispatcher<Object> {
        int nextBehaviour;
        final List<PageResponder> responders = new ArrayList<>();

        @Override
        public Object driver() {
            return this;
        }

        @Override
        public Disposition dispatchUnrecoverable(UnrecoverableFault fault) {
            switch (nextBehaviour % 4) {
                case 0:
                    return Disposition.HANDLED;
                case 1:
                    return Disposition.DEFAULT_ACTION;
                case 2:
                    return null;
                default:
                    throw new IllegalStateException("handler bug");
            }
        }

        @Override
        public PageResponse dispatchPageRequest(PageRequest request) {
            throw new AssertionError("scoped variant expected");
        }

        @Override
        public PageResponse dispatchPageRequest(PageRequest last, PageRequestScope scope) {
            int behaviour = nextBehaviour % 7;
            if (behaviour < 4) {
                return answerAtOnce(behaviour);
            }
            switch (behaviour) {
                case 4:
                    scope.defer();
                    throw new IllegalStateException("deferred, then threw");
                case 5:
                    responders.add(scope.defer());
                    return PageResponse.SUCCESS; // deferred and answered at once
                default:
                    responders.add(scope.defer());
                    return null;
            }
        }

        @Override
        public boolean handles(FaultType type, Stage stage) {
            return true;
        }
    }

    /**
     * A driver whose handlers take neither a group nor a responder, as the processor generates it: the
     * router must call the plain variant and never set up a scope for it.
     */
    static final class ScopelessDispatcher extends TestFaults.BaseDispatcher {
        int nextBehaviour;

        @Override
        public PageResponse dispatchPageRequest(PageRequest request) {
            return answerAtOnce(nextBehaviour % 4);
        }

        @Override
        public PageResponse dispatchPageRequest(PageRequest last, PageRequestScope scope) {
            throw new AssertionError("the router set up a scope for a driver that said it uses none");
        }

        @Override
        public boolean usesPageRequestScope() {
            return false;
        }
    }

    /** Behaviours 0-3, which need no scope: answer, fail, no handler for the stage, throw. */
    static PageResponse answerAtOnce(int behaviour) {
        switch (behaviour) {
            case 0:
                return PageResponse.SUCCESS;
            case 1:
                return PageResponse.FAILURE;
            case 2:
                return null; // no handler for this stage
            default:
                throw new IllegalArgumentException("handler bug");
        }
    }

    @Property(tries = 10_000)
    void everyClosedGroupIsAnsweredExactlyOnceAndTheCountersAddUp(
            @ForAll @Size(max = 60) List<@IntRange(min = 0, max = Integer.MAX_VALUE) Integer> schedule,
            @ForAll boolean stormControl) {
        Map<PageRequest, Integer> sent = new IdentityHashMap<>();
        TestFaults.Clock clock = new TestFaults.Clock();
        FaultRouter router = FaultRouter.builder()
                .responseSink((last, response) -> sent.merge(last, 1, Integer::sum))
                .clock(clock)
                .responseDeadline(Duration.ofMillis(50))
                .maxPendingGroups(3)
                .maxOpenGroups(3, 2)
                .partialGroupTimeout(Duration.ofMillis(200))
                .stormControl(stormControl ? StormControl.of(4, Duration.ofMillis(10), Duration.ofMillis(30)) : StormControl.OFF)
                .build();
        ScheduledDispatcher driver = new ScheduledDispatcher();
        ScopelessDispatcher plain = new ScopelessDispatcher(); // rid 2
        for (int rid = 0; rid < 3; rid++) {
            router.bind(rid, rid == 2 ? plain : driver);
        }
        List<PageRequest> mustBeAnswered = new ArrayList<>();
        List<PageRequest> neverAnswered = new ArrayList<>();
        // Quarantined closing requests are answered INVALID unless their group index awaits a
        // deferred answer (which then completes it): at most once, either way.
        List<PageRequest> atMostOnce = new ArrayList<>();
        long routed = 0;

        for (int op : schedule) {
            int kind = op % 12;
            int arg = op / 12;
            int rid = arg % 4; // rid 3 is never bound
            int pasid = (arg / 4) % 3 - 1; // -1 = no PASID
            int group = (arg / 12) % 4;
            driver.nextBehaviour = arg / 48;
            plain.nextBehaviour = arg / 48;
            switch (kind) {
                case 0, 1 -> { // a request that does not close its group
                    PageRequest r = TestFaults.request(rid, pasid, group, false);
                    router.route(r);
                    routed++;
                    neverAnswered.add(r);
                }
                case 2, 3, 4 -> { // a request that closes its group
                    PageRequest r = TestFaults.request(rid, pasid, group, true);
                    RouteOutcome o = router.route(r);
                    routed++;
                    (o == RouteOutcome.DROPPED_DUPLICATE_GROUP ? neverAnswered
                            : o == RouteOutcome.DROPPED_QUARANTINED ? atMostOnce : mustBeAnswered).add(r);
                }
                case 5 -> {
                    router.route(UnrecoverableFault.builder(Family.SYNTHETIC).requesterId(rid)
                            .stage(Stage.values()[arg % Stage.values().length]).build());
                    routed++;
                }
                case 6 -> { // a late, double or timely answer from the driver's side
                    if (!driver.responders.isEmpty()) {
                        PageResponder p = driver.responders.get(arg % driver.responders.size());
                        p.respond(PageResponse.values()[arg % 3]);
                    }
                }
                case 7 -> {
                    clock.advanceMillis(arg % 80);
                    router.expireOverdue();
                }
                case 8 -> {
                    router.unbind(rid);
                    router.bind(rid, rid == 2 ? plain : driver);
                }
                case 9 -> router.tearDownPasid(rid, Math.max(pasid, 0));
                case 10 -> router.discardPartialGroups();
                default -> router.respond(rid, pasid, group, PageResponse.SUCCESS);
            }
            RouterStats s = router.stats();
            assertEquals(routed, s.received());
            assertEquals(s.received(), s.count(RouteOutcome.Category.HANDLED) + s.count(RouteOutcome.Category.DEFAULT)
                    + s.count(RouteOutcome.Category.DROPPED));
            assertEquals(s.count(RouteOutcome.DEFERRED),
                    s.deferredAnswered() + s.deferredExpired() + s.deferredCancelled() + s.deferredPending());
            for (Integer n : sent.values()) {
                assertEquals(1, n, "a group was answered twice");
            }
        }

        clock.advanceMillis(1_000);
        router.expireOverdue();
        assertEquals(0, router.pendingGroups());
        for (PageRequest r : mustBeAnswered) {
            assertEquals(1, sent.getOrDefault(r, 0), () -> "answered " + sent.get(r) + " times: " + r);
        }
        for (PageRequest r : neverAnswered) {
            assertEquals(0, sent.getOrDefault(r, 0), () -> "answered but did not close a group: " + r);
        }
        long quarantinedAnswered = atMostOnce.stream().filter(sent::containsKey).count();
        assertEquals(mustBeAnswered.size() + quarantinedAnswered, sent.size());
        RouterStats s = router.stats();
        long responses = 0;
        for (PageResponse r : PageResponse.values()) {
            responses += s.responses(r);
        }
        assertEquals(mustBeAnswered.size() + quarantinedAnswered, responses);
    }
}
