package io.faultline.runtime;

/**
 * What a router did with one fault when it routed it. Every routed fault is counted under exactly
 * one outcome, and every outcome belongs to one {@link Category}, so that at every snapshot
 * {@code received = handled + answered by default + dropped}.
 */
public enum RouteOutcome {
    /** A handler took the fault (for a page request: and its response was sent). */
    HANDLED(Category.HANDLED),
    /** A page-request handler took the group and will answer through its responder. */
    DEFERRED(Category.HANDLED),
    /** A page request that is not the last of its group: collected, handled with its group. */
    GROUP_PENDING(Category.HANDLED),
    /** A handler looked at the fault and asked for the stage's default action. */
    DEFAULT_ACTION(Category.DEFAULT),
    /** No driver is bound to the fault's requester id; the default action applies. */
    NO_DRIVER(Category.DEFAULT),
    /** The bound driver has no handler for the fault's (type, stage); the default action applies. */
    NO_HANDLER(Category.DEFAULT),
    /** The handler threw or returned no response; counted, default action, a page request answered. */
    HANDLER_FAILED(Category.DEFAULT),
    /**
     * A page-request handler did not return within the response deadline: the router answered
     * INVALID on its behalf while it ran, and refused its answer when it returned.
     */
    HANDLER_TIMED_OUT(Category.DEFAULT),
    /** The device is quarantined by storm control; counted and summarised, a page request answered. */
    DROPPED_QUARANTINED(Category.DROPPED),
    /** The pending-group table was full; a closing page request was answered INVALID. */
    DROPPED_TABLE_FULL(Category.DROPPED),
    /** A group with the same (requester, PASID, index) is still pending; its one answer covers both. */
    DROPPED_DUPLICATE_GROUP(Category.DROPPED),
    /** The asynchronous router's queue was full and the router rejects; a page request answered. */
    DROPPED_QUEUE_FULL(Category.DROPPED),
    /** Submitted to an asynchronous router that was shutting down; a page request answered. */
    DROPPED_SHUTDOWN(Category.DROPPED);

    /** The three kinds of outcome the accounting invariant adds up. */
    public enum Category { HANDLED, DEFAULT, DROPPED }

    private final Category category;

    RouteOutcome(Category category) {
        this.category = category;
    }

    public Category category() {
        return category;
    }

    /** Whether the fault reached a handler that completed normally (or will answer later). */
    public boolean handled() {
        return category == Category.HANDLED;
    }
}
