package io.faultline.api;

/**
 * Implemented by a driver that wants to hear when storm control quarantines its device (for
 * example to reset it) and when the device is released. Called on the routing thread.
 */
public interface QuarantineAware {

    /**
     * The device reported more faults than its rate limit allows; until released, its faults are
     * only counted and its page requests answered INVALID.
     *
     * @param faultsInWindow faults seen in the window that tripped the limit
     */
    void quarantined(int requesterId, long faultsInWindow);

    /** The quarantine passed; {@code suppressed} faults were counted but not handled meanwhile. */
    default void released(int requesterId, long suppressed) {
    }
}
