package io.faultline.runtime;

import io.faultline.api.Fault;
import io.faultline.api.FaultDispatcher;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.MpmcArrayQueue;
import org.jctools.queues.MpscArrayQueue;

/**
 * Routes faults on N worker threads. Faults are sharded by requester id, so each device's faults
 * are handled in order, by one worker, with that worker's own single-writer counters. Producers
 * (any number of threads: IOMMU queue readers, a replay tool) call {@link #submit}; each worker
 * has a bounded lock-free queue (JCTools {@code MpscArrayQueue}). When a queue is full the
 * router blocks the producer, rejects the new fault or drops the oldest queued one, as configured
 * ({@link WhenFull}); a dropped fault is counted as {@link RouteOutcome#DROPPED_QUEUE_FULL} and, if
 * it closes a page-request group, answered INVALID at once — never lost. A watchdog thread answers INVALID, every millisecond,
 * the deferred groups past their deadline and a group whose handler is still running at the
 * response deadline, so a handler that blocks never leaves its device waiting (the worker's other devices do wait: give
 * slow drivers their own router, or defer).
 *
 * <p>{@link #shutdown} stops accepting, lets the workers drain what is queued, answers INVALID for
 * every group still awaiting a deferred answer, and joins the workers.
 */
public final class AsyncFaultRouter implements FaultSink, AutoCloseable {

    /** What {@link #submit} does when the device's worker queue is full. */
    public enum WhenFull {
        /** Wait (spin, then park) until there is room: no fault is dropped; producers slow down. */
        BLOCK,
        /** Refuse the fault at once: counted as dropped, a closing page request answered INVALID. */
        REJECT,
        /**
         * Drop the oldest queued fault to make room, so the newest are kept (during a storm, the
         * device's latest state): counted and answered like a rejected fault. A queued
         * {@link #discardPartialGroups()} request is never dropped; when it is the oldest, the new
         * fault is rejected instead. The queues are multi-consumer ({@code MpmcArrayQueue}), which
         * costs the workers a little throughput.
         */
        DROP_OLDEST
    }

    private final Shared shared;
    private final Worker[] workers;
    private final Thread watchdog;
    private volatile boolean stopped;
    private final WhenFull whenFull;
    private final LongAdder[] frontCells = new LongAdder[RouterCounters.CELLS];
    private volatile boolean accepting = true;
    /** Queued like a fault: the worker discards its open groups when it reaches it, in order. */
    private static final Object DISCARD_PARTIAL_GROUPS = new Object();
    /** How often the watchdog checks deadlines: a group is answered at most about this late. */
    private static final long WATCHDOG_PERIOD_NANOS = 1_000_000L;

    private AsyncFaultRouter(Builder b) {
        this.shared = new Shared(b.router, true); // a worker stuck in a handler is the watchdog's to answer for
        this.whenFull = b.whenFull;
        for (int i = 0; i < frontCells.length; i++) {
            frontCells[i] = new LongAdder();
        }
        shared.frontCells = frontCells;
        this.workers = new Worker[b.workers];
        for (int i = 0; i < workers.length; i++) {
            MessagePassingQueue<Object> queue = whenFull == WhenFull.DROP_OLDEST
                    ? new MpmcArrayQueue<>(b.queueCapacity) : new MpscArrayQueue<>(b.queueCapacity);
            workers[i] = new Worker(i, this, new FaultRouter(shared), queue, b.idlePollNanos);
        }
        for (Worker w : workers) {
            w.thread.start();
        }
        // Deadlines are kept here, not on the workers: a busy worker never idles, and a worker
        // stuck in a handler cannot expire its own group.
        this.watchdog = new Thread(() -> {
            while (!stopped) {
                LockSupport.parkNanos(WATCHDOG_PERIOD_NANOS);
                shared.expireOverdue();
            }
        }, "faultline-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds a device to a driver (see {@link FaultRouter#bind}). */
    public void bind(int requesterId, FaultDispatcher<?> dispatcher) {
        shared.bind(requesterId, Objects.requireNonNull(dispatcher, "dispatcher"));
    }

    /** Unbinds a device and answers its deferred groups INVALID (see {@link FaultRouter#unbind}). */
    public FaultDispatcher<?> unbind(int requesterId) {
        return shared.unbind(requesterId);
    }

    /** See {@link FaultRouter#tearDownPasid}. */
    public int tearDownPasid(int requesterId, int pasid) {
        return shared.tearDownPasid(requesterId, pasid);
    }

    /** See {@link FaultRouter#respond(int, int, int, PageResponse)}. */
    public boolean respond(int requesterId, int pasid, int groupIndex, PageResponse response) {
        return workers[0].router.respond(requesterId, pasid, groupIndex, response);
    }

    /** Groups awaiting a deferred answer. */
    public int pendingGroups() {
        return shared.deferred.size();
    }

    /** Faults queued and not yet routed, over all workers. */
    public long queued() {
        long n = 0;
        for (Worker w : workers) {
            n += w.queue.size();
        }
        return n;
    }

    /** A snapshot of every counter: what the workers routed plus what the front door dropped. */
    public RouterStats stats() {
        return RouterStats.of(shared);
    }

    @Override
    public void accept(Fault fault) {
        submit(fault);
    }

    /**
     * Queues a fault for its device's worker.
     *
     * @return true if queued; false if it was dropped (queue full with {@link WhenFull#REJECT}, or
     *         the router is shut down) — counted, and answered INVALID if it closes a group
     */
    public boolean submit(Fault fault) {
        Worker w = workers.length == 1 ? workers[0] : workers[shard(fault)];
        if (!accepting) {
            drop(fault, RouteOutcome.DROPPED_SHUTDOWN);
            return false;
        }
        if (!w.queue.offer(fault) && !offerWhenFull(w, fault)) {
            return false;
        }
        // The offer is a CAS (a full fence), so either this read sees a shut-down worker's queue
        // closed, or shutdown's final drain sees this fault: no fault stays queued unrouted.
        // Without this, every submit would need a shared in-flight counter (two atomic updates).
        if (w.closed) {
            w.drainClosed(this);
        }
        return true;
    }

    private boolean offerWhenFull(Worker w, Object item) {
        if (whenFull == WhenFull.REJECT && item instanceof Fault fault) {
            drop(fault, RouteOutcome.DROPPED_QUEUE_FULL);
            return false;
        }
        if (whenFull == WhenFull.DROP_OLDEST && item instanceof Fault fault) {
            return dropOldestFor(w, fault);
        }
        int spins = 0;
        while (!w.queue.offer(item)) {
            if (shuttingDown(w)) {
                if (item instanceof Fault fault) {
                    drop(fault, RouteOutcome.DROPPED_SHUTDOWN);
                }
                return false;
            }
            if (++spins < 100) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(10_000);
            }
        }
        return true;
    }

    /** The worker is stopped or draining for shutdown: a full queue will not make room for new faults. */
    private boolean shuttingDown(Worker w) {
        return w.closed || !accepting && w.stopWhenEmpty;
    }

    // Multi-consumer queue: this producer may take the head while the worker takes the next one.
    private boolean dropOldestFor(Worker w, Fault fault) {
        while (true) {
            if (shuttingDown(w)) {
                drop(fault, RouteOutcome.DROPPED_SHUTDOWN); // shutting down: what is queued is shutdown's
                return false;
            }
            Object oldest = w.queue.poll();
            if (oldest instanceof Fault old) {
                drop(old, RouteOutcome.DROPPED_QUEUE_FULL);
            } else if (oldest != null) {
                // A discard request is never dropped: it goes back (to the tail: it then also
                // discards groups opened since) and the new fault is the one refused.
                offerWhenFull(w, oldest);
                drop(fault, RouteOutcome.DROPPED_QUEUE_FULL);
                return false;
            }
            if (w.queue.offer(fault)) {
                return true;
            }
        }
    }

    /**
     * Asks every worker to drop the requests of page-request groups that are still open (their
     * last request may have been lost, for example when a hardware queue overflowed), after the
     * faults already submitted are routed: see {@link FaultRouter#discardPartialGroups}. The
     * dropped requests are counted ({@link RouterStats#partialRequestsDropped()}) and reported
     * to {@link FaultListener#partialRequestDropped}. Returns once every worker has the request
     * queued, not when it is done; a shut-down router ignores the call.
     */
    public void discardPartialGroups() {
        for (Worker w : workers) {
            if (accepting && !w.queue.offer(DISCARD_PARTIAL_GROUPS)) {
                offerWhenFull(w, DISCARD_PARTIAL_GROUPS); // always waits: a marker is never rejected
            }
        }
    }

    private int shard(Fault fault) {
        if (!fault.hasRequesterId()) {
            return 0;
        }
        int h = fault.requesterId() * 0x9E3779B9;
        return Math.floorMod(h ^ (h >>> 16), workers.length);
    }

    private void drop(Fault fault, RouteOutcome why) {
        frontCells[RouterCounters.cell(why, fault.type(), fault.stage())].increment();
        FaultEvents.faultRouted(fault, why);
        if (fault instanceof PageRequest r) {
            if (r.lastInGroup()) {
                if (!shared.groupPending(r)) { // else the pending answer completes the group index
                    shared.sendOffThread(r, PageResponse.INVALID);
                    shared.notifyAnsweredByRouter(r, PageResponse.INVALID, why.name());
                }
            } else {
                shared.ledger.partialRequestsDropped.increment();
            }
        }
        try {
            shared.listener.unhandled(fault, why);
        } catch (Throwable e) {
            shared.listenerThrew(e);
        }
    }

    /**
     * Stops accepting faults, lets the workers route everything already queued (up to
     * {@code timeout}), answers INVALID for every group still awaiting a deferred answer, drops
     * (counted, reported) the requests of groups that never closed, and stops the workers.
     *
     * <p>A worker still inside a handler when the timeout passes is abandoned: the group that
     * handler serves is answered INVALID now; the faults queued behind it stay queued (see
     * {@link #queued()}) until the handler returns, and are then dropped, counted as
     * {@link RouteOutcome#DROPPED_SHUTDOWN} and, when they close a group, answered INVALID.
     *
     * @return true if everything queued was routed within the timeout
     */
    public boolean shutdown(Duration timeout) {
        accepting = false;
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean drained = true;
        for (Worker w : workers) {
            w.stopWhenEmpty = true;
            LockSupport.unpark(w.thread);
        }
        for (Worker w : workers) {
            try {
                long left = deadline - System.nanoTime();
                w.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (w.thread.isAlive()) {
                drained = false;
                w.abandon = true;
                LockSupport.unpark(w.thread);
            }
        }
        for (Worker w : workers) {
            try {
                w.thread.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // Whatever is left once the worker is gone is dropped, counted and answered: by this
            // thread now, or by a producer whose offer lands after this (it sees closed).
            if (!w.thread.isAlive()) {
                w.closed = true;
                w.drainClosed(this);
            }
        }
        shared.cancelAll("router shut down");
        stopped = true;
        LockSupport.unpark(watchdog);
        return drained;
    }

    /** {@link #shutdown} with a 10-second drain. */
    @Override
    public void close() {
        shutdown(Duration.ofSeconds(10));
    }

    @Override
    public String toString() {
        List<String> queues = new ArrayList<>();
        for (Worker w : workers) {
            queues.add(String.valueOf(w.queue.size()));
        }
        return "AsyncFaultRouter: " + workers.length + " workers, queued " + queues + ", " + pendingGroups()
                + " groups awaiting an answer\n" + stats();
    }

    /** One routing thread with its own queue and routing core. */
    private static final class Worker implements Runnable {
        final AsyncFaultRouter owner;
        final FaultRouter router;
        final MessagePassingQueue<Object> queue;
        final Thread thread;
        final long idlePollNanos;
        volatile boolean stopWhenEmpty;
        volatile boolean abandon;
        /** Set by shutdown once this worker has stopped: whoever queues after that drains. */
        volatile boolean closed;

        Worker(int index, AsyncFaultRouter owner, FaultRouter router, MessagePassingQueue<Object> queue,
                long idlePollNanos) {
            this.owner = owner;
            this.router = router;
            this.queue = queue;
            this.idlePollNanos = idlePollNanos;
            this.thread = new Thread(this, "faultline-router-" + index);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            int idle = 0;
            int routed = 0;
            long lastHousekeeping = System.nanoTime();
            while (!abandon) {
                Object item = queue.relaxedPoll();
                if (item != null) {
                    idle = 0;
                    try {
                        if (item == DISCARD_PARTIAL_GROUPS) {
                            router.discardPartialGroups();
                        } else {
                            router.route((Fault) item);
                        }
                    } catch (VirtualMachineError e) {
                        // Counted and answered by the router; this worker carries on.
                    }
                    if ((++routed & 4095) == 0) { // a busy worker never idles: look at the clock now and then
                        lastHousekeeping = housekeeping(lastHousekeeping);
                    }
                    continue;
                }
                if (stopWhenEmpty && queue.isEmpty()) {
                    break;
                }
                lastHousekeeping = housekeeping(lastHousekeeping);
                if (++idle < 1_000) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(idlePollNanos);
                }
            }
            // Groups still open can no longer close here: dropped, counted and reported.
            router.discardPartialGroups();
            if (abandon) {
                // A handler returned after shutdown gave up waiting: this thread, still the queue's
                // one consumer, drops what queued up behind it; later producers see closed.
                closed = true;
                drainClosed(owner);
            }
        }

        /** Sweeps open groups past their timeout, at most once a millisecond; returns the time of the last sweep. */
        private long housekeeping(long last) {
            long now = System.nanoTime();
            if (now - last < 1_000_000) {
                return last;
            }
            router.sweep(); // open groups belong to this thread; deadlines are the watchdog's
            return now;
        }

        /** Drops what is queued on a stopped worker; the lock makes this thread its one consumer. */
        synchronized void drainClosed(AsyncFaultRouter owner) {
            Object item;
            while ((item = queue.poll()) != null) {
                if (item != DISCARD_PARTIAL_GROUPS) {
                    owner.drop((Fault) item, RouteOutcome.DROPPED_SHUTDOWN);
                }
            }
        }
    }

    /** Configures an {@link AsyncFaultRouter}. */
    public static final class Builder {
        private int workers = 1;
        private int queueCapacity = 65_536;
        private WhenFull whenFull = WhenFull.BLOCK;
        private long idlePollNanos = 50_000;
        private FaultRouter.Builder router = FaultRouter.builder();

        private Builder() {
        }

        /** Worker threads; a device's faults always go to the same one. Default 1. */
        public Builder workers(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("workers must be at least 1: " + n);
            }
            this.workers = n;
            return this;
        }

        /** Faults each worker's queue holds. Default 65536. */
        public Builder queueCapacity(int capacity) {
            if (capacity < 2) {
                throw new IllegalArgumentException("queueCapacity must be at least 2: " + capacity);
            }
            this.queueCapacity = capacity;
            return this;
        }

        /** What {@link #submit} does when a queue is full. Default {@link WhenFull#BLOCK}. */
        public Builder whenFull(WhenFull policy) {
            this.whenFull = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** How long an idle worker parks between polls (latency of the first fault after a lull). */
        public Builder idlePoll(Duration d) {
            this.idlePollNanos = Math.max(1_000, d.toNanos());
            return this;
        }

        /**
         * The routing configuration every worker uses: response sink (must be thread-safe),
         * listener, deadlines, table sizes, storm control.
         */
        public Builder router(FaultRouter.Builder router) {
            this.router = Objects.requireNonNull(router, "router");
            return this;
        }

        public AsyncFaultRouter build() {
            return new AsyncFaultRouter(this);
        }
    }
}
