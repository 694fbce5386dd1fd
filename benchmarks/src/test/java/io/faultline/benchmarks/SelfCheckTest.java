package io.faultline.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.api.Fault;
import io.faultline.api.FaultType;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import io.faultline.runtime.RouteOutcome;
import io.faultline.runtime.RouterStats;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openjdk.jmh.infra.Blackhole;

/** The benchmark's self-check, in CI: no timing, only "every mechanism reaches the right handler". */
class SelfCheckTest {
    private static final Blackhole SINK = new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

    @ParameterizedTest
    @EnumSource(FaultMix.class)
    void everyMechanismReachesTheExpectedHandlerForEveryFault(FaultMix mix) throws Throwable {
        Fixture fx = new Fixture(mix, SINK);
        for (Mechanism m : Mechanism.values()) {
            List<String> problems = SelfCheck.check(fx, m);
            assertTrue(problems.isEmpty(), () -> m + ": " + problems.size() + " misrouted, first " + problems.get(0));
        }
        // Each mechanism delivered each fault once: every handler was called (mechanisms × its share).
        for (int h = 0; h < BenchDriver.HANDLERS; h++) {
            long total = 0;
            for (BenchDriver d : fx.drivers) {
                total += d.calls(h);
            }
            assertEquals((long) Mechanism.values().length * mix.count(h), total, BenchDriver.HANDLER_NAMES[h]);
        }
    }

    @ParameterizedTest
    @EnumSource(FaultMix.class)
    void theRouterHandledEveryFaultAndAnsweredEveryPageRequest(FaultMix mix) throws Throwable {
        Fixture fx = new Fixture(mix, SINK);
        SelfCheck.require(fx, EnumSet.of(Mechanism.FAULTLINE_ROUTER));
        RouterStats stats = fx.faultline.router().stats();
        long requests = 0;
        for (Fault f : fx.faults) {
            requests += f instanceof PageRequest ? 1 : 0;
        }
        assertEquals(Fixture.FAULTS, stats.count(RouteOutcome.HANDLED));
        assertEquals(requests, stats.responses(PageResponse.SUCCESS) + stats.responses(PageResponse.INVALID));
        assertEquals(0, stats.responseFailures());
    }

    @ParameterizedTest
    @EnumSource(FaultMix.class)
    void theMixHasTheDocumentedShare(FaultMix mix) throws Throwable {
        Fixture fx = new Fixture(mix, SINK);
        int[] seen = new int[BenchDriver.HANDLERS];
        for (Fault f : fx.faults) {
            seen[BenchDriver.handlerIndex(f.type(), f.stage())]++;
            assertTrue(f instanceof UnrecoverableFault || ((PageRequest) f).lastInGroup(), "every request closes its group");
        }
        for (int h = 0; h < seen.length; h++) {
            assertEquals(mix.count(h), seen[h], BenchDriver.HANDLER_NAMES[h]);
        }
        assertEquals(Fixture.FAULTS, fx.events.length);
    }

    @org.junit.jupiter.api.Test
    void aMechanismThatPicksTheWrongHandlerIsCaught() throws Throwable {
        Fixture fx = new Fixture(FaultMix.REALISTIC, SINK);
        // Routes by type only: every unrecoverable fault to the PTE handler, every request to the PTE request handler.
        List<String> problems = SelfCheck.check(fx, "wrong", k -> {
            Fault f = fx.faults[k];
            BenchDriver d = fx.driverByRid[f.requesterId()];
            if (f instanceof PageRequest r) {
                d.pteRequest(r);
            } else {
                d.pteFault((UnrecoverableFault) f);
            }
        });
        int nonPte = 0;
        for (Fault f : fx.faults) {
            nonPte += f.stage() == Stage.PTE ? 0 : 1;
        }
        assertEquals(nonPte, problems.size());
        assertTrue(problems.get(0).contains("expected"), problems.get(0));
    }

    @org.junit.jupiter.api.Test
    void aMechanismThatCallsTwiceOrNotAtAllIsCaught() throws Throwable {
        Fixture fx = new Fixture(FaultMix.SINGLE, SINK);
        List<String> twice = SelfCheck.check(fx, "twice", k -> {
            fx.handWritten.dispatch(fx.faults[k]);
            fx.handWritten.dispatch(fx.faults[k]);
        });
        assertEquals(Fixture.FAULTS, twice.size());
        List<String> never = SelfCheck.check(fx, "never", k -> { });
        assertEquals(Fixture.FAULTS, never.size());
        assertTrue(never.get(0).contains("no handler"), never.get(0));
    }

    @org.junit.jupiter.api.Test
    void handlerIndexFollowsTypeAndStage() {
        assertEquals(3, BenchDriver.handlerIndex(FaultType.UNRECOVERABLE, Stage.PTE));
        assertEquals(4, BenchDriver.handlerIndex(FaultType.PAGE_REQUEST, Stage.CONTEXT));
        assertEquals(-1, BenchDriver.handlerIndex(FaultType.UNRECOVERABLE, Stage.NONE));
    }
}
