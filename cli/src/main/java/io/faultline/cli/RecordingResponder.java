package io.faultline.cli;

import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.runtime.PageResponseSink;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A {@link PageResponseSink} that records every response instead of sending it to hardware. */
public final class RecordingResponder implements PageResponseSink {
    /** One response as it would have been sent. */
    public record Sent(PageRequest request, PageResponse response) {
    }

    private final List<Sent> sent = new ArrayList<>();

    @Override
    public void send(PageRequest lastRequest, PageResponse response) {
        sent.add(new Sent(lastRequest, response));
    }

    /** Every response, in order. */
    public List<Sent> sent() {
        return Collections.unmodifiableList(sent);
    }
}
