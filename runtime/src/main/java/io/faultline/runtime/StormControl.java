package io.faultline.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-device rate limit. A device that reports more than {@code limit} faults within
 * {@code window} is quarantined for {@code quarantine}: its faults are counted and summarised (one
 * summary per {@code window}) instead of being handled one by one, its page requests are answered
 * INVALID, and its driver hears about it ({@link io.faultline.api.QuarantineAware}). The device is
 * released automatically when the quarantine has passed.
 */
public record StormControl(int limit, Duration window, Duration quarantine) {

    /** No rate limit. */
    public static final StormControl OFF = new StormControl(Integer.MAX_VALUE, Duration.ofSeconds(1), Duration.ZERO);

    public StormControl {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(quarantine, "quarantine");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        if (quarantine.isNegative()) {
            throw new IllegalArgumentException("quarantine must not be negative: " + quarantine);
        }
    }

    /** At most {@code limit} faults per {@code window}, else quarantine for {@code quarantine}. */
    public static StormControl of(int limit, Duration window, Duration quarantine) {
        return new StormControl(limit, window, quarantine);
    }

    boolean enabled() {
        return limit != Integer.MAX_VALUE;
    }
}
