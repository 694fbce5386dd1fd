package io.faultline.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.api.Disposition;
import io.faultline.api.Family;
import io.faultline.api.Fault;
import io.faultline.api.FaultDispatcher;
import io.faultline.api.FaultType;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class FaultRouterTest {

    /** A hand-written dispatcher: the router must treat it exactly like a generated one. */
    static final class ScriptedDispatcher implements FaultDispatcher<Object> {
        final List<Fault> seen = new ArrayList<>();
        Function<UnrecoverableFault, Disposition> unrecoverable = f -> Disposition.HANDLED;
        Function<PageRequest, PageResponse> pageRequest = r -> PageResponse.SUCCESS;

        @Override
        public Object driver() {
            return this;
        }

        @Override
        public Disposition dispatchUnrecoverable(UnrecoverableFault fault) {
            seen.add(fault);
            return unrecoverable.apply(fault);
        }

        @Override
        public PageResponse dispatchPageRequest(PageRequest request) {
            seen.add(request);
            return pageRequest.apply(request);
        }

        @Override
        public boolean handles(FaultType type, Stage stage) {
            return true;
        }
    }

    static final class RecordingSink implements PageResponseSink {
        final List<String> sent = new ArrayList<>();

        @Override
        public void send(PageRequest lastRequest, PageResponse response) {
            sent.add(lastRequest.groupIndex() + ":" + response);
        }
    }

    static final class RecordingListener implements FaultListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void unhandled(Fault fault, RouteOutcome why) {
            events.add("unhandled " + why + " " + fault.stage().defaultAction());
        }

        @Override
        public void handlerFailed(Fault fault, Throwable error) {
            events.add("failed " + error.getMessage());
        }

        @Override
        public void responseFailed(PageRequest request, PageResponse response, Throwable error) {
            events.add("send failed " + response);
        }
    }

    static UnrecoverableFault fault(int rid, Stage stage) {
        return UnrecoverableFault.builder(Family.SYNTHETIC).requesterId(rid).stage(stage).address(0x1000).build();
    }

    static PageRequest request(int rid, int group, boolean last) {
        return PageRequest.builder(Family.SYNTHETIC).requesterId(rid).groupIndex(group).lastInGroup(last)
                .address(0x2000).build();
    }

    final RecordingSink sink = new RecordingSink();
    final RecordingListener listener = new RecordingListener();
    final FaultRouter router = FaultRouter.builder().responseSink(sink).listener(listener).build();

    @Test
    void routesToTheDriverBoundToTheRequesterId() {
        ScriptedDispatcher a = new ScriptedDispatcher();
        ScriptedDispatcher b = new ScriptedDispatcher();
        router.bind(1, a);
        router.bind(2, b);
        UnrecoverableFault f = fault(2, Stage.PTE);

        assertEquals(RouteOutcome.HANDLED, router.route(f));
        assertEquals(List.of(), a.seen);
        assertEquals(List.of(f), b.seen);
        assertEquals(1, router.stats().count(RouteOutcome.HANDLED, FaultType.UNRECOVERABLE, Stage.PTE));
    }

    @Test
    void faultForUnboundDeviceGetsTheDefaultActionAndIsCounted() {
        assertEquals(RouteOutcome.NO_DRIVER, router.route(fault(9, Stage.CONTEXT)));
        assertEquals(List.of("unhandled NO_DRIVER SHUT_DOWN_DEVICE"), listener.events);
        assertEquals(1, router.stats().count(RouteOutcome.NO_DRIVER, FaultType.UNRECOVERABLE, Stage.CONTEXT));
    }

    @Test
    void faultWithoutRequesterIdIsNoDriver() {
        router.bind(0, new ScriptedDispatcher());
        Fault f = UnrecoverableFault.builder(Family.SYNTHETIC).stage(Stage.NONE).build();
        assertEquals(RouteOutcome.NO_DRIVER, router.route(f));
    }

    @Test
    void noHandlerForTheStageIsCountedWithItsReason() {
        ScriptedDispatcher d = new ScriptedDispatcher();
        d.unrecoverable = f -> null;
        router.bind(1, d);
        assertEquals(RouteOutcome.NO_HANDLER, router.route(fault(1, Stage.PGD)));
        assertEquals(List.of("unhandled NO_HANDLER STOP_ADDRESS_SPACE"), listener.events);
    }

    @Test
    void handlerMayAskForTheDefaultAction() {
        ScriptedDispatcher d = new ScriptedDispatcher();
        d.unrecoverable = f -> Disposition.DEFAULT_ACTION;
        router.bind(1, d);
        assertEquals(RouteOutcome.DEFAULT_ACTION, router.route(fault(1, Stage.PTE)));
        assertEquals(List.of("unhandled DEFAULT_ACTION REPORT_TO_DEVICE_DRIVER"), listener.events);
    }

    @Test
    void handlerExceptionNeverEscapesAndIsCounted() {
        ScriptedDispatcher d = new ScriptedDispatcher();
        d.unrecoverable = f -> {
            throw new IllegalStateException("boom");
        };
        router.bind(1, d);
        assertEquals(RouteOutcome.HANDLER_FAILED, router.route(fault(1, Stage.PTE)));
        assertEquals(List.of("failed boom", "unhandled HANDLER_FAILED REPORT_TO_DEVICE_DRIVER"), listener.events);
        assertEquals(1, router.stats().count(RouteOutcome.HANDLER_FAILED));
    }

    @Test
    void handlerErrorIsCaughtButVirtualMachineErrorsPropagateAfterCounting() {
        ScriptedDispatcher d = new ScriptedDispatcher();
        d.unrecoverable = f -> {
            throw new AssertionError("assert in handler");
        };
        router.bind(1, d);
        assertEquals(RouteOutcome.HANDLER_FAILED, router.route(fault(1, Stage.PTE)));

        d.pageRequest = r -> {
            throw new StackOverflowError();
        };
        assertThrows(StackOverflowError.class, () -> router.route(request(1, 4, true)));
        assertEquals(List.of("4:INVALID"), sink.sent);
        assertEquals(2, router.stats().count(RouteOutcome.HANDLER_FAILED));
    }

    @Test
    void pageRequestIsAnsweredWithTheHandlersResponse() {
        ScriptedDispatcher d = new ScriptedDispatcher();
        d.pageRequest = r -> PageResponse.SUCCESS;
        router.bind(1, d);
        assertEquals(RouteOutcome.HANDLED, router.route(request(1, 7, true)));
        assertEquals(List.of("7:SUCCESS"), sink.sent);
        assertEquals(1, router.stats().responses(PageResponse.SUCCESS));
    }

    @Test
    void onlyTheLastRequestOfAGroupIsHandledAndAnswered() {
        ScriptedDispatcher d = new ScriptedDispatcher();
        router.bind(1, d);
        assertEquals(RouteOutcome.GROUP_PENDING, router.route(request(1, 3, false)));
        assertEquals(RouteOutcome.GROUP_PENDING, router.route(request(1, 3, false)));
        assertEquals(List.of(), sink.sent);
        assertEquals(RouteOutcome.HANDLED, router.route(request(1, 3, true)));
        assertEquals(List.of("3:SUCCESS"), sink.sent);
        assertEquals(1, d.seen.size());
    }

    @Test
    void pageRequestWithoutDriverOrHandlerIsAnsweredInvalid() {
        assertEquals(RouteOutcome.NO_DRIVER, router.route(request(5, 1, true)));
        ScriptedDispatcher d = new ScriptedDispatcher();
        d.pageRequest = r -> null;
        router.bind(6, d);
        assertEquals(RouteOutcome.NO_HANDLER, router.route(request(6, 2, true)));
        assertEquals(List.of("1:INVALID", "2:INVALID"), sink.sent);
    }

    @Test
    void pageRequestWhoseHandlerThrowsIsAnsweredInvalidByDefault() {
        ScriptedDispatcher d = new ScriptedDispatcher();
        d.pageRequest = r -> {
            throw new IllegalArgumentException("bad");
        };
        router.bind(1, d);
        assertEquals(RouteOutcome.HANDLER_FAILED, router.route(request(1, 9, true)));
        assertEquals(List.of("9:INVALID"), sink.sent);
    }

    @Test
    void failedHandlerResponseIsConfigurable() {
        FaultRouter r = FaultRouter.builder().responseSink(sink).failedHandlerResponse(PageResponse.FAILURE).build();
        ScriptedDispatcher d = new ScriptedDispatcher();
        d.pageRequest = x -> {
            throw new IllegalArgumentException("bad");
        };
        r.bind(1, d);
        r.route(request(1, 9, true));
        assertEquals(List.of("9:FAILURE"), sink.sent);
    }

    @Test
    void sendFailureIsCountedAndReported() {
        FaultRouter r = FaultRouter.builder().listener(listener).build(); // no sink configured
        r.bind(1, new ScriptedDispatcher());
        assertEquals(RouteOutcome.HANDLED, r.route(request(1, 1, true)));
        assertEquals(1, r.stats().responseFailures());
        assertEquals(List.of("send failed SUCCESS"), listener.events);
    }

    @Test
    void listenerExceptionsAreContainedAndCounted() {
        FaultRouter r = FaultRouter.builder().listener(new FaultListener() {
            @Override
            public void unhandled(Fault fault, RouteOutcome why) {
                throw new RuntimeException("listener bug");
            }
        }).build();
        assertEquals(RouteOutcome.NO_DRIVER, r.route(fault(1, Stage.PTE)));
        assertEquals(1, r.stats().listenerFailures());
    }

    @Test
    void everyRoutedFaultIsInExactlyOneOutcome() {
        ScriptedDispatcher d = new ScriptedDispatcher();
        d.unrecoverable = f -> f.stage() == Stage.PTE ? Disposition.HANDLED : null;
        router.bind(1, d);
        for (Stage s : Stage.values()) {
            router.route(fault(1, s));
            router.route(fault(2, s));
        }
        router.route(request(1, 1, false));
        router.route(request(1, 1, true));
        RouterStats stats = router.stats();
        long sum = 0;
        for (RouteOutcome o : RouteOutcome.values()) {
            sum += stats.count(o);
        }
        assertEquals(12, stats.received());
        assertEquals(stats.received(), sum);
        assertTrue(stats.toString().contains("UNRECOVERABLE PTE     HANDLED"), stats.toString());
    }

    @Test
    void bindReplacesAndUnbindRemoves() {
        ScriptedDispatcher a = new ScriptedDispatcher();
        ScriptedDispatcher b = new ScriptedDispatcher();
        router.bind(1, a);
        router.bind(1, b);
        assertSame(b, router.boundTo(1));
        assertSame(b, router.unbind(1));
        assertNull(router.boundTo(1));
        assertNull(router.unbind(1));
        assertEquals(RouteOutcome.NO_DRIVER, router.route(fault(1, Stage.PTE)));
    }

    @Test
    void manyBindingsIncludingNegativeAndColludingIdsAreAllFound() {
        List<ScriptedDispatcher> ds = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ScriptedDispatcher d = new ScriptedDispatcher();
            ds.add(d);
            router.bind(i * 0x10000 - 5, d); // ids share low bits; some are "negative" (unsigned 32-bit)
        }
        for (int i = 0; i < 300; i++) {
            assertSame(ds.get(i), router.boundTo(i * 0x10000 - 5));
        }
        for (int i = 0; i < 300; i += 2) {
            router.unbind(i * 0x10000 - 5);
        }
        for (int i = 0; i < 300; i++) {
            assertEquals(i % 2 == 1, router.boundTo(i * 0x10000 - 5) != null, "id index " + i);
        }
    }
}
