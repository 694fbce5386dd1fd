package io.faultline.runtime;

import io.faultline.api.FaultDispatcher;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * What every routing thread of one router shares: configuration, bindings, the groups whose
 * handlers answer later, and the counters of things that happen off the routing threads.
 */
final class Shared {
    final PageResponseSink sink;
    final FaultListener listener;
    final PageResponse failedHandlerResponse;
    final long deadlineNanos;
    final int maxDeferredGroups;
    final int maxPartialGroups;
    final int maxRequestsPerGroup;
    final long partialTimeoutNanos;
    final int maxDevices;
    final StormControl storm;
    final LongSupplier clock;
    /** Whether routing threads let {@link #expireOverdue} answer for a handler still running. */
    final boolean watchHandlers;

    final Object bindLock = new Object();
    volatile BindingTable bindings = BindingTable.EMPTY;
    final TeardownLog teardowns = new TeardownLog();
    final ConcurrentHashMap<GroupKey, DeferredResponse> deferred = new ConcurrentHashMap<>();
    final Ledger ledger = new Ledger();
    final CopyOnWriteArrayList<DeviceState> devices = new CopyOnWriteArrayList<>();
    final CopyOnWriteArrayList<RouterCounters> cores = new CopyOnWriteArrayList<>();
    /** One per routing core; an array so that the watchdog's every-millisecond check allocates nothing. */
    private volatile HandlerWatch[] watches = new HandlerWatch[0];
    /** Faults an asynchronous front door dropped before any routing thread saw them. */
    volatile java.util.concurrent.atomic.LongAdder[] frontCells;

    Shared(FaultRouter.Builder b) {
        this(b, b.watchHandlers);
    }

    Shared(FaultRouter.Builder b, boolean watchHandlers) {
        this.watchHandlers = watchHandlers;
        this.sink = b.responseSink;
        this.listener = b.listener;
        this.failedHandlerResponse = b.failedHandlerResponse;
        this.deadlineNanos = b.responseDeadline.toNanos();
        this.maxDeferredGroups = b.maxDeferredGroups;
        this.maxPartialGroups = b.maxPartialGroups;
        this.maxRequestsPerGroup = b.maxRequestsPerGroup;
        this.partialTimeoutNanos = b.partialGroupTimeout.toNanos();
        this.maxDevices = b.maxTrackedDevices;
        this.storm = b.storm;
        this.clock = b.clock;
    }

    void bind(int requesterId, FaultDispatcher<?> dispatcher) {
        synchronized (bindLock) {
            bindings = bindings.with(requesterId, dispatcher);
        }
    }

    FaultDispatcher<?> unbind(int requesterId) {
        FaultDispatcher<?> old;
        synchronized (bindLock) {
            old = bindings.get(requesterId);
            if (old != null) {
                bindings = bindings.without(requesterId);
            }
        }
        cancelDeferred(requesterId, false, 0, "device unbound");
        return old;
    }

    /**
     * Whether a group with this request's key still awaits a deferred answer: that one answer
     * completes the device's group index, so a second closing request must not be answered too.
     */
    boolean groupPending(PageRequest last) {
        return !deferred.isEmpty() && deferred.containsKey(GroupKey.of(last));
    }

    /** Answers INVALID every deferred group of this device's PASID, after logging the teardown (see {@link TeardownLog}). */
    int tearDownPasid(int requesterId, int pasid) {
        teardowns.begin(requesterId, pasid);
        try {
            return cancelDeferred(requesterId, true, pasid, "PASID torn down");
        } finally {
            teardowns.end();
        }
    }

    /** Answers INVALID for every deferred group of the device (and PASID, when {@code byPasid}). */
    int cancelDeferred(int requesterId, boolean byPasid, int pasid, String why) {
        return answerInvalid(d -> d.key.requesterId() == requesterId && (!byPasid || d.key.pasid() == pasid),
                why, ledger.deferredCancelled);
    }

    synchronized void addWatch(HandlerWatch w) {
        HandlerWatch[] a = java.util.Arrays.copyOf(watches, watches.length + 1);
        a[a.length - 1] = w;
        watches = a;
    }

    /**
     * Answers INVALID every deferred group past its deadline, and every group whose handler is
     * still running (synchronously, on a routing thread) a deadline after a check first saw it.
     */
    int expireOverdue() {
        long now = clock.getAsLong();
        int n = deferred.isEmpty() ? 0
                : answerInvalid(d -> now - d.deadline >= 0, "response deadline passed", ledger.deferredExpired);
        for (HandlerWatch w : watches) {
            n += answerForRunningHandler(w.claimOverdue(now, deadlineNanos), "handler still running at the response deadline");
        }
        return n;
    }

    /** Answers INVALID every deferred group and every group a (stuck) handler is still answering. */
    int cancelAll(String why) {
        int n = answerInvalid(d -> true, why, ledger.deferredCancelled);
        for (HandlerWatch w : watches) {
            n += answerForRunningHandler(w.claimNow(), why + "; its handler was still running");
        }
        return n;
    }

    /** Answers INVALID the group a watch gave up (null: nothing claimed); how many were answered. */
    private int answerForRunningHandler(PageRequest claimed, String why) {
        if (claimed == null) {
            return 0;
        }
        ledger.handlerTimeouts.increment();
        sendOffThread(claimed, PageResponse.INVALID);
        notifyAnsweredByRouter(claimed, PageResponse.INVALID, why);
        return 1;
    }

    /** Answers INVALID, on the handler's behalf, every deferred group that {@code which} selects. */
    private int answerInvalid(Predicate<DeferredResponse> which, String why, LongAdder tally) {
        if (deferred.isEmpty()) {
            return 0; // the workers' housekeeping calls this every millisecond: allocate nothing
        }
        int n = 0;
        // A copy: answering removes the group from the map.
        for (DeferredResponse d : new ArrayList<>(deferred.values())) {
            if (which.test(d) && d.answerByRouter(PageResponse.INVALID, why, tally)) {
                n++;
            }
        }
        return n;
    }

    /**
     * A listener or driver hook threw: counted, and the caller carries on, so one faulty callback
     * cannot stop a router or leave a fault uncounted; the JVM's own errors go on.
     */
    void listenerThrew(Throwable t) {
        rethrowIfFatal(t);
        ledger.listenerFailures.increment();
    }

    private static void rethrowIfFatal(Throwable t) {
        if (t instanceof VirtualMachineError e) {
            throw e;
        }
    }

    /** Sends a response from any thread. */
    void sendOffThread(PageRequest last, PageResponse response) {
        try {
            sink.send(last, response);
            ledger.responsesOffThread[response.ordinal()].increment();
        } catch (Throwable e) {
            responseFailed(last, response, e);
        }
    }

    /** The response sink threw: counted and reported, as {@link #listenerThrew} does for listeners. */
    void responseFailed(PageRequest request, PageResponse response, Throwable e) {
        rethrowIfFatal(e);
        ledger.responseFailures.increment();
        try {
            listener.responseFailed(request, response, e);
        } catch (Throwable listenerError) {
            listenerThrew(listenerError);
        }
    }

    void notifyAnsweredByRouter(PageRequest last, PageResponse response, String why) {
        FaultEvents.pageResponse(last, response, why);
        try {
            listener.answeredByRouter(last, response, why);
        } catch (Throwable e) {
            listenerThrew(e);
        }
    }

    List<DeviceState> devices() {
        return devices;
    }
}
