package io.faultline.runtime;

import io.faultline.api.PageRequest;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Which page-request group one routing thread's handler is answering synchronously right now, so
 * that another thread (a watchdog calling {@link Shared#expireOverdue}) can answer the group
 * INVALID if the handler has not returned by the response deadline: a handler that blocks must
 * not leave the device waiting. One compare-and-set decides who answers: the routing thread when
 * the handler returns, or the watchdog — never both.
 */
final class HandlerWatch {
    private static final VarHandle CURRENT;
    private static final VarHandle ENTRIES;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            CURRENT = l.findVarHandle(HandlerWatch.class, "current", PageRequest.class);
            ENTRIES = l.findVarHandle(HandlerWatch.class, "entries", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // Written by the routing thread; read and claimed by the watchdog.
    @SuppressWarnings("unused") // through CURRENT
    private PageRequest current;
    private long entries;

    // The watchdog's memory of what it saw last time (under this object's lock).
    private long seenEntries = -1;
    private long seenSince;

    /** Routing thread: a handler is about to answer the group {@code last} closes. */
    void enter(PageRequest last) {
        ENTRIES.setOpaque(this, entries + 1);
        CURRENT.setRelease(this, last); // after the entry count: the watchdog reads them in reverse
    }

    /** Routing thread: the handler returned (or deferred); false if the watchdog answered meanwhile. */
    boolean exit(PageRequest last) {
        return CURRENT.compareAndSet(this, last, null);
    }

    /** Claims the group a handler is answering right now, whatever its age, or returns null. */
    synchronized PageRequest claimNow() {
        return claim((PageRequest) CURRENT.getAcquire(this));
    }

    /**
     * Watchdog: claims the group whose handler has been running for at least {@code deadlineNanos}
     * (measured from the first check that saw it running), or returns null. The caller answers it.
     */
    synchronized PageRequest claimOverdue(long now, long deadlineNanos) {
        PageRequest r = (PageRequest) CURRENT.getAcquire(this);
        if (r == null) {
            seenEntries = -1;
            return null;
        }
        long e = (long) ENTRIES.getOpaque(this);
        if (e != seenEntries) {
            seenEntries = e; // a handler entered since the last check: start its clock
            seenSince = now;
            return null;
        }
        return now - seenSince < deadlineNanos ? null : claim(r);
    }

    /** Takes {@code r} from the routing thread, unless its handler returned meanwhile (or r is null). */
    private PageRequest claim(PageRequest r) {
        if (r == null || !CURRENT.compareAndSet(this, r, null)) {
            return null;
        }
        seenEntries = -1;
        return r;
    }
}
