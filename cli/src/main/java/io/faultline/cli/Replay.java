package io.faultline.cli;

import io.faultline.adapters.kernellog.KernelLogListener;
import io.faultline.adapters.kernellog.KernelLogParser;
import io.faultline.adapters.kernellog.LogRecord;
import io.faultline.adapters.kernellog.UnparsedLine;
import io.faultline.api.Disposition;
import io.faultline.api.Fault;
import io.faultline.api.FaultDispatcher;
import io.faultline.api.FaultType;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.UnrecoverableFault;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Replays faults parsed from a kernel log through a driver's generated dispatcher
 * ({@code Foo_FaultDispatcher}), the way the router would: a handler per type and stage, default
 * action when there is none, and for page requests exactly one response per group, sent for its
 * last request into a {@link RecordingResponder} ({@code INVALID} when no handler answers or it
 * throws). No reflection: the caller builds the dispatcher.
 *
 * <pre>{@code
 * Replay.Result r = Replay.run(new MyDriver_FaultDispatcher(new MyDriver()), Files.newInputStream(log));
 * r.steps().forEach(s -> System.out.println(s.outcome() + " " + s.disposition() + " " + s.response()));
 * }</pre>
 */
public final class Replay<D> implements KernelLogListener {
    /** Most page-request groups waiting for their last request at once; beyond, the oldest is dropped and reported. */
    static final int MAX_OPEN_GROUPS = 4096;

    private final FaultDispatcher<D> dispatcher;
    private final RecordingResponder responder = new RecordingResponder();
    private final List<ReplayStep> steps = new ArrayList<>();
    private final List<UnparsedLine> unparsed = new ArrayList<>();
    private final Map<String, List<LogRecord>> openGroups = new LinkedHashMap<>();
    private final List<LogRecord> unanswered = new ArrayList<>();
    private long suppressed;
    private long overflows;

    private Replay(FaultDispatcher<D> dispatcher) {
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
    }

    /** What a replay did. */
    public record Result(List<ReplayStep> steps, List<RecordingResponder.Sent> responses, List<LogRecord> unanswered,
            List<UnparsedLine> unparsed, long suppressed, long overflows) {
        /** Steps whose handler threw. */
        public long failures() {
            return steps.stream().filter(s -> s.outcome() == ReplayStep.Outcome.THREW).count();
        }
    }

    /** Parses {@code log} and feeds every fault through {@code dispatcher}. */
    public static <D> Result run(FaultDispatcher<D> dispatcher, InputStream log) throws IOException {
        Replay<D> r = new Replay<>(dispatcher);
        new KernelLogParser(r).parse(log);
        return r.result();
    }

    /** Feeds already parsed records through {@code dispatcher}. */
    public static <D> Result run(FaultDispatcher<D> dispatcher, Iterable<LogRecord> records) {
        Replay<D> r = new Replay<>(dispatcher);
        records.forEach(r::fault);
        return r.result();
    }

    private Result result() {
        for (List<LogRecord> g : openGroups.values()) {
            unanswered.addAll(g);
        }
        openGroups.clear();
        return new Result(Collections.unmodifiableList(steps), responder.sent(), Collections.unmodifiableList(unanswered),
                Collections.unmodifiableList(unparsed), suppressed, overflows);
    }

    @Override
    public void fault(LogRecord record) {
        Fault f = record.fault();
        if (f instanceof UnrecoverableFault u) {
            steps.add(unrecoverable(record, u));
        } else {
            steps.add(pageRequest(record, (PageRequest) f));
        }
    }

    private ReplayStep unrecoverable(LogRecord record, UnrecoverableFault u) {
        if (!dispatcher.handles(FaultType.UNRECOVERABLE, u.stage())) {
            return new ReplayStep(record, ReplayStep.Outcome.NO_HANDLER, null, null, null);
        }
        try {
            Disposition d = dispatcher.dispatchUnrecoverable(u);
            return d == null ? new ReplayStep(record, ReplayStep.Outcome.NO_HANDLER, null, null, null)
                    : new ReplayStep(record, ReplayStep.Outcome.HANDLED, d, null, null);
        } catch (RuntimeException e) {
            return new ReplayStep(record, ReplayStep.Outcome.THREW, null, null, e.toString());
        }
    }

    private ReplayStep pageRequest(LogRecord record, PageRequest p) {
        String key = (p.hasRequesterId() ? p.requesterId() : -1) + "/" + p.pasid() + "/" + p.groupIndex() + "/" + p.family();
        if (!p.lastInGroup()) {
            if (!openGroups.containsKey(key) && openGroups.size() >= MAX_OPEN_GROUPS) {
                var oldest = openGroups.keySet().iterator().next();
                unanswered.addAll(openGroups.remove(oldest));
            }
            openGroups.computeIfAbsent(key, k -> new ArrayList<>()).add(record);
            return new ReplayStep(record, ReplayStep.Outcome.COLLECTED, null, null, null);
        }
        openGroups.remove(key);
        ReplayStep step;
        if (!dispatcher.handles(FaultType.PAGE_REQUEST, p.stage())) {
            step = new ReplayStep(record, ReplayStep.Outcome.NO_HANDLER, null, PageResponse.INVALID, null);
        } else {
            try {
                PageResponse r = dispatcher.dispatchPageRequest(p);
                step = r == null ? new ReplayStep(record, ReplayStep.Outcome.NO_HANDLER, null, PageResponse.INVALID, null)
                        : new ReplayStep(record, ReplayStep.Outcome.HANDLED, null, r, null);
            } catch (RuntimeException e) {
                step = new ReplayStep(record, ReplayStep.Outcome.THREW, null, PageResponse.INVALID, e.toString());
            }
        }
        responder.send(p, step.response());
        return step;
    }

    @Override
    public void unparsed(UnparsedLine line) {
        if (unparsed.size() < Triage.MAX_UNPARSED_KEPT) {
            unparsed.add(line);
        }
    }

    @Override
    public void suppressed(String source, long count, long line) {
        suppressed += count;
    }

    @Override
    public void overflow(String source, String text, long line) {
        overflows++;
        for (List<LogRecord> g : openGroups.values()) {
            unanswered.addAll(g); // partial groups are discarded on overflow: their last request may be lost
        }
        openGroups.clear();
    }
}
