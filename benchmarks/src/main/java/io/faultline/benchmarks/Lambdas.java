package io.faultline.benchmarks;

import io.faultline.api.Disposition;
import io.faultline.api.Fault;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Functional-interface instances spun at run time by {@link LambdaMetafactory}, one per type and
 * stage, in arrays: how frameworks avoid reflection without an annotation processor.
 */
final class Lambdas {
    interface UnrecoverableHandler {
        void handle(BenchDriver driver, UnrecoverableFault fault);
    }

    interface RequestHandler {
        PageResponse handle(BenchDriver driver, PageRequest request);
    }

    private final BenchDriver[] byRid;
    private final UnrecoverableHandler[] unrecoverable = new UnrecoverableHandler[Stage.values().length];
    private final RequestHandler[] requests = new RequestHandler[Stage.values().length];

    Lambdas(BenchDriver[] byRid) throws Throwable {
        this.byRid = byRid;
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        for (int h = 0; h < BenchDriver.HANDLERS; h++) {
            String name = BenchDriver.HANDLER_NAMES[h];
            if (h >= 4) {
                MethodType sam = MethodType.methodType(PageResponse.class, BenchDriver.class, PageRequest.class);
                MethodHandle impl = lookup.findVirtual(BenchDriver.class, name, sam.dropParameterTypes(0, 1));
                requests[h % 4] = (RequestHandler) LambdaMetafactory.metafactory(lookup, "handle",
                        MethodType.methodType(RequestHandler.class), sam, impl, sam).getTarget().invokeExact();
            } else {
                MethodType sam = MethodType.methodType(void.class, BenchDriver.class, UnrecoverableFault.class);
                MethodHandle impl = lookup.findVirtual(BenchDriver.class, name, sam.dropParameterTypes(0, 1));
                unrecoverable[h] = (UnrecoverableHandler) LambdaMetafactory.metafactory(lookup, "handle",
                        MethodType.methodType(UnrecoverableHandler.class), sam, impl, sam).getTarget().invokeExact();
            }
        }
    }

    Object dispatch(Fault fault) {
        BenchDriver d = byRid[fault.requesterId()];
        if (d == null) {
            return null;
        }
        int stage = fault.stage().ordinal();
        if (fault instanceof PageRequest r) {
            RequestHandler h = requests[stage];
            return h == null ? null : h.handle(d, r);
        }
        UnrecoverableHandler h = unrecoverable[stage];
        if (h == null) {
            return null;
        }
        h.handle(d, (UnrecoverableFault) fault);
        return Disposition.HANDLED;
    }
}
