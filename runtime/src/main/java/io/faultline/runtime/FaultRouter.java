package io.faultline.runtime;

import io.faultline.api.Disposition;
import io.faultline.api.Fault;
import io.faultline.api.FaultDispatcher;
import io.faultline.api.FaultType;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.QuarantineAware;
import io.faultline.api.UnrecoverableFault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Routes each fault, on the caller's thread, to the driver bound to its requester id, through the
 * driver's generated dispatcher. Every fault ends in exactly one {@link RouteOutcome} and is
 * counted, per device too; nothing a handler throws escapes; every page-request group that closes
 * is answered exactly once through the {@link PageResponseSink}.
 *
 * <p>Page requests: requests are collected by (requester id, PASID, group index) until the one
 * marked last arrives; the group is then routed once. A handler answers by returning a
 * {@link PageResponse}, or later, from any thread, through a one-shot
 * {@link io.faultline.api.PageResponder}. The router itself answers {@link PageResponse#INVALID}
 * when no driver or handler takes the group, when the handler throws (configurable), when a
 * deferred answer misses its deadline, when the device is unbound or the PASID torn down with the
 * group pending, and when the table of pending groups is full. It sends
 * {@link PageResponse#FAILURE} only when a handler returns it: FAILURE disables PRI for the whole
 * function.
 *
 * <p>Threading: {@link #route}, {@link #sweep} and {@link #discardPartialGroups} are for the one
 * thread that drains an IOMMU's queue (call them from one thread at a time; for many producers use
 * {@link AsyncFaultRouter}). Everything else is safe from any thread. Routing a fault takes no lock
 * and allocates nothing (a page request whose handler defers, or a group of several requests,
 * allocates its bookkeeping).
 *
 * <pre>{@code
 * FaultRouter router = FaultRouter.builder().responseSink(smmuCommands).build();
 * router.bind(0x100, NicDriver_FaultDispatcher.of(nic));
 * router.route(fault);
 * }</pre>
 */
public final class FaultRouter implements FaultSink {
    private final Shared shared;
    private final RouterCounters counters = new RouterCounters();
    private final DeviceTable devices;
    private final Map<GroupKey, PartialGroup> partials = new HashMap<>();
    private final GroupScope scope;
    private final boolean watching; // a HandlerWatch exists: page requests always go through the scope
    /** Storm control is configured once per router: a final field, not a load through {@code shared}. */
    private final boolean stormControl;

    private FaultRouter(Builder b) {
        this(new Shared(b));
    }

    /** A routing core sharing bindings and pending groups with others (see {@link AsyncFaultRouter}). */
    FaultRouter(Shared shared) {
        this.shared = shared;
        this.devices = new DeviceTable(shared.maxDevices, shared.devices);
        HandlerWatch watch = shared.watchHandlers ? new HandlerWatch() : null;
        if (watch != null) {
            shared.addWatch(watch);
        }
        this.scope = new GroupScope(shared, watch);
        this.watching = watch != null;
        this.stormControl = shared.storm.enabled();
        shared.cores.add(counters);
    }

    public static Builder builder() {
        return new Builder();
    }

    Shared shared() {
        return shared;
    }

    /**
     * Binds a device to a driver: faults whose requester id is {@code requesterId} go to
     * {@code dispatcher}. Replaces an earlier binding of the same id.
     */
    public void bind(int requesterId, FaultDispatcher<?> dispatcher) {
        shared.bind(requesterId, Objects.requireNonNull(dispatcher, "dispatcher"));
    }

    /**
     * Removes a binding. Groups the driver had deferred are answered INVALID now; later faults of
     * the device get the default action.
     */
    public FaultDispatcher<?> unbind(int requesterId) {
        return shared.unbind(requesterId);
    }

    /** The dispatcher bound to {@code requesterId}, or null. */
    public FaultDispatcher<?> boundTo(int requesterId) {
        return shared.bindings.get(requesterId);
    }

    /**
     * The PASID was torn down (the process exited, the guest unbound it): every deferred group of
     * the device with that PASID is answered INVALID.
     *
     * @return how many groups were answered
     */
    public int tearDownPasid(int requesterId, int pasid) {
        return shared.tearDownPasid(requesterId, pasid);
    }

    /**
     * Answers a deferred group by its address, for code that tracks groups by their wire identity
     * rather than holding the responder (e.g. a relay receiving a guest's response).
     *
     * @param pasid the PASID, or {@link Fault#NO_PASID}
     * @return false, sending nothing, when no such group is pending (never reported, already
     *         answered, expired); counted as an unknown-group response
     */
    public boolean respond(int requesterId, int pasid, int groupIndex, PageResponse response) {
        DeferredResponse d = shared.deferred.get(new GroupKey(requesterId, pasid, groupIndex));
        if (d == null || !d.respond(response)) {
            shared.ledger.unknownGroupResponses.increment();
            return false;
        }
        return true;
    }

    /**
     * Answers INVALID for every deferred group past its deadline, and for every group whose
     * handler is still running on the routing thread a deadline after this method first saw it
     * running (a handler that blocks must not leave the device waiting; its late answer is
     * refused and the fault counted {@link RouteOutcome#HANDLER_TIMED_OUT}). Safe from any thread;
     * an {@link AsyncFaultRouter} calls it by itself, a synchronous user calls it periodically
     * from a timer thread (every deadline / 4, say).
     *
     * @return how many groups were answered
     */
    public int expireOverdue() {
        return shared.expireOverdue();
    }

    /** Groups whose handler has deferred its answer and not answered yet. */
    public int pendingGroups() {
        return shared.deferred.size();
    }

    /** Groups whose last request has not arrived yet (this routing thread's). */
    public int openGroups() {
        return partials.size();
    }

    /**
     * Discards every group whose last request has not arrived. Call it when the source reports an
     * overflow (the last request may have been lost, as Linux does). Routing thread only.
     *
     * @return how many requests were discarded
     */
    public int discardPartialGroups() {
        int n = 0;
        for (PartialGroup g : partials.values()) {
            n += dropRequests(g.requests, "source overflow: the group's last request may have been lost");
        }
        partials.clear();
        return n;
    }

    /**
     * Discards groups open longer than the builder's {@code partialGroupTimeout}. Routing thread
     * only; also done by itself whenever the table of open groups fills up.
     *
     * @return how many requests were discarded
     */
    public int sweep() {
        long now = shared.clock.getAsLong();
        int n = 0;
        for (Iterator<PartialGroup> it = partials.values().iterator(); it.hasNext(); ) {
            PartialGroup g = it.next();
            if (now - g.firstSeen >= shared.partialTimeoutNanos) {
                n += dropRequests(g.requests, "group never closed: no last request within the timeout");
                it.remove();
            }
        }
        return n;
    }

    /** A snapshot of every counter, per device too. */
    public RouterStats stats() {
        return RouterStats.of(shared);
    }

    @Override
    public void accept(Fault fault) {
        route(fault);
    }

    /** Routes one fault and says what happened to it. */
    public RouteOutcome route(Fault fault) {
        // Kept tiny so that C2 inlines it into the caller's loop; page requests go out of line.
        if (fault instanceof UnrecoverableFault unrecoverable) {
            return routeUnrecoverable(unrecoverable);
        }
        return routePage((PageRequest) fault);
    }

    /** Counts a fault that an asynchronous front end could not queue. */
    void countDropped(Fault fault, RouteOutcome outcome) {
        count(device(fault), fault, outcome);
    }

    private DeviceState device(Fault fault) {
        return fault.hasRequesterId() ? devices.get(fault.requesterId()) : devices.other();
    }

    private void count(DeviceState device, Fault fault, RouteOutcome outcome) {
        // Per-device counters are the only per-fault counters; router totals are their sum.
        device.count(RouterCounters.cell(outcome, fault.type(), fault.stage()));
        FaultEvents.faultRouted(fault, outcome);
    }

    private FaultDispatcher<?> dispatcher(DeviceState device, Fault fault) {
        BindingTable table = shared.bindings;
        if (device.other) {
            return fault.hasRequesterId() ? table.get(fault.requesterId()) : null;
        }
        if (table != device.seenTable) {
            device.dispatcher = table.get(device.requesterId);
            device.seenTable = table;
        }
        return device.dispatcher;
    }

    private RouteOutcome routeUnrecoverable(UnrecoverableFault fault) {
        DeviceState device = device(fault);
        FaultDispatcher<?> dispatcher = dispatcher(device, fault);
        if (dispatcher != null && !stormControl) {
            return dispatchUnrecoverable(device, fault, dispatcher);
        }
        return routeUnrecoverableSlow(device, fault, dispatcher);
    }

    // Storm control on, or no driver: the less travelled road.
    private RouteOutcome routeUnrecoverableSlow(DeviceState device, UnrecoverableFault fault,
            FaultDispatcher<?> dispatcher) {
        if (stormControl && stormed(device, fault, dispatcher)) {
            return counted(device, fault, quarantined(fault));
        }
        if (dispatcher == null) {
            return counted(device, fault, unhandled(fault, RouteOutcome.NO_DRIVER));
        }
        return dispatchUnrecoverable(device, fault, dispatcher);
    }

    private RouteOutcome dispatchUnrecoverable(DeviceState device, UnrecoverableFault fault,
            FaultDispatcher<?> dispatcher) {
        Disposition d;
        try {
            d = dispatcher.dispatchUnrecoverable(fault);
        } catch (Throwable t) {
            return handlerThrew(device, fault, t);
        }
        if (d == Disposition.HANDLED) {
            device.count(RouterCounters.cell(RouteOutcome.HANDLED, FaultType.UNRECOVERABLE, fault.stage()));
            FaultEvents.faultRouted(fault, RouteOutcome.HANDLED);
            return RouteOutcome.HANDLED;
        }
        return counted(device, fault, unhandled(fault, d == null ? RouteOutcome.NO_HANDLER : RouteOutcome.DEFAULT_ACTION));
    }

    private RouteOutcome handlerThrew(DeviceState device, UnrecoverableFault fault, Throwable t) {
        handlerFailed(fault, t);
        unhandled(fault, RouteOutcome.HANDLER_FAILED);
        count(device, fault, RouteOutcome.HANDLER_FAILED);
        if (t instanceof VirtualMachineError e) {
            throw e; // the JVM itself is failing: counted, then let it go
        }
        return RouteOutcome.HANDLER_FAILED;
    }

    private RouteOutcome counted(DeviceState device, Fault fault, RouteOutcome outcome) {
        count(device, fault, outcome);
        return outcome;
    }

    private RouteOutcome routePage(PageRequest request) {
        DeviceState device = device(request);
        FaultDispatcher<?> dispatcher = dispatcher(device, request);
        RouteOutcome outcome;
        try {
            if (stormControl && stormed(device, request, dispatcher)) {
                outcome = quarantined(request);
            } else {
                outcome = routePageRequest(request, dispatcher);
            }
        } catch (VirtualMachineError e) {
            count(device, request, RouteOutcome.HANDLER_FAILED); // answered already; counted, then let it go
            throw e;
        }
        count(device, request, outcome);
        return outcome;
    }

    // The common case (the last request of a group, a bound driver, an answer returned at once) is
    // in this method; the rarer outcomes are calls out of line.
    private RouteOutcome routePageRequest(PageRequest request, FaultDispatcher<?> dispatcher) {
        if (!request.lastInGroup()) {
            return collect(request);
        }
        List<PageRequest> earlier = partials.isEmpty() ? null : takePartial(request);
        if (dispatcher == null || !shared.deferred.isEmpty()) {
            RouteOutcome refused = refuseGroup(request, dispatcher);
            if (refused != null) {
                return refused;
            }
        }
        if (!watching && !dispatcher.usesPageRequestScope()) {
            return dispatchWithoutScope(request, dispatcher);
        }
        scope.open(request, earlier, dispatcher);
        PageResponse response;
        try {
            response = dispatcher.dispatchPageRequest(request, scope);
        } catch (Throwable t) {
            return pageHandlerThrew(request, t);
        }
        if (response != null && scope.deferred == null) {
            boolean inTime = scope.handlerReturned();
            scope.close();
            if (inTime) {
                respond(request, response);
                return RouteOutcome.HANDLED;
            }
            return answeredTooLate(request, response);
        }
        return pageHandlerDeferredOrSilent(request, response);
    }

    // No handler takes a group or a responder and no watchdog needs the request: nothing keeps the
    // request past this call, so C2 can scalar-replace it (the scope's fields would make it escape).
    private RouteOutcome dispatchWithoutScope(PageRequest request, FaultDispatcher<?> dispatcher) {
        PageResponse response;
        try {
            response = dispatcher.dispatchPageRequest(request);
        } catch (Throwable t) {
            respond(request, shared.failedHandlerResponse);
            return pageHandlerFailed(request, RouteOutcome.HANDLER_FAILED, t);
        }
        if (response != null) {
            respond(request, response);
            return RouteOutcome.HANDLED;
        }
        return noPageHandler(request);
    }

    private RouteOutcome noPageHandler(PageRequest request) {
        respond(request, PageResponse.INVALID);
        return unhandled(request, RouteOutcome.NO_HANDLER);
    }

    /** Why the group cannot go to a handler (its index still pending, no driver), or null if it can. */
    private RouteOutcome refuseGroup(PageRequest request, FaultDispatcher<?> dispatcher) {
        if (shared.groupPending(request)) {
            // Its group index is still pending: one answer will complete both on the device side.
            return unhandled(request, RouteOutcome.DROPPED_DUPLICATE_GROUP);
        }
        if (dispatcher == null) {
            respond(request, PageResponse.INVALID);
            return unhandled(request, RouteOutcome.NO_DRIVER);
        }
        return null;
    }

    private RouteOutcome pageHandlerThrew(PageRequest request, Throwable t) {
        DeferredResponse deferred = scope.deferred;
        boolean inTime = scope.handlerReturned();
        scope.close();
        RouteOutcome outcome;
        if (!inTime) {
            outcome = RouteOutcome.HANDLER_TIMED_OUT; // the watchdog answered while the handler ran
        } else {
            outcome = RouteOutcome.HANDLER_FAILED;
            if (deferred != null) {
                deferred.answerByRouter(shared.failedHandlerResponse, "handler threw", null); // counted as HANDLER_FAILED
            } else {
                respond(request, shared.failedHandlerResponse);
            }
        }
        return pageHandlerFailed(request, outcome, t);
    }

    /** Reports and counts a page-request handler that threw (its group answered already); VM errors go on. */
    private RouteOutcome pageHandlerFailed(PageRequest request, RouteOutcome outcome, Throwable t) {
        handlerFailed(request, t);
        unhandled(request, outcome);
        if (t instanceof VirtualMachineError e) {
            throw e;
        }
        return outcome;
    }

    /** The watchdog answered INVALID while the handler ran: its answer is refused. */
    private RouteOutcome answeredTooLate(PageRequest request, PageResponse response) {
        if (response != null) {
            shared.ledger.rejectedAnswers.increment();
        }
        return unhandled(request, RouteOutcome.HANDLER_TIMED_OUT);
    }

    private RouteOutcome pageHandlerDeferredOrSilent(PageRequest request, PageResponse response) {
        DeferredResponse deferred = scope.deferred;
        boolean tableFull = scope.tableFull;
        boolean inTime = scope.handlerReturned();
        scope.close();
        if (!inTime) {
            return answeredTooLate(request, response);
        }
        if (deferred == null) {
            return noPageHandler(request); // no handler for the group after all
        }
        if (tableFull) {
            return unhandled(request, RouteOutcome.DROPPED_TABLE_FULL);
        }
        if (response != null) {
            // Deferred and answered at once: the returned answer is the one answer.
            deferred.respond(response);
        }
        return RouteOutcome.DEFERRED;
    }

    private RouteOutcome collect(PageRequest request) {
        GroupKey key = GroupKey.of(request);
        PartialGroup group = partials.get(key);
        if (group == null) {
            if (partials.size() >= shared.maxPartialGroups && sweep() == 0
                    && partials.size() >= shared.maxPartialGroups) {
                partialDropped(request, "table of open groups full");
                return unhandled(request, RouteOutcome.DROPPED_TABLE_FULL);
            }
            group = new PartialGroup(shared.clock.getAsLong());
            partials.put(key, group);
        } else if (group.requests.size() >= shared.maxRequestsPerGroup) {
            partialDropped(request, "group larger than " + shared.maxRequestsPerGroup + " requests");
            return unhandled(request, RouteOutcome.DROPPED_TABLE_FULL);
        }
        group.requests.add(request);
        return RouteOutcome.GROUP_PENDING;
    }

    private List<PageRequest> takePartial(PageRequest last) {
        PartialGroup g = partials.remove(GroupKey.of(last));
        return g == null ? null : g.requests;
    }

    private boolean stormed(DeviceState device, Fault fault, FaultDispatcher<?> dispatcher) {
        StormControl storm = shared.storm;
        if (device.quarantined) {
            long now = shared.clock.getAsLong();
            if (now - device.quarantinedUntil >= 0) {
                release(device, dispatcher);
                device.windowStart = now;
                device.windowCount = 1;
                return false;
            }
            device.suppressedSinceSummary++;
            device.suppressedTotal++;
            if (now - device.lastSummary >= storm.window().toNanos()) {
                long n = device.suppressedSinceSummary;
                device.suppressedSinceSummary = 0;
                device.lastSummary = now;
                FaultEvents.quarantine(device.requesterId, "summary", n);
                try {
                    shared.listener.quarantineSummary(device.requesterId, n);
                } catch (Throwable e) {
                    shared.listenerThrew(e);
                }
            }
            return true;
        }
        if (device.windowCount++ == 0) {
            device.windowStart = shared.clock.getAsLong(); // the clock is read once per window...
            return false;
        }
        if (device.windowCount <= storm.limit()) {
            return false;
        }
        long now = shared.clock.getAsLong(); // ...and when the window's count passes the limit
        if (now - device.windowStart >= storm.window().toNanos()) {
            device.windowStart = now;
            device.windowCount = 1;
            return false;
        }
        quarantine(device, dispatcher, now);
        return true;
    }

    private void quarantine(DeviceState device, FaultDispatcher<?> dispatcher, long now) {
        long inWindow = device.windowCount;
        device.quarantined = true;
        device.quarantinedUntil = now + shared.storm.quarantine().toNanos();
        device.lastSummary = now;
        device.suppressedSinceSummary = 1;
        device.suppressedTotal = 1;
        shared.ledger.quarantines.increment();
        FaultEvents.quarantine(device.requesterId, "quarantined", inWindow);
        try {
            shared.listener.quarantined(device.requesterId, inWindow);
        } catch (Throwable e) {
            shared.listenerThrew(e);
        }
        if (dispatcher != null && dispatcher.driver() instanceof QuarantineAware aware) {
            try {
                aware.quarantined(device.requesterId, inWindow);
            } catch (Throwable e) {
                shared.listenerThrew(e);
            }
        }
    }

    private void release(DeviceState device, FaultDispatcher<?> dispatcher) {
        long suppressed = device.suppressedTotal;
        device.quarantined = false;
        FaultEvents.quarantine(device.requesterId, "released", suppressed);
        try {
            shared.listener.released(device.requesterId, suppressed);
        } catch (Throwable e) {
            shared.listenerThrew(e);
        }
        if (dispatcher != null && dispatcher.driver() instanceof QuarantineAware aware) {
            try {
                aware.released(device.requesterId, suppressed);
            } catch (Throwable e) {
                shared.listenerThrew(e);
            }
        }
    }

    private RouteOutcome quarantined(Fault fault) {
        if (fault instanceof PageRequest request && request.lastInGroup()) {
            List<PageRequest> earlier = partials.isEmpty() ? null : takePartial(request);
            if (earlier != null) {
                dropRequests(earlier, "device quarantined");
            }
            if (!shared.groupPending(request)) { // else the pending answer completes the group index
                respond(request, PageResponse.INVALID);
            }
        }
        return RouteOutcome.DROPPED_QUARANTINED;
    }

    /** Answers on the routing thread. */
    void respond(PageRequest request, PageResponse response) {
        try {
            shared.sink.send(request, response);
            counters.response(response);
            FaultEvents.pageResponse(request, response, "router");
        } catch (Throwable e) {
            shared.responseFailed(request, response, e);
        }
    }

    private int dropRequests(List<PageRequest> requests, String why) {
        for (PageRequest r : requests) {
            partialDropped(r, why);
        }
        return requests.size();
    }

    private void partialDropped(PageRequest request, String why) {
        shared.ledger.partialRequestsDropped.increment();
        try {
            shared.listener.partialRequestDropped(request, why);
        } catch (Throwable e) {
            shared.listenerThrew(e);
        }
    }

    RouteOutcome unhandled(Fault fault, RouteOutcome why) {
        try {
            shared.listener.unhandled(fault, why);
        } catch (Throwable e) {
            shared.listenerThrew(e);
        }
        return why;
    }

    private void handlerFailed(Fault fault, Throwable error) {
        try {
            shared.listener.handlerFailed(fault, error);
        } catch (Throwable e) {
            shared.listenerThrew(e);
        }
    }

    /** Configures a {@link FaultRouter} (and the routing cores of an {@link AsyncFaultRouter}). */
    public static final class Builder {
        PageResponseSink responseSink = Builder::noResponsePath;
        FaultListener listener = FaultListener.NONE;
        PageResponse failedHandlerResponse = PageResponse.INVALID;
        Duration responseDeadline = Duration.ofSeconds(5);
        boolean watchHandlers;
        int maxDeferredGroups = 4096;
        int maxPartialGroups = 4096;
        int maxRequestsPerGroup = 512;
        Duration partialGroupTimeout = Duration.ofSeconds(10);
        int maxTrackedDevices = 4096;
        StormControl storm = StormControl.OFF;
        LongSupplier clock = System::nanoTime;

        private Builder() {
        }

        /**
         * Where page responses go. Without one, every response fails to send and is counted as a
         * send failure: set it whenever the source can produce page requests. Must be thread-safe
         * when handlers answer from other threads or an {@link AsyncFaultRouter} is used.
         */
        public Builder responseSink(PageResponseSink sink) {
            this.responseSink = Objects.requireNonNull(sink, "sink");
            return this;
        }

        /** Hears unhandled faults, handler failures, router answers, quarantines. */
        public Builder listener(FaultListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * The answer to a page request whose handler threw. Default {@link PageResponse#INVALID};
         * FAILURE disables PRI for the whole function (and its SR-IOV siblings) until re-enabled.
         */
        public Builder failedHandlerResponse(PageResponse response) {
            this.failedHandlerResponse = Objects.requireNonNull(response, "response");
            return this;
        }

        /** How long a deferred answer may take before the router answers INVALID. Default 5 s. */
        public Builder responseDeadline(Duration deadline) {
            this.responseDeadline = positive(deadline, "responseDeadline");
            return this;
        }

        /**
         * Whether {@link FaultRouter#expireOverdue} also answers INVALID a group whose handler is
         * still running on the routing thread a deadline after it first saw it (a handler that
         * blocks), refusing the handler's late answer ({@link RouteOutcome#HANDLER_TIMED_OUT}).
         * Costs one atomic operation per page request. Default off: turn it on when a timer thread
         * calls {@code expireOverdue()}; an {@link AsyncFaultRouter} always has it on (its
         * watchdog thread calls it).
         */
        public Builder watchHandlers(boolean on) {
            this.watchHandlers = on;
            return this;
        }

        /** Groups that may await a deferred answer at once; past it, INVALID at once. Default 4096. */
        public Builder maxPendingGroups(int max) {
            this.maxDeferredGroups = atLeastOne(max, "maxPendingGroups");
            return this;
        }

        /**
         * Groups that may wait for their last request at once (per routing thread), and requests
         * per group. Defaults 4096 and 512.
         */
        public Builder maxOpenGroups(int maxGroups, int maxRequestsPerGroup) {
            this.maxPartialGroups = atLeastOne(maxGroups, "maxOpenGroups");
            this.maxRequestsPerGroup = atLeastOne(maxRequestsPerGroup, "maxRequestsPerGroup");
            return this;
        }

        /** How long a group may wait for its last request before it is discarded. Default 10 s. */
        public Builder partialGroupTimeout(Duration timeout) {
            this.partialGroupTimeout = positive(timeout, "partialGroupTimeout");
            return this;
        }

        /** Distinct devices counted one by one (per routing thread); the rest share one row. Default 4096. */
        public Builder maxTrackedDevices(int max) {
            this.maxTrackedDevices = atLeastOne(max, "maxTrackedDevices");
            return this;
        }

        /** Per-device rate limit and quarantine. Default {@link StormControl#OFF}. */
        public Builder stormControl(StormControl storm) {
            this.storm = Objects.requireNonNull(storm, "storm");
            return this;
        }

        /** The nanosecond clock for deadlines and storm windows (tests use a fake one). */
        public Builder clock(LongSupplier nanoClock) {
            this.clock = Objects.requireNonNull(nanoClock, "nanoClock");
            return this;
        }

        public FaultRouter build() {
            return new FaultRouter(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }

        private static int atLeastOne(int n, String name) {
            if (n < 1) {
                throw new IllegalArgumentException(name + " must be at least 1: " + n);
            }
            return n;
        }

        private static void noResponsePath(PageRequest request, PageResponse response) {
            throw new IllegalStateException("no PageResponseSink configured: cannot answer " + request);
        }
    }

    @Override
    public String toString() {
        List<String> lines = new ArrayList<>();
        lines.add("FaultRouter: " + shared.bindings.size() + " devices bound, " + pendingGroups()
                + " groups awaiting an answer, " + openGroups() + " open");
        lines.add(stats().toString());
        return String.join("\n", lines);
    }
}
