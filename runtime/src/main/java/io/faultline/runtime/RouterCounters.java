package io.faultline.runtime;

import io.faultline.api.FaultType;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters written by one routing thread (single writer: a plain read and an opaque store, a plain
 * mov on x86, instead of a locked read-modify-write that would cost more than the whole dispatch);
 * read from any thread by snapshots.
 */
final class RouterCounters {
    static final int OUTCOMES = RouteOutcome.values().length;
    static final int TYPES = FaultType.values().length;
    static final int STAGES = Stage.values().length;
    static final int CELLS = OUTCOMES * TYPES * STAGES;

    final AtomicLongArray byCell = new AtomicLongArray(CELLS);
    final AtomicLongArray responses = new AtomicLongArray(PageResponse.values().length);

    static int cell(RouteOutcome outcome, FaultType type, Stage stage) {
        return (outcome.ordinal() * TYPES + type.ordinal()) * STAGES + stage.ordinal();
    }

    void count(int cell) {
        byCell.setOpaque(cell, byCell.getPlain(cell) + 1);
    }

    void response(PageResponse response) {
        int i = response.ordinal();
        responses.setOpaque(i, responses.getPlain(i) + 1);
    }
}
