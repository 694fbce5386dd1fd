package io.faultline.runtime;

import io.faultline.api.FaultType;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;

/**
 * An immutable snapshot of a router's counters: every routed fault is in exactly one
 * (outcome, type, stage) cell, so {@link #received()} is the sum over all outcomes.
 */
public final class RouterStats {
    private final long[] byCell;
    private final long[] responses;
    private final long responseFailures;
    private final long listenerFailures;

    RouterStats(long[] byCell, long[] responses, long responseFailures, long listenerFailures) {
        this.byCell = byCell;
        this.responses = responses;
        this.responseFailures = responseFailures;
        this.listenerFailures = listenerFailures;
    }

    /** Faults routed. */
    public long received() {
        long n = 0;
        for (long c : byCell) {
            n += c;
        }
        return n;
    }

    /** Faults that ended in {@code outcome}. */
    public long count(RouteOutcome outcome) {
        long n = 0;
        for (FaultType t : FaultType.values()) {
            for (Stage s : Stage.values()) {
                n += count(outcome, t, s);
            }
        }
        return n;
    }

    /** Faults of this type and stage that ended in {@code outcome}. */
    public long count(RouteOutcome outcome, FaultType type, Stage stage) {
        return byCell[RouterCounters.cell(outcome, type, stage)];
    }

    /** Page responses handed to the response sink, by code. */
    public long responses(PageResponse response) {
        return responses[response.ordinal()];
    }

    /** Page responses the sink failed to send (it threw). */
    public long responseFailures() {
        return responseFailures;
    }

    /** Exceptions thrown by the router's {@link FaultListener}, caught and counted. */
    public long listenerFailures() {
        return listenerFailures;
    }

    /** A table a person can read: one line per non-zero (type, stage, outcome), then responses. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("received ").append(received()).append('\n');
        for (FaultType t : FaultType.values()) {
            for (Stage s : Stage.values()) {
                for (RouteOutcome o : RouteOutcome.values()) {
                    long c = count(o, t, s);
                    if (c != 0) {
                        sb.append(String.format("  %-13s %-7s %-15s %d%n", t, s, o, c));
                    }
                }
            }
        }
        sb.append("responses");
        for (PageResponse r : PageResponse.values()) {
            sb.append(' ').append(r).append('=').append(responses(r));
        }
        if (responseFailures != 0) {
            sb.append(" send-failures=").append(responseFailures);
        }
        if (listenerFailures != 0) {
            sb.append("\nlistener failures ").append(listenerFailures);
        }
        return sb.toString();
    }
}
