package io.faultline.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.api.Disposition;
import io.faultline.api.Fault;
import io.faultline.api.FaultType;
import io.faultline.api.OnFault;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import io.faultline.runtime.RouteOutcome;
import io.faultline.runtime.StormControl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

@FaultlineTest
class FaultInjectorTest {

    /** Compiled by the Faultline processor, like a user's driver. */
    static class Driver {
        final List<Fault> seen = new ArrayList<>();

        @OnFault(stage = Stage.PTE)
        Disposition unmapped(UnrecoverableFault f) {
            seen.add(f);
            return f.address() == 0xdead000L ? Disposition.DEFAULT_ACTION : Disposition.HANDLED;
        }

        @OnFault(stage = {Stage.PASID, Stage.PGD})
        void guestTables() {
            throw new IllegalStateException("driver bug");
        }

        @OnFault
        void anythingElse(Fault f) {
            seen.add(f);
        }

        @OnFault(type = FaultType.PAGE_REQUEST, stage = Stage.PTE)
        PageResponse page(PageRequest r) {
            seen.add(r);
            return r.address() < 0x10000 ? PageResponse.SUCCESS : PageResponse.INVALID;
        }
    }

    @Test
    void namesTheExplicitHandlerAndItsReturn(FaultInjector faults) {
        Driver d = faults.bind(FaultInjectorTest_Driver_FaultDispatcher.of(new Driver()));
        Injection i = faults.unrecoverable().stage(Stage.PTE).address(0x9000).write().inject()
                .assertOutcome(RouteOutcome.HANDLED)
                .assertHandler("unmapped")
                .assertHandler("Driver.unmapped")
                .assertReturned(Disposition.HANDLED);
        assertEquals(1, d.seen.size());
        assertTrue(d.seen.get(0).access().write());
        assertEquals(0x9000, i.fault().address());
        faults.unrecoverable().address(0xdead000L).inject()
                .assertOutcome(RouteOutcome.DEFAULT_ACTION).assertReturned(Disposition.DEFAULT_ACTION);
    }

    @Test
    void aStageWithoutExplicitHandlerGoesToTheFallback(FaultInjector faults) {
        faults.bind(FaultInjectorTest_Driver_FaultDispatcher.of(new Driver()));
        faults.unrecoverable().stage(Stage.CONTEXT).inject().assertHandler("anythingElse");
        faults.unrecoverable().stage(Stage.NONE).inject().assertHandler("anythingElse");
    }

    @Test
    void aThrowingHandlerIsNamedAndCounted(FaultInjector faults) {
        faults.bind(FaultInjectorTest_Driver_FaultDispatcher.of(new Driver()));
        Injection i = faults.unrecoverable().stage(Stage.PGD).inject()
                .assertOutcome(RouteOutcome.HANDLER_FAILED)
                .assertHandler("guestTables")
                .assertThrew(IllegalStateException.class);
        assertTrue(i.events().stream().anyMatch(e -> e.startsWith("handlerFailed")), i.events()::toString);
    }

    @Test
    void noDriverMeansNoHandlerAndAnInvalidAnswer(FaultInjector faults) {
        faults.pageRequest().requester(0x42).address(0x1000).inject()
                .assertOutcome(RouteOutcome.NO_DRIVER)
                .assertNoHandler()
                .assertResponse(PageResponse.INVALID);
    }

    @Test
    void aPageRequestGetsTheHandlersAnswerOnce(FaultInjector faults) {
        faults.bind(FaultInjectorTest_Driver_FaultDispatcher.of(new Driver()));
        faults.pageRequest().pasid(3).group(7).address(0x2000).read().inject()
                .assertHandler("page").assertReturned(PageResponse.SUCCESS).assertResponse(PageResponse.SUCCESS);
        faults.pageRequest().pasid(3).group(8).address(0x20000).read().inject()
                .assertResponse(PageResponse.INVALID);
        assertEquals(2, faults.responses().size());
    }

    @Test
    void aGroupIsAnsweredOnceWhenItsLastRequestArrives(FaultInjector faults) {
        Driver d = faults.bind(FaultInjectorTest_Driver_FaultDispatcher.of(new Driver()));
        Injection first = faults.pageRequest().pasid(1).group(2).address(0x1000).notLast().inject()
                .assertOutcome(RouteOutcome.GROUP_PENDING).assertNoHandler();
        first.assertNoResponse();
        Injection last = faults.pageRequest().pasid(1).group(2).injectGroup(0x2000, 0x3000);
        last.assertOutcome(RouteOutcome.HANDLED).assertResponse(PageResponse.SUCCESS);
        assertEquals(1, faults.responses().size());
        assertEquals(1, d.seen.size(), "the handler runs once per group");
        // The first request's group was answered by the same single response.
        first.assertResponse(PageResponse.SUCCESS);
    }

    @Test
    void assertionsFailWithWhatHappened(FaultInjector faults) {
        faults.bind(FaultInjectorTest_Driver_FaultDispatcher.of(new Driver()));
        Injection i = faults.unrecoverable().stage(Stage.PTE).inject();
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> i.assertHandler("anythingElse"));
        assertTrue(e.getMessage().contains("Driver.unmapped"), e.getMessage());
        assertThrows(AssertionFailedError.class, () -> i.assertResponse(PageResponse.SUCCESS));
    }

    /** A stand-in for the kernel-log adapter: "fault <address>" lines, anything else is not a fault. */
    static List<Fault> parseLog(String text) throws Exception {
        List<Fault> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("garbled")) {
                throw new Exception("unreadable line");
            }
            if (line.startsWith("fault ")) {
                out.add(UnrecoverableFault.builder(io.faultline.api.Family.KERNEL_LOG).requesterId(0x100)
                        .stage(Stage.PTE).address(Long.decode(line.substring(6))).build());
            }
        }
        return out;
    }

    @Test
    void faultsFromKernelLogTextGoThroughTheGivenParser(FaultInjector faults) {
        faults.bind(FaultInjectorTest_Driver_FaultDispatcher.of(new Driver()));
        assertThrows(IllegalStateException.class, () -> faults.fromLogLine("fault 0x1000"));
        faults.logParser(FaultInjectorTest::parseLog);
        faults.fromLogLine("fault 0x4000").assertHandler("unmapped");
        assertEquals(2, faults.fromLog("fault 0x5000\nsomething else\nfault 0x6000").size());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> faults.fromLogLine("hello"));
        assertTrue(none.getMessage().contains("\"hello\""), none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> faults.fromLogLine("fault 0x1000\nfault 0x2000"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> faults.fromLogLine("garbled"));
        assertTrue(bad.getMessage().contains("unreadable line"), bad.getMessage());
    }

    @Test
    void stormControlRunsOnTheFakeClock(FaultInjector faults) {
        faults.configure(b -> b.stormControl(StormControl.of(3, Duration.ofSeconds(1), Duration.ofSeconds(10))));
        faults.bind(FaultInjectorTest_Driver_FaultDispatcher.of(new Driver()));
        for (int i = 0; i < 3; i++) {
            faults.unrecoverable().inject().assertOutcome(RouteOutcome.HANDLED);
        }
        faults.unrecoverable().inject().assertOutcome(RouteOutcome.DROPPED_QUARANTINED).assertNoHandler();
        faults.advance(Duration.ofSeconds(11));
        faults.unrecoverable().inject().assertOutcome(RouteOutcome.HANDLED);
        assertTrue(faults.events().stream().anyMatch(e -> e.startsWith("released 0x100")), faults.events()::toString);
    }

    @Test
    void sameInjectorForEveryParameterOfOneTest(FaultInjector a, FaultInjector b) {
        assertSame(a, b);
        assertNull(a.router().boundTo(FaultInjector.DEFAULT_REQUESTER));
    }
}
