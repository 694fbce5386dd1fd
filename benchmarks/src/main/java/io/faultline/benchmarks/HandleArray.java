package io.faultline.benchmarks;

import io.faultline.api.Disposition;
import io.faultline.api.Fault;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * A MethodHandle per type and stage in an array: how a framework uses method handles it found at
 * run time. The handles are not constants, so the JIT cannot inline through them.
 */
final class HandleArray {
    private final BenchDriver[] byRid;
    private final MethodHandle[] unrecoverable = new MethodHandle[Stage.values().length];
    private final MethodHandle[] requests = new MethodHandle[Stage.values().length];

    HandleArray(BenchDriver[] byRid) throws ReflectiveOperationException {
        this.byRid = byRid;
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        for (int h = 0; h < BenchDriver.HANDLERS; h++) {
            boolean request = h >= 4;
            MethodType type = request
                    ? MethodType.methodType(PageResponse.class, PageRequest.class)
                    : MethodType.methodType(void.class, UnrecoverableFault.class);
            (request ? requests : unrecoverable)[h % 4] =
                    lookup.findVirtual(BenchDriver.class, BenchDriver.HANDLER_NAMES[h], type);
        }
    }

    Object dispatch(Fault fault) throws Throwable {
        BenchDriver d = byRid[fault.requesterId()];
        if (d == null) {
            return null;
        }
        int stage = fault.stage().ordinal();
        if (fault instanceof PageRequest r) {
            MethodHandle h = requests[stage];
            return h == null ? null : (PageResponse) h.invokeExact(d, r);
        }
        MethodHandle h = unrecoverable[stage];
        if (h == null) {
            return null;
        }
        h.invokeExact(d, (UnrecoverableFault) fault);
        return Disposition.HANDLED;
    }
}
