package io.faultline.benchmarks;

import io.faultline.api.Fault;
import io.faultline.api.FaultType;
import io.faultline.api.OnFault;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The one driver class every mechanism calls: 8 handlers, 2 fault types × 4 translation stages.
 * Each handler counts its calls (the self-check compares the counters) and hands the fault to a
 * {@link Blackhole}, so the JIT can drop neither the call nor the fault.
 */
public class BenchDriver {
    /** Handler index = {@code type.ordinal() * 4 + stage.ordinal()}: {@link #handlerIndex}. */
    static final int HANDLERS = 8;
    static final String[] HANDLER_NAMES = {
        "contextFault", "pasidFault", "pgdFault", "pteFault",
        "contextRequest", "pasidRequest", "pgdRequest", "pteRequest",
    };

    private final long[] calls = new long[HANDLERS];
    private final Blackhole sink;

    public BenchDriver(Blackhole sink) {
        this.sink = sink;
    }

    /** The handler that must receive a fault of this type and stage, or -1 (Stage.NONE: none). */
    static int handlerIndex(FaultType type, Stage stage) {
        return stage == Stage.NONE ? -1 : type.ordinal() * 4 + stage.ordinal();
    }

    long calls(int handler) {
        return calls[handler];
    }

    @OnFault(stage = Stage.CONTEXT)
    public void contextFault(UnrecoverableFault fault) {
        took(0, fault);
    }

    @OnFault(stage = Stage.PASID)
    public void pasidFault(UnrecoverableFault fault) {
        took(1, fault);
    }

    @OnFault(stage = Stage.PGD)
    public void pgdFault(UnrecoverableFault fault) {
        took(2, fault);
    }

    @OnFault(stage = Stage.PTE)
    public void pteFault(UnrecoverableFault fault) {
        took(3, fault);
    }

    @OnFault(stage = Stage.CONTEXT, type = FaultType.PAGE_REQUEST)
    public PageResponse contextRequest(PageRequest request) {
        took(4, request);
        return PageResponse.INVALID;
    }

    @OnFault(stage = Stage.PASID, type = FaultType.PAGE_REQUEST)
    public PageResponse pasidRequest(PageRequest request) {
        took(5, request);
        return PageResponse.INVALID;
    }

    @OnFault(stage = Stage.PGD, type = FaultType.PAGE_REQUEST)
    public PageResponse pgdRequest(PageRequest request) {
        took(6, request);
        return PageResponse.INVALID;
    }

    @OnFault(stage = Stage.PTE, type = FaultType.PAGE_REQUEST)
    public PageResponse pteRequest(PageRequest request) {
        took(7, request);
        return PageResponse.SUCCESS;
    }

    private void took(int handler, Fault fault) {
        calls[handler]++;
        sink.consume(fault);
    }
}
