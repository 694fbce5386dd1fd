package io.faultline.runtime;

import io.faultline.api.FaultDispatcher;
import io.faultline.api.PageRequest;
import io.faultline.api.PageRequestGroup;
import io.faultline.api.PageRequestScope;
import io.faultline.api.PageResponder;
import io.faultline.api.PageResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The routing thread's reusable {@link PageRequestScope}: builds the group and the deferred
 * responder only when a handler asks for them, so a synchronous handler allocates nothing.
 */
final class GroupScope implements PageRequestScope {
    private final Shared shared;
    private final HandlerWatch watch; // null unless the router watches handlers
    private PageRequest last;
    private FaultDispatcher<?> dispatcher; // the binding the handler runs under
    private long teardownGeneration; // PASID teardowns settled when the handler started
    private List<PageRequest> earlier;
    private PageRequestGroup group;
    DeferredResponse deferred;
    boolean tableFull;
    /** The watchdog answered the group while the handler ran. */
    boolean timedOut;

    GroupScope(Shared shared, HandlerWatch watch) {
        this.shared = shared;
        this.watch = watch;
    }

    void open(PageRequest last, List<PageRequest> earlier, FaultDispatcher<?> dispatcher) {
        this.last = last;
        this.dispatcher = dispatcher;
        this.teardownGeneration = shared.teardowns.settled();
        this.earlier = earlier;
        this.group = null;
        this.deferred = null;
        this.tableFull = false;
        this.timedOut = false;
        if (watch != null) {
            watch.enter(last);
        }
    }

    /** The handler returned or threw; false if the watchdog answered the group meanwhile. */
    boolean handlerReturned() {
        return deferred != null ? !timedOut : reclaim(); // a deferring handler reclaimed it in defer()
    }

    /** Takes the group back from the watch; false (and timedOut) if the watchdog answered it already. */
    private boolean reclaim() {
        if (watch != null && !watch.exit(last)) {
            timedOut = true;
        }
        return !timedOut;
    }

    void close() {
        last = null;
        dispatcher = null;
        earlier = null;
        group = null;
        deferred = null;
    }

    @Override
    public PageRequestGroup group() {
        requireOpen();
        if (group == null) {
            if (earlier == null || earlier.isEmpty()) {
                group = PageRequestGroup.of(last);
            } else {
                List<PageRequest> all = new ArrayList<>(earlier.size() + 1);
                all.addAll(earlier);
                all.add(last);
                group = PageRequestGroup.of(all);
            }
        }
        return group;
    }

    @Override
    public PageResponder defer() {
        requireOpen();
        if (deferred != null) {
            return deferred;
        }
        GroupKey key = GroupKey.of(last);
        DeferredResponse d = new DeferredResponse(key, last, shared.clock.getAsLong() + shared.deadlineNanos, shared);
        if (!reclaim()) {
            // The handler ran past the deadline before deferring: the group is answered already,
            // so this responder refuses (respond returns false, counted).
            d.markAnswered();
        } else if (shared.deferred.size() >= shared.maxDeferredGroups) {
            // No room to track it: answer now so the device is not left waiting; the handler's
            // later answer is rejected (respond returns false).
            tableFull = true;
            d.answerByRouter(PageResponse.INVALID, "pending-group table full", null);
        } else {
            shared.deferred.put(key, d);
            // unbind swaps the bindings (teardown logs itself), then cancels what is deferred; here
            // the put comes first, then the read: one side sees the other, so a group deferred while
            // its driver is unbound or its PASID torn down is answered now, not at its deadline.
            if (shared.bindings.get(last.requesterId()) != dispatcher) {
                d.answerByRouter(PageResponse.INVALID, "device unbound", shared.ledger.deferredCancelled);
            } else if (shared.teardowns.tornDownSince(teardownGeneration, key.requesterId(), key.pasid())) {
                d.answerByRouter(PageResponse.INVALID, "PASID torn down", shared.ledger.deferredCancelled);
            }
        }
        deferred = d;
        return d;
    }

    // The scope is the routing thread's and is reused for the next group: a dispatcher that kept it
    // is refused between groups. (Used while another group's handler runs, it cannot be told apart.)
    private void requireOpen() {
        if (last == null) {
            throw new IllegalStateException("a PageRequestScope is usable only while its handler runs; "
                    + "take the PageResponder or PageRequestGroup as a handler parameter");
        }
    }
}
