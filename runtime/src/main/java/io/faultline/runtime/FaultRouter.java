package io.faultline.runtime;

import io.faultline.api.Disposition;
import io.faultline.api.Fault;
import io.faultline.api.FaultDispatcher;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.UnrecoverableFault;
import java.util.Objects;

/**
 * Routes each fault, on the caller's thread, to the driver bound to its requester id, through the
 * driver's generated dispatcher. Every fault ends in exactly one {@link RouteOutcome} and is
 * counted; nothing a handler throws escapes; every page-request group that closes is answered
 * exactly once through the {@link PageResponseSink}.
 *
 * <p>Threading: {@link #route} is meant for the one thread that drains an IOMMU's queue (call it
 * from one thread at a time); {@link #bind}, {@link #unbind} and {@link #stats} are safe from any
 * thread at any time. Routing takes no lock and allocates nothing.
 *
 * <pre>{@code
 * FaultRouter router = FaultRouter.builder().responseSink(smmuCommands).build();
 * router.bind(0x100, NicDriver_FaultDispatcher.of(nic));
 * router.route(fault);
 * }</pre>
 */
public final class FaultRouter implements FaultSink {
    private final PageResponseSink responseSink;
    private final FaultListener listener;
    private final PageResponse failedHandlerResponse;
    private final RouterCounters counters = new RouterCounters();
    private final Object bindLock = new Object();
    private volatile BindingTable bindings = BindingTable.EMPTY;

    private FaultRouter(Builder b) {
        this.responseSink = b.responseSink;
        this.listener = b.listener;
        this.failedHandlerResponse = b.failedHandlerResponse;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds a device to a driver: faults whose requester id is {@code requesterId} go to
     * {@code dispatcher}. Replaces an earlier binding of the same id.
     */
    public void bind(int requesterId, FaultDispatcher<?> dispatcher) {
        Objects.requireNonNull(dispatcher, "dispatcher");
        synchronized (bindLock) {
            bindings = bindings.with(requesterId, dispatcher);
        }
    }

    /** Removes a binding; later faults of that device get the default action. */
    public FaultDispatcher<?> unbind(int requesterId) {
        synchronized (bindLock) {
            FaultDispatcher<?> old = bindings.get(requesterId);
            if (old != null) {
                bindings = bindings.without(requesterId);
            }
            return old;
        }
    }

    /** The dispatcher bound to {@code requesterId}, or null. */
    public FaultDispatcher<?> boundTo(int requesterId) {
        return bindings.get(requesterId);
    }

    /** A consistent-enough snapshot of the counters (each counter is exact; see {@link RouterStats}). */
    public RouterStats stats() {
        return counters.snapshot();
    }

    @Override
    public void accept(Fault fault) {
        route(fault);
    }

    /** Routes one fault and says what happened to it. */
    public RouteOutcome route(Fault fault) {
        FaultDispatcher<?> dispatcher = fault.hasRequesterId() ? bindings.get(fault.requesterId()) : null;
        RouteOutcome outcome;
        if (fault instanceof PageRequest request) {
            outcome = routePageRequest(request, dispatcher);
        } else {
            outcome = routeUnrecoverable((UnrecoverableFault) fault, dispatcher);
        }
        counters.count(outcome, fault.type(), fault.stage());
        return outcome;
    }

    private RouteOutcome routeUnrecoverable(UnrecoverableFault fault, FaultDispatcher<?> dispatcher) {
        if (dispatcher == null) {
            return unhandled(fault, RouteOutcome.NO_DRIVER);
        }
        Disposition d;
        try {
            d = dispatcher.dispatchUnrecoverable(fault);
        } catch (Throwable t) {
            handlerFailed(fault, t);
            unhandled(fault, RouteOutcome.HANDLER_FAILED);
            rethrowIfFatal(fault, t);
            return RouteOutcome.HANDLER_FAILED;
        }
        if (d == Disposition.HANDLED) {
            return RouteOutcome.HANDLED;
        }
        return unhandled(fault, d == null ? RouteOutcome.NO_HANDLER : RouteOutcome.DEFAULT_ACTION);
    }

    private RouteOutcome routePageRequest(PageRequest request, FaultDispatcher<?> dispatcher) {
        if (!request.lastInGroup()) {
            // Only the last request of a group is handled and answered (PCIe PRI, Linux IOPF).
            return RouteOutcome.GROUP_PENDING;
        }
        if (dispatcher == null) {
            respond(request, PageResponse.INVALID);
            return unhandled(request, RouteOutcome.NO_DRIVER);
        }
        PageResponse response;
        try {
            response = dispatcher.dispatchPageRequest(request);
        } catch (Throwable t) {
            respond(request, failedHandlerResponse);
            handlerFailed(request, t);
            unhandled(request, RouteOutcome.HANDLER_FAILED);
            rethrowIfFatal(request, t);
            return RouteOutcome.HANDLER_FAILED;
        }
        if (response == null) {
            respond(request, PageResponse.INVALID);
            return unhandled(request, RouteOutcome.NO_HANDLER);
        }
        respond(request, response);
        return RouteOutcome.HANDLED;
    }

    private void respond(PageRequest request, PageResponse response) {
        try {
            responseSink.send(request, response);
            counters.response(response);
        } catch (RuntimeException e) {
            counters.responseFailure();
            try {
                listener.responseFailed(request, response, e);
            } catch (RuntimeException listenerError) {
                counters.listenerFailure();
            }
        }
    }

    private RouteOutcome unhandled(Fault fault, RouteOutcome why) {
        try {
            listener.unhandled(fault, why);
        } catch (RuntimeException e) {
            counters.listenerFailure();
        }
        return why;
    }

    private void handlerFailed(Fault fault, Throwable error) {
        try {
            listener.handlerFailed(fault, error);
        } catch (RuntimeException e) {
            counters.listenerFailure();
        }
    }

    // The JVM itself is failing (out of memory, stack overflow): answer and count, then let it go.
    private void rethrowIfFatal(Fault fault, Throwable t) {
        if (t instanceof VirtualMachineError e) {
            counters.count(RouteOutcome.HANDLER_FAILED, fault.type(), fault.stage());
            throw e;
        }
    }

    /** Configures a {@link FaultRouter}. */
    public static final class Builder {
        private PageResponseSink responseSink = Builder::noResponsePath;
        private FaultListener listener = FaultListener.NONE;
        private PageResponse failedHandlerResponse = PageResponse.FAILURE;

        private Builder() {
        }

        /**
         * Where page responses go. Without one, every response fails to send and is counted as a
         * send failure: set it whenever the source can produce page requests.
         */
        public Builder responseSink(PageResponseSink sink) {
            this.responseSink = Objects.requireNonNull(sink, "sink");
            return this;
        }

        /** Hears unhandled faults, handler failures and send failures. */
        public Builder listener(FaultListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The answer to a page request whose handler threw. Default {@link PageResponse#FAILURE}. */
        public Builder failedHandlerResponse(PageResponse response) {
            this.failedHandlerResponse = Objects.requireNonNull(response, "response");
            return this;
        }

        public FaultRouter build() {
            return new FaultRouter(this);
        }

        private static void noResponsePath(PageRequest request, PageResponse response) {
            throw new IllegalStateException("no PageResponseSink configured: cannot answer " + request);
        }
    }
}
