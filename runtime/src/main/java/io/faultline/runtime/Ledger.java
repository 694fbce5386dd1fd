package io.faultline.runtime;

import io.faultline.api.PageResponse;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters for events that happen off the routing thread (a deferred answer from a driver's
 * thread, a deadline, an unbind) or on several routing threads at once. Rare, so LongAdder.
 */
final class Ledger {
    final LongAdder[] responsesOffThread = adders(PageResponse.values().length);
    final LongAdder deferredAnswered = new LongAdder();
    final LongAdder deferredExpired = new LongAdder();
    final LongAdder deferredCancelled = new LongAdder();
    final LongAdder rejectedAnswers = new LongAdder();
    final LongAdder unknownGroupResponses = new LongAdder();
    final LongAdder responseFailures = new LongAdder();
    final LongAdder listenerFailures = new LongAdder();
    final LongAdder partialRequestsDropped = new LongAdder();
    final LongAdder quarantines = new LongAdder();
    /** Groups answered INVALID because their handler had not returned by the deadline. */
    final LongAdder handlerTimeouts = new LongAdder();

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }
}
