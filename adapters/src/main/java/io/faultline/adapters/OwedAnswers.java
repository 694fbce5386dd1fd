package io.faultline.adapters;

import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.runtime.PageResponseSink;
import java.util.Objects;

/**
 * The INVALID answers a queue reader owes for entries it rejected: a malformed entry that closes
 * its page-request group still leaves the device waiting for one answer. Sends each through the
 * family's response path and counts what was sent and what that path refused (a full command
 * queue). Written by the reader's thread; the counts can be read from any thread. For this module's
 * queue readers; drivers answer through the router.
 */
public final class OwedAnswers {
    private final PageResponseSink sink;
    private volatile long answered;
    private volatile long unanswered;

    public OwedAnswers(PageResponseSink sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** Sends INVALID for the group {@code last} closes; false (and counted) if the path refused it. */
    public boolean answerInvalid(PageRequest last) {
        try {
            sink.send(last, PageResponse.INVALID);
            answered++; // one writer: the reader's thread
            return true;
        } catch (RuntimeException e) { // a full queue, or any sink's own failure: the reader goes on
            unanswered++; // the entry itself was reported as malformed already
            return false;
        }
    }

    /** Answers sent. */
    public long answered() {
        return answered;
    }

    /** Answers the response path refused. */
    public long unanswered() {
        return unanswered;
    }
}
