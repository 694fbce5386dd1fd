package io.faultline.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.faultline.api.Fault;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.runtime.RouteOutcome;
import java.util.ArrayList;
import java.util.List;

/**
 * What happened to one injected fault: the router's outcome, the handler that ran (named from the
 * driver's {@code @OnFault} methods), what it returned or threw, whether it deferred, and the page
 * response sent for its group — looked up when asked, so an answer given later is seen too.
 * The {@code assert...} methods fail the test with a message saying what happened instead.
 */
public final class Injection {
    private final FaultInjector injector;
    private final Fault fault;
    private final RouteOutcome outcome;
    private final RecordingDispatcher.Call call;
    private final int responsesBefore;
    private final int eventsBefore;

    Injection(FaultInjector injector, Fault fault, RouteOutcome outcome, RecordingDispatcher.Call call,
              int responsesBefore, int eventsBefore) {
        this.injector = injector;
        this.fault = fault;
        this.outcome = outcome;
        this.call = call;
        this.responsesBefore = responsesBefore;
        this.eventsBefore = eventsBefore;
    }

    public Fault fault() {
        return fault;
    }

    public RouteOutcome outcome() {
        return outcome;
    }

    /** The handler method that ran, as {@code Class.method}, or null when none ran. */
    public String handler() {
        return call != null && call.handlerRan() ? call.handler : null;
    }

    /** What the handler returned ({@code Disposition} or {@code PageResponse}); null if none ran or it deferred. */
    public Object returned() {
        return call == null ? null : call.returned;
    }

    /** What the handler threw, or null. */
    public Throwable thrown() {
        return call == null ? null : call.thrown;
    }

    /** Whether the handler took a {@code PageResponder} and so answers later. */
    public boolean deferred() {
        return call != null && call.deferred;
    }

    /** How many requests the handler saw in its group, when it asked for the group; else 0. */
    public int groupSizeSeen() {
        return call == null ? 0 : call.groupSize;
    }

    /** The responses sent for this fault's group since it was injected (exactly one once answered). */
    public List<SentResponse> responses() {
        List<SentResponse> mine = new ArrayList<>();
        if (fault instanceof PageRequest request) {
            List<SentResponse> all = injector.responses();
            for (int i = responsesBefore; i < all.size(); i++) {
                if (all.get(i).answers(request)) {
                    mine.add(all.get(i));
                }
            }
        }
        return mine;
    }

    /** The response sent for this fault's group so far, or null. */
    public PageResponse response() {
        List<SentResponse> mine = responses();
        return mine.isEmpty() ? null : mine.get(0).response();
    }

    /** What the router told its listener while routing this fault and since. */
    public List<String> events() {
        List<String> all = injector.events();
        return List.copyOf(all.subList(eventsBefore, all.size()));
    }

    public Injection assertOutcome(RouteOutcome expected) {
        assertEquals(expected, outcome, () -> "outcome of " + this);
        return this;
    }

    /** The handler that ran, by method name ({@code "onUnmappedDma"}) or {@code "Class.method"}. */
    public Injection assertHandler(String expected) {
        String h = handler();
        assertNotNull(h, () -> "no handler ran: " + this);
        assertTrue(h.equals(expected) || h.endsWith("." + expected), () -> "expected handler " + expected + ", ran " + h);
        return this;
    }

    public Injection assertNoHandler() {
        if (handler() != null) {
            fail("expected no handler to run, ran " + handler() + ": " + this);
        }
        return this;
    }

    public Injection assertReturned(Object expected) {
        assertEquals(expected, returned(), () -> "return value of " + handler() + ": " + this);
        return this;
    }

    public Injection assertThrew(Class<? extends Throwable> expected) {
        assertTrue(expected.isInstance(thrown()), () -> "expected " + expected.getSimpleName() + ": " + this);
        return this;
    }

    /** Exactly one response was sent for the group, and it was {@code expected}. */
    public Injection assertResponse(PageResponse expected) {
        List<SentResponse> mine = responses();
        assertEquals(1, mine.size(), () -> "responses for the group of " + fault + ": " + mine);
        assertEquals(expected, mine.get(0).response(), () -> "response for " + fault);
        return this;
    }

    public Injection assertNoResponse() {
        List<SentResponse> mine = responses();
        assertTrue(mine.isEmpty(), () -> "expected no response yet, sent " + mine);
        return this;
    }

    @Override
    public String toString() {
        return outcome + " handler=" + handler() + " returned=" + returned()
                + (thrown() != null ? " threw=" + thrown() : "") + (deferred() ? " deferred" : "")
                + " responses=" + responses() + " fault=" + fault;
    }
}
