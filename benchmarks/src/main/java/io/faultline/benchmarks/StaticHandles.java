package io.faultline.benchmarks;

import io.faultline.api.Disposition;
import io.faultline.api.Fault;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.UnrecoverableFault;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * {@code static final} MethodHandles behind the same switch as the hand-written baseline: the JIT
 * treats them as constants and can inline through them. The best case for method handles.
 */
final class StaticHandles {
    private static final MethodHandle CONTEXT_FAULT = unrecoverable("contextFault");
    private static final MethodHandle PASID_FAULT = unrecoverable("pasidFault");
    private static final MethodHandle PGD_FAULT = unrecoverable("pgdFault");
    private static final MethodHandle PTE_FAULT = unrecoverable("pteFault");
    private static final MethodHandle CONTEXT_REQUEST = request("contextRequest");
    private static final MethodHandle PASID_REQUEST = request("pasidRequest");
    private static final MethodHandle PGD_REQUEST = request("pgdRequest");
    private static final MethodHandle PTE_REQUEST = request("pteRequest");

    private final BenchDriver[] byRid;

    StaticHandles(BenchDriver[] byRid) {
        this.byRid = byRid;
    }

    Object dispatch(Fault fault) throws Throwable {
        BenchDriver d = byRid[fault.requesterId()];
        if (d == null) {
            return null;
        }
        if (fault instanceof PageRequest r) {
            return switch (r.stage()) {
                case CONTEXT -> (PageResponse) CONTEXT_REQUEST.invokeExact(d, r);
                case PASID -> (PageResponse) PASID_REQUEST.invokeExact(d, r);
                case PGD -> (PageResponse) PGD_REQUEST.invokeExact(d, r);
                case PTE -> (PageResponse) PTE_REQUEST.invokeExact(d, r);
                case NONE -> null;
            };
        }
        UnrecoverableFault u = (UnrecoverableFault) fault;
        switch (u.stage()) {
            case CONTEXT -> CONTEXT_FAULT.invokeExact(d, u);
            case PASID -> PASID_FAULT.invokeExact(d, u);
            case PGD -> PGD_FAULT.invokeExact(d, u);
            case PTE -> PTE_FAULT.invokeExact(d, u);
            case NONE -> {
                return null;
            }
        }
        return Disposition.HANDLED;
    }

    private static MethodHandle unrecoverable(String name) {
        return find(name, MethodType.methodType(void.class, UnrecoverableFault.class));
    }

    private static MethodHandle request(String name) {
        return find(name, MethodType.methodType(PageResponse.class, PageRequest.class));
    }

    private static MethodHandle find(String name, MethodType type) {
        try {
            return MethodHandles.lookup().findVirtual(BenchDriver.class, name, type);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
