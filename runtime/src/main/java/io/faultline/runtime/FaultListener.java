package io.faultline.runtime;

import io.faultline.api.Fault;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;

/**
 * Hears what a router could not hand to a handler, and what it answered on a handler's behalf.
 * This is where the integrator applies a stage's
 * {@linkplain io.faultline.api.Stage#defaultAction() default action}: shut the device down on a
 * CONTEXT fault, log a fault with no stage, and so on. Everything reported here is also counted.
 *
 * <p>Called on the routing thread, except {@link #answeredByRouter} and {@link #responseFailed},
 * which may come from the thread that hit a deadline, unbound a device or answered late. Keep it
 * short. Anything a listener throws is caught and counted.
 */
public interface FaultListener {

    /**
     * No handler took the fault: {@code why} is a {@link RouteOutcome} of category DEFAULT or
     * DROPPED. Apply {@code fault.stage().defaultAction()}. A page request has already been
     * answered when this is called.
     */
    default void unhandled(Fault fault, RouteOutcome why) {
    }

    /** A handler threw. Called before {@link #unhandled}. */
    default void handlerFailed(Fault fault, Throwable error) {
    }

    /**
     * The router answered a group a handler had deferred: its deadline passed, its device was
     * unbound, its PASID torn down, or the router shut down ({@code why} says which).
     */
    default void answeredByRouter(PageRequest last, PageResponse response, String why) {
    }

    /** The response sink could not send a page response. */
    default void responseFailed(PageRequest request, PageResponse response, Throwable error) {
    }

    /** Storm control quarantined a device. */
    default void quarantined(int requesterId, long faultsInWindow) {
    }

    /** One line per storm-control window while a device stays quarantined: what was suppressed. */
    default void quarantineSummary(int requesterId, long suppressedInWindow) {
    }

    /** A quarantined device was released. */
    default void released(int requesterId, long suppressed) {
    }

    /**
     * A page request that did not close its group was discarded: the group never closed in time,
     * the table of open groups was full, or the source reported an overflow.
     */
    default void partialRequestDropped(PageRequest request, String why) {
    }

    /** A listener that does nothing; the router's counters still count. */
    FaultListener NONE = new FaultListener() {
    };
}
