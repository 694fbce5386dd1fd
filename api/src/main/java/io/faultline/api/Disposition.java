package io.faultline.api;

/**
 * What an unrecoverable-fault handler did with a fault. A handler returning {@code void} counts as
 * {@link #HANDLED}.
 */
public enum Disposition {
    /** The handler dealt with the fault. */
    HANDLED,
    /**
     * The handler looked at the fault and asks the router to apply the stage's
     * {@linkplain Stage#defaultAction() default action}, as if no handler existed.
     */
    DEFAULT_ACTION
}
