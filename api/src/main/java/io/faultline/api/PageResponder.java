package io.faultline.api;

/**
 * Answers one page-request group, once, possibly later and from another thread. A page-request
 * handler that takes a {@code PageResponder} parameter returns {@code void} and must call
 * {@link #respond} exactly once; if it does not do so before the router's deadline, the router
 * answers {@link PageResponse#INVALID} itself.
 */
public interface PageResponder {

    /** The request that closed the group. */
    PageRequest request();

    /**
     * Sends the group's response.
     *
     * @return true if this call sent it; false, sending nothing, if the group was already answered
     *         (by an earlier call, the deadline, an unbind or a PASID teardown)
     */
    boolean respond(PageResponse response);

    /** Whether the group has been answered, by anyone. */
    boolean isAnswered();
}
