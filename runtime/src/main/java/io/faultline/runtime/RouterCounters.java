package io.faultline.runtime;

import io.faultline.api.FaultType;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The router's counters. Written by the routing thread only (single writer: a plain increment
 * published with opaque stores, so counting costs no locked instruction on the hot path); read
 * from any thread through {@link #snapshot()}.
 */
final class RouterCounters {
    static final int OUTCOMES = RouteOutcome.values().length;
    static final int TYPES = FaultType.values().length;
    static final int STAGES = Stage.values().length;

    private final AtomicLongArray byCell = new AtomicLongArray(OUTCOMES * TYPES * STAGES);
    private final AtomicLongArray responses = new AtomicLongArray(PageResponse.values().length);
    // [0] response sink failures, [1] listener failures
    private final AtomicLongArray failures = new AtomicLongArray(2);

    static int cell(RouteOutcome outcome, FaultType type, Stage stage) {
        return (outcome.ordinal() * TYPES + type.ordinal()) * STAGES + stage.ordinal();
    }

    void count(RouteOutcome outcome, FaultType type, Stage stage) {
        increment(byCell, cell(outcome, type, stage));
    }

    void response(PageResponse response) {
        increment(responses, response.ordinal());
    }

    void responseFailure() {
        increment(failures, 0);
    }

    void listenerFailure() {
        increment(failures, 1);
    }

    // Single writer: a plain read and an opaque store (a plain mov on x86) instead of a locked
    // read-modify-write, which would cost more than the whole dispatch.
    private static void increment(AtomicLongArray array, int i) {
        array.setOpaque(i, array.getPlain(i) + 1);
    }

    RouterStats snapshot() {
        return new RouterStats(copy(byCell), copy(responses), failures.getOpaque(0), failures.getOpaque(1));
    }

    private static long[] copy(AtomicLongArray array) {
        long[] c = new long[array.length()];
        for (int i = 0; i < c.length; i++) {
            c[i] = array.getOpaque(i);
        }
        return c;
    }
}
