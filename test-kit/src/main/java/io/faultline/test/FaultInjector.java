package io.faultline.test;

import io.faultline.api.Fault;
import io.faultline.api.FaultDispatcher;
import io.faultline.api.FaultType;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.runtime.FaultListener;
import io.faultline.runtime.FaultRouter;
import io.faultline.runtime.PageResponseSink;
import io.faultline.runtime.RouteOutcome;
import io.faultline.runtime.RouterStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Injects faults into annotated drivers through a real {@link FaultRouter} and the drivers'
 * generated dispatchers, and records what happened: which handler ran, what it returned, which page
 * responses went out, what the router reported. Get one as a test parameter with
 * {@link FaultlineTest}.
 *
 * <p>The router runs on a fake clock that only {@link #advance} moves, so response deadlines and
 * storm-control windows are tested without sleeping. Page responses are recorded (and, if set,
 * forwarded to {@link #forwardResponsesTo}); handlers may answer from other threads.
 */
public final class FaultInjector {
    /** The requester id faults get, and drivers are bound to, unless a test says otherwise. */
    public static final int DEFAULT_REQUESTER = 0x100;

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final List<SentResponse> responses = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<Consumer<FaultRouter.Builder>> options = new ArrayList<>();
    private volatile PageResponseSink forward;
    private LogLineParser logParser;
    private FaultRouter router;
    private RecordingDispatcher.Call call;

    FaultInjector() {
    }

    /**
     * Router options (storm control, deadlines, failed-handler response, ...), applied before the
     * injector sets its own clock, response sink and listener. Call before the first bind or inject.
     */
    public FaultInjector configure(Consumer<FaultRouter.Builder> routerOptions) {
        if (router != null) {
            throw new IllegalStateException("configure the router before the first bind or inject");
        }
        options.add(Objects.requireNonNull(routerOptions, "routerOptions"));
        return this;
    }

    /** Also sends every page response to {@code sink} (e.g. a simulated IOMMU's command queue). */
    public FaultInjector forwardResponsesTo(PageResponseSink sink) {
        this.forward = sink;
        return this;
    }

    /** The parser {@link #fromLogLine} uses, e.g. the kernel-log adapter's. */
    public FaultInjector logParser(LogLineParser parser) {
        this.logParser = Objects.requireNonNull(parser, "parser");
        return this;
    }

    /** Binds {@code dispatcher}'s driver to {@link #DEFAULT_REQUESTER}; returns the driver. */
    public <D> D bind(FaultDispatcher<D> dispatcher) {
        return bind(DEFAULT_REQUESTER, dispatcher);
    }

    /** Binds {@code dispatcher}'s driver to {@code requesterId}; returns the driver. */
    public <D> D bind(int requesterId, FaultDispatcher<D> dispatcher) {
        router().bind(requesterId, new RecordingDispatcher<>(Objects.requireNonNull(dispatcher, "dispatcher"), this));
        return dispatcher.driver();
    }

    /** Unbinds a device: its deferred groups are answered INVALID by the router. */
    public void unbind(int requesterId) {
        router().unbind(requesterId);
    }

    /** A fault to describe and inject: unrecoverable, stage PTE, {@link #DEFAULT_REQUESTER}. */
    public FaultSpec unrecoverable() {
        return new FaultSpec(this, FaultType.UNRECOVERABLE);
    }

    /** A page request to describe and inject: stage PTE, group 0, last in its group. */
    public FaultSpec pageRequest() {
        return new FaultSpec(this, FaultType.PAGE_REQUEST);
    }

    /** Routes a fault built elsewhere (a decoder's output, a simulator's record). */
    public Injection inject(Fault fault) {
        Objects.requireNonNull(fault, "fault");
        FaultRouter r = router();
        int before = responses.size();
        int eventsBefore = events.size();
        call = null;
        RouteOutcome outcome = r.route(fault);
        RecordingDispatcher.Call c = call;
        call = null;
        return new Injection(this, fault, outcome, c, before, eventsBefore);
    }

    /**
     * Parses one kernel log record (one line, or the lines of one multi-line record) with the
     * {@link #logParser} and injects the one fault it reports.
     *
     * @throws IllegalStateException when no parser was set
     * @throws IllegalArgumentException when the text reports no fault, or more than one
     */
    public Injection fromLogLine(String line) {
        List<Fault> parsed = parse(line);
        if (parsed.size() != 1) {
            throw new IllegalArgumentException("expected one fault in \"" + line + "\", the parser found "
                    + parsed.size() + (parsed.isEmpty() ? " (not a fault line?)" : ": use fromLog"));
        }
        return inject(parsed.get(0));
    }

    /** Parses kernel log text with the {@link #logParser} and injects every fault it reports, in order. */
    public List<Injection> fromLog(String text) {
        List<Injection> out = new ArrayList<>();
        for (Fault f : parse(text)) {
            out.add(inject(f));
        }
        return out;
    }

    private List<Fault> parse(String text) {
        if (logParser == null) {
            throw new IllegalStateException("no kernel-log parser: call logParser(...) first, e.g. with the"
                    + " kernel-log adapter's KernelLogParser");
        }
        List<Fault> parsed;
        try {
            parsed = logParser.parse(text);
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot parse \"" + text + "\": " + e.getMessage(), e);
        }
        return parsed == null ? List.of() : parsed;
    }

    /**
     * Moves the router's clock forward and answers every deferred group past its deadline (INVALID).
     *
     * @return how many groups the router answered
     */
    public int advance(Duration d) {
        clock.addAndGet(d.toNanos());
        return router().expireOverdue();
    }

    /** Answers a deferred group by its address, as a relay does; false when no such group is pending. */
    public boolean respond(int requesterId, int pasid, int groupIndex, PageResponse response) {
        return router().respond(requesterId, pasid, groupIndex, response);
    }

    /** Every page response sent so far, in order. */
    public List<SentResponse> responses() {
        return Collections.unmodifiableList(responses);
    }

    /**
     * What the router reported to its listener so far, one line each: {@code unhandled NO_DRIVER ...},
     * {@code handlerFailed ...}, {@code answeredByRouter ...}, {@code quarantined ...}.
     */
    public List<String> events() {
        return Collections.unmodifiableList(events);
    }

    public RouterStats stats() {
        return router().stats();
    }

    /** The router under test, for what the injector does not wrap. */
    public FaultRouter router() {
        if (router == null) {
            FaultRouter.Builder b = FaultRouter.builder();
            options.forEach(o -> o.accept(b));
            router = b.clock(clock::get).responseSink(this::record).listener(new Recorder()).build();
        }
        return router;
    }

    /** Called by a {@link RecordingDispatcher} when the router dispatches to it. */
    RecordingDispatcher.Call call(Fault fault, Object driver) {
        RecordingDispatcher.Call c = new RecordingDispatcher.Call(HandlerTable.of(driver.getClass()).handler(fault));
        call = c;
        return c;
    }

    private void record(PageRequest last, PageResponse response) {
        responses.add(new SentResponse(last, response));
        PageResponseSink f = forward;
        if (f != null) {
            f.send(last, response);
        }
    }

    private final class Recorder implements FaultListener {
        @Override
        public void unhandled(Fault fault, RouteOutcome why) {
            events.add("unhandled " + why + " " + fault);
        }

        @Override
        public void handlerFailed(Fault fault, Throwable error) {
            events.add("handlerFailed " + error + " " + fault);
        }

        @Override
        public void answeredByRouter(PageRequest last, PageResponse response, String why) {
            events.add("answeredByRouter " + response + " (" + why + ") " + last);
        }

        @Override
        public void responseFailed(PageRequest request, PageResponse response, Throwable error) {
            events.add("responseFailed " + response + " " + error + " " + request);
        }

        @Override
        public void quarantined(int requesterId, long faultsInWindow) {
            events.add("quarantined 0x" + Integer.toHexString(requesterId) + " after " + faultsInWindow + " faults");
        }

        @Override
        public void released(int requesterId, long suppressed) {
            events.add("released 0x" + Integer.toHexString(requesterId) + " " + suppressed + " suppressed");
        }

        @Override
        public void partialRequestDropped(PageRequest request, String why) {
            events.add("partialRequestDropped (" + why + ") " + request);
        }
    }
}
