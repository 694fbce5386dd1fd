package io.faultline.runtime;

import io.faultline.api.FaultType;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An immutable snapshot of a router's counters. Every routed fault is in exactly one
 * (outcome, type, stage) cell, so {@code received() == handled + answeredByDefault + dropped}
 * ({@link #count(RouteOutcome.Category)}), and the groups a handler deferred add up as
 * {@code deferred == answered + expired + cancelled + still pending}. Each counter is exact; a
 * snapshot taken while faults are being routed may mix moments.
 */
public final class RouterStats {
    private final long[] byCell;
    private final long[] responses;
    private final List<DeviceStats> devices;
    private final long responseFailures;
    private final long listenerFailures;
    private final long deferredAnswered;
    private final long deferredExpired;
    private final long deferredCancelled;
    private final long deferredPending;
    private final long rejectedAnswers;
    private final long unknownGroupResponses;
    private final long partialRequestsDropped;
    private final long quarantines;
    private final long handlerTimeouts;

    private RouterStats(Shared shared) {
        byCell = new long[RouterCounters.CELLS];
        responses = new long[PageResponse.values().length];
        for (RouterCounters c : shared.cores) {
            for (int i = 0; i < responses.length; i++) {
                responses[i] += c.responses.getOpaque(i);
            }
        }
        java.util.concurrent.atomic.LongAdder[] front = shared.frontCells;
        if (front != null) {
            for (int i = 0; i < byCell.length; i++) {
                byCell[i] += front[i].sum();
            }
        }
        Ledger l = shared.ledger;
        for (int i = 0; i < responses.length; i++) {
            responses[i] += l.responsesOffThread[i].sum();
        }
        List<DeviceStats> ds = new ArrayList<>();
        for (DeviceState d : shared.devices()) {
            DeviceStats s = new DeviceStats(d);
            for (int i = 0; i < byCell.length; i++) {
                byCell[i] += s.byCell[i];
            }
            if (s.received() != 0) {
                ds.add(s);
            }
        }
        ds.sort((a, b) -> a.other != b.other ? (a.other ? 1 : -1) : Integer.compareUnsigned(a.requesterId, b.requesterId));
        devices = Collections.unmodifiableList(ds);
        responseFailures = l.responseFailures.sum();
        listenerFailures = l.listenerFailures.sum();
        deferredAnswered = l.deferredAnswered.sum();
        deferredExpired = l.deferredExpired.sum();
        deferredCancelled = l.deferredCancelled.sum();
        deferredPending = shared.deferred.size();
        rejectedAnswers = l.rejectedAnswers.sum();
        unknownGroupResponses = l.unknownGroupResponses.sum();
        partialRequestsDropped = l.partialRequestsDropped.sum();
        quarantines = l.quarantines.sum();
        handlerTimeouts = l.handlerTimeouts.sum();
    }

    static RouterStats of(Shared shared) {
        return new RouterStats(shared);
    }

    /** Faults routed (or submitted, for an asynchronous router). */
    public long received() {
        return sum(byCell);
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

    /** Faults whose outcome is of this category: handled, answered by default, or dropped. */
    public long count(RouteOutcome.Category category) {
        long n = 0;
        for (RouteOutcome o : RouteOutcome.values()) {
            if (o.category() == category) {
                n += count(o);
            }
        }
        return n;
    }

    /** Faults of this type and stage that ended in {@code outcome}. */
    public long count(RouteOutcome outcome, FaultType type, Stage stage) {
        return byCell[RouterCounters.cell(outcome, type, stage)];
    }

    /** Page responses handed to the response sink, by code, by whoever sent them. */
    public long responses(PageResponse response) {
        return responses[response.ordinal()];
    }

    /** Page responses the sink failed to send (it threw). */
    public long responseFailures() {
        return responseFailures;
    }

    /** Exceptions thrown by the listener or a driver's quarantine hook, caught and counted. */
    public long listenerFailures() {
        return listenerFailures;
    }

    /** Deferred groups answered by their handler. */
    public long deferredAnswered() {
        return deferredAnswered;
    }

    /** Deferred groups answered INVALID by the router because the deadline passed. */
    public long deferredExpired() {
        return deferredExpired;
    }

    /** Deferred groups answered by the router on unbind, PASID teardown, shutdown or handler failure. */
    public long deferredCancelled() {
        return deferredCancelled;
    }

    /** Deferred groups still waiting for their answer. */
    public long deferredPending() {
        return deferredPending;
    }

    /** Answers refused because the group was already answered (a second answer, a late one). */
    public long rejectedAnswers() {
        return rejectedAnswers;
    }

    /** {@link FaultRouter#respond} calls for groups that were not pending. */
    public long unknownGroupResponses() {
        return unknownGroupResponses;
    }

    /**
     * Page-request groups the router answered INVALID because their handler was still running at
     * the response deadline (counted when answered; the fault's outcome,
     * {@link RouteOutcome#HANDLER_TIMED_OUT}, is counted when the handler returns).
     */
    public long handlerTimeouts() {
        return handlerTimeouts;
    }

    /** Requests of groups that never closed, discarded (timeout, table full, overflow, quarantine). */
    public long partialRequestsDropped() {
        return partialRequestsDropped;
    }

    /** Times storm control quarantined a device. */
    public long quarantines() {
        return quarantines;
    }

    /** Per-device counters, devices with faults only, by requester id; "other devices" last. */
    public List<DeviceStats> devices() {
        return devices;
    }

    /** The counters of one device. */
    public static final class DeviceStats {
        private final int requesterId;
        private final boolean other;
        private final long[] byCell;

        DeviceStats(DeviceState d) {
            this.requesterId = d.requesterId;
            this.other = d.other;
            this.byCell = new long[RouterCounters.CELLS];
            for (int i = 0; i < byCell.length; i++) {
                byCell[i] = d.counts.getOpaque(i);
            }
        }

        /** The device's requester id; meaningless for {@link #isOtherDevices()}. */
        public int requesterId() {
            return requesterId;
        }

        /**
         * Whether this row adds up faults without a requester id and devices beyond the tracking
         * limit.
         */
        public boolean isOtherDevices() {
            return other;
        }

        public long received() {
            return sum(byCell);
        }

        public long count(RouteOutcome outcome, FaultType type, Stage stage) {
            return byCell[RouterCounters.cell(outcome, type, stage)];
        }

        @Override
        public String toString() {
            return (other ? "other devices" : "device 0x" + Integer.toHexString(requesterId)) + ": " + received();
        }
    }

    private static long sum(long[] a) {
        long n = 0;
        for (long c : a) {
            n += c;
        }
        return n;
    }

    /** A report a person can read. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("received ").append(received()).append(": handled ").append(count(RouteOutcome.Category.HANDLED))
                .append(", answered by default ").append(count(RouteOutcome.Category.DEFAULT))
                .append(", dropped ").append(count(RouteOutcome.Category.DROPPED)).append('\n');
        for (FaultType t : FaultType.values()) {
            for (Stage s : Stage.values()) {
                for (RouteOutcome o : RouteOutcome.values()) {
                    long c = count(o, t, s);
                    if (c != 0) {
                        sb.append(String.format("  %-13s %-7s %-23s %d%n", t, s, o, c));
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
        if (deferredAnswered + deferredExpired + deferredCancelled + deferredPending != 0) {
            sb.append("\ndeferred: answered ").append(deferredAnswered).append(", expired ").append(deferredExpired)
                    .append(", cancelled ").append(deferredCancelled).append(", pending ").append(deferredPending);
        }
        if (rejectedAnswers + unknownGroupResponses != 0) {
            sb.append("\nrefused answers: already answered ").append(rejectedAnswers).append(", unknown group ")
                    .append(unknownGroupResponses);
        }
        if (handlerTimeouts != 0) {
            sb.append("\npage-request handlers still running at the deadline (group answered INVALID) ")
                    .append(handlerTimeouts);
        }
        if (partialRequestsDropped != 0) {
            sb.append("\nrequests of never-closed groups dropped ").append(partialRequestsDropped);
        }
        if (quarantines != 0) {
            sb.append("\nquarantines ").append(quarantines);
        }
        if (listenerFailures != 0) {
            sb.append("\nlistener failures ").append(listenerFailures);
        }
        if (devices.size() > 1 || (devices.size() == 1 && !devices.get(0).other)) {
            sb.append("\nper device:");
            for (DeviceStats d : devices) {
                sb.append(' ').append(d);
                sb.append(';');
            }
            sb.setLength(sb.length() - 1);
        }
        return sb.toString();
    }
}
