package io.faultline.runtime;

import io.faultline.api.PageRequest;
import io.faultline.api.PageResponder;
import io.faultline.api.PageResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/** The one-shot responder of a group whose handler answers later. */
final class DeferredResponse implements PageResponder {
    final GroupKey key;
    final PageRequest last;
    final long deadline;
    private final Shared shared;
    private final AtomicBoolean answered = new AtomicBoolean();

    DeferredResponse(GroupKey key, PageRequest last, long deadline, Shared shared) {
        this.key = key;
        this.last = last;
        this.deadline = deadline;
        this.shared = shared;
    }

    @Override
    public PageRequest request() {
        return last;
    }

    @Override
    public boolean respond(PageResponse response) {
        if (response == null) {
            throw new NullPointerException("response: answer SUCCESS, INVALID or FAILURE");
        }
        if (!claim()) {
            shared.ledger.rejectedAnswers.increment();
            return false;
        }
        shared.ledger.deferredAnswered.increment();
        shared.sendOffThread(last, response);
        return true;
    }

    /**
     * The router answers on the handler's behalf; false if somebody answered first.
     *
     * @param tally the ledger counter this answer adds to, or null when the group was never
     *              counted as deferred (the table was full)
     */
    boolean answerByRouter(PageResponse response, String why, LongAdder tally) {
        if (!claim()) {
            return false;
        }
        if (tally != null) {
            tally.increment();
        }
        shared.sendOffThread(last, response);
        shared.notifyAnsweredByRouter(last, response, why);
        return true;
    }

    /** Someone else answered the group already: this responder only refuses. */
    void markAnswered() {
        answered.set(true);
    }

    private boolean claim() {
        if (!answered.compareAndSet(false, true)) {
            return false;
        }
        shared.deferred.remove(key, this);
        return true;
    }

    @Override
    public boolean isAnswered() {
        return answered.get();
    }

    @Override
    public String toString() {
        return "PageResponder[" + key + (isAnswered() ? ", answered]" : ", pending]");
    }
}
