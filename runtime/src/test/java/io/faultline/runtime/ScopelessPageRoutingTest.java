package io.faultline.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.faultline.api.Fault;
import io.faultline.api.PageRequest;
import io.faultline.api.PageRequestScope;
import io.faultline.api.PageResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A dispatcher that says it uses no {@link PageRequestScope} is called through its plain variant, and
 * every page-request outcome still answers the group exactly once; one that uses a scope, or any
 * dispatcher under a router that watches handlers, gets the scope.
 */
class ScopelessPageRoutingTest {

    /** Records which variant the router called; {@code usesScope} is what it tells the router. */
    static final class VariantDispatcher extends TestFaults.BaseDispatcher {
        final boolean usesScope;
        final List<String> calls = new ArrayList<>();
        Function<PageRequest, PageResponse> handler = r -> PageResponse.SUCCESS;

        VariantDispatcher(boolean usesScope) {
            this.usesScope = usesScope;
        }

        @Override
        public PageResponse dispatchPageRequest(PageRequest request) {
            calls.add("plain");
            return handler.apply(request);
        }

        @Override
        public PageResponse dispatchPageRequest(PageRequest last, PageRequestScope scope) {
            calls.add("scoped");
            return handler.apply(last);
        }

        @Override
        public boolean usesPageRequestScope() {
            return usesScope;
        }
    }

    private final TestFaults.Sink sink = new TestFaults.Sink();
    private final List<String> failures = new ArrayList<>();

    private FaultRouter router(boolean watch, PageResponse onThrow) {
        return FaultRouter.builder().responseSink(sink).watchHandlers(watch).failedHandlerResponse(onThrow)
                .listener(new FaultListener() {
                    @Override
                    public void handlerFailed(Fault fault, Throwable error) {
                        failures.add(error.getClass().getSimpleName());
                    }
                }).build();
    }

    @Test
    void aScopelessDispatcherIsCalledThroughItsPlainVariantAndAnsweredOnce() {
        FaultRouter router = router(false, PageResponse.INVALID);
        VariantDispatcher d = new VariantDispatcher(false);
        router.bind(7, d);
        assertEquals(RouteOutcome.HANDLED, router.route(TestFaults.request(7, 3, 1, true)));
        assertEquals(List.of("plain"), d.calls);
        assertEquals(List.of("7/3/1:SUCCESS"), sink.sent);
        assertEquals(1, router.stats().count(RouteOutcome.HANDLED));
    }

    @Test
    void aScopelessHandlerThatThrowsGetsTheConfiguredAnswerOnceAndIsReported() {
        FaultRouter router = router(false, PageResponse.FAILURE);
        VariantDispatcher d = new VariantDispatcher(false);
        d.handler = r -> {
            throw new IllegalStateException("handler bug");
        };
        router.bind(7, d);
        assertEquals(RouteOutcome.HANDLER_FAILED, router.route(TestFaults.request(7, -1, 2, true)));
        assertEquals(List.of("7/-1/2:FAILURE"), sink.sent);
        assertEquals(List.of("IllegalStateException"), failures);
        assertEquals(1, router.stats().count(RouteOutcome.HANDLER_FAILED));
    }

    @Test
    void aScopelessDispatcherWithNoHandlerForTheStageAnswersInvalid() {
        FaultRouter router = router(false, PageResponse.INVALID);
        VariantDispatcher d = new VariantDispatcher(false);
        d.handler = r -> null;
        router.bind(7, d);
        assertEquals(RouteOutcome.NO_HANDLER, router.route(TestFaults.request(7, 0, 3, true)));
        assertEquals(List.of("7/0/3:INVALID"), sink.sent);
    }

    @Test
    void aVirtualMachineErrorIsAnsweredCountedAndRethrown() {
        FaultRouter router = router(false, PageResponse.INVALID);
        VariantDispatcher d = new VariantDispatcher(false);
        d.handler = r -> {
            throw new StackOverflowError("deep");
        };
        router.bind(7, d);
        assertThrows(StackOverflowError.class, () -> router.route(TestFaults.request(7, 0, 4, true)));
        assertEquals(List.of("7/0/4:INVALID"), sink.sent);
        RouterStats s = router.stats();
        assertEquals(1, s.received());
        assertEquals(1, s.count(RouteOutcome.HANDLER_FAILED));
    }

    @Test
    void aDispatcherThatUsesItsScopeGetsIt() {
        FaultRouter router = router(false, PageResponse.INVALID);
        VariantDispatcher d = new VariantDispatcher(true);
        router.bind(7, d);
        router.route(TestFaults.request(7, 0, 5, true));
        assertEquals(List.of("scoped"), d.calls);
        assertEquals(List.of("7/0/5:SUCCESS"), sink.sent);
    }

    @Test
    void aWatchingRouterAlwaysSetsUpTheScopeSoItsWatchdogCanAnswer() {
        FaultRouter router = router(true, PageResponse.INVALID);
        VariantDispatcher d = new VariantDispatcher(false);
        router.bind(7, d);
        router.route(TestFaults.request(7, 0, 6, true));
        assertEquals(List.of("scoped"), d.calls);
        assertEquals(List.of("7/0/6:SUCCESS"), sink.sent);
    }

    @Test
    void requestsOfAGroupBeforeItsLastAreCollectedThenTheGroupIsAnsweredOnce() {
        FaultRouter router = router(false, PageResponse.INVALID);
        VariantDispatcher d = new VariantDispatcher(false);
        router.bind(7, d);
        assertEquals(RouteOutcome.GROUP_PENDING, router.route(TestFaults.request(7, 1, 8, false)));
        assertEquals(RouteOutcome.HANDLED, router.route(TestFaults.request(7, 1, 8, true)));
        assertEquals(List.of("plain"), d.calls);
        assertEquals(List.of("7/1/8:SUCCESS"), sink.sent);
        assertEquals(0, router.pendingGroups());
    }
}
