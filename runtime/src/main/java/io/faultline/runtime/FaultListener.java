package io.faultline.runtime;

import io.faultline.api.Fault;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;

/**
 * Hears what a router could not hand to a handler. This is where the integrator applies a stage's
 * {@linkplain io.faultline.api.Stage#defaultAction() default action}: shut the device down on a
 * CONTEXT fault, log a fault with no stage, and so on. Everything reported here is also counted.
 *
 * <p>Called on the routing thread; keep it short. Anything a listener throws is caught and counted.
 */
public interface FaultListener {

    /**
     * No handler took the fault: {@code why} is {@link RouteOutcome#NO_DRIVER},
     * {@link RouteOutcome#NO_HANDLER}, {@link RouteOutcome#DEFAULT_ACTION} or
     * {@link RouteOutcome#HANDLER_FAILED}. Apply {@code fault.stage().defaultAction()}. A page
     * request has already been answered when this is called.
     */
    default void unhandled(Fault fault, RouteOutcome why) {
    }

    /** A handler threw. Called before {@link #unhandled}. */
    default void handlerFailed(Fault fault, Throwable error) {
    }

    /** The response sink could not send a page response. */
    default void responseFailed(PageRequest request, PageResponse response, RuntimeException error) {
    }

    /** A listener that does nothing; the router's counters still count. */
    FaultListener NONE = new FaultListener() {
    };
}
