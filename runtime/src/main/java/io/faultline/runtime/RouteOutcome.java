package io.faultline.runtime;

/** What a router did with one fault. Every routed fault ends in exactly one outcome. */
public enum RouteOutcome {
    /** A handler took the fault (for a page request: and its response was sent). */
    HANDLED,
    /** A handler looked at the fault and asked for the stage's default action. */
    DEFAULT_ACTION,
    /** No driver is bound to the fault's requester id; the stage's default action applies. */
    NO_DRIVER,
    /** The bound driver has no handler for the fault's (type, stage); the default action applies. */
    NO_HANDLER,
    /** The handler threw (or returned no response); the fault was counted, a page request answered. */
    HANDLER_FAILED,
    /** A page request that is not the last of its group: held until the group closes. */
    GROUP_PENDING;

    /** Whether the fault reached a handler that completed normally. */
    public boolean handled() {
        return this == HANDLED;
    }
}
