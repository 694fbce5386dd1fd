package io.faultline.runtime;

import io.faultline.api.FaultDispatcher;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What one routing thread knows about one device: its cached binding, its counters per
 * (outcome, type, stage), and its storm-control window. Written only by the thread that routes
 * the device's faults; the counters are read by snapshots from any thread.
 */
final class DeviceState {
    /** Requester id, or {@link #OTHER} for the shared state of devices beyond the tracking limit. */
    final int requesterId;
    final boolean other;
    final AtomicLongArray counts = new AtomicLongArray(RouterCounters.CELLS);

    // Binding cache: valid while the shared table is the one it was read from.
    BindingTable seenTable;
    FaultDispatcher<?> dispatcher;

    // Storm control (fixed window; the clock is read only when the count passes the limit).
    long windowStart;
    long windowCount;
    boolean quarantined;
    long quarantinedUntil;
    long lastSummary;
    long suppressedSinceSummary;
    long suppressedTotal;

    static final int OTHER = -1;

    DeviceState(int requesterId, boolean other) {
        this.requesterId = requesterId;
        this.other = other;
    }

    void count(int cell) {
        counts.setOpaque(cell, counts.getPlain(cell) + 1);
    }
}
