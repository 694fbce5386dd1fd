package io.faultline.benchmarks;

import io.faultline.api.OnFault;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.UnrecoverableFault;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The driver the decode and async benchmarks route to: one fallback handler per fault type, each
 * counting what reached it, so a benchmark can prove its faults were really dispatched. The count
 * is published with a release store (a plain store on x86) so another thread can read it exactly
 * without putting a full fence on every fault.
 */
public class DecodeDriver {
    private static final VarHandle HANDLED;

    static {
        try {
            HANDLED = MethodHandles.lookup().findVarHandle(DecodeDriver.class, "handled", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Written only by the routing thread. */
    private long handled;

    @OnFault
    void onFault(UnrecoverableFault fault) {
        HANDLED.setRelease(this, handled + 1);
    }

    @OnFault(type = io.faultline.api.FaultType.PAGE_REQUEST)
    PageResponse onPageRequest(PageRequest request) {
        HANDLED.setRelease(this, handled + 1);
        return PageResponse.SUCCESS;
    }

    /** Faults handled so far; safe to call from any thread. */
    long handled() {
        return (long) HANDLED.getAcquire(this);
    }
}
