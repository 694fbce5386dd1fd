package io.faultline.api;

/**
 * What a router offers the generated dispatcher while one page-request group is being handled. Not
 * for driver code: handlers receive a {@link PageRequestGroup} or a {@link PageResponder} parameter
 * instead. Both are created only when a handler asks for them, so synchronous handlers cost nothing.
 */
public interface PageRequestScope {

    /** Every request of the group being handled. */
    PageRequestGroup group();

    /**
     * Defers the group's response to the returned one-shot responder; the dispatcher then returns
     * {@code null} and the router waits for the answer (up to its deadline).
     */
    PageResponder defer();
}
