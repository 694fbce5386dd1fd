package io.faultline.benchmarks;

import io.faultline.api.Disposition;
import io.faultline.api.Fault;
import io.faultline.api.PageRequest;
import io.faultline.api.UnrecoverableFault;

/** The baseline: what a driver author writes by hand. Drivers in an array by requester id, a switch, a direct call. */
final class HandWritten {
    private final BenchDriver[] byRid;

    HandWritten(BenchDriver[] byRid) {
        this.byRid = byRid;
    }

    Object dispatch(Fault fault) {
        BenchDriver d = byRid[fault.requesterId()];
        return d == null ? null : call(d, fault);
    }

    /** The switch and the direct call, once the driver is found. */
    static Object call(BenchDriver d, Fault fault) {
        if (fault instanceof PageRequest r) {
            return switch (r.stage()) {
                case CONTEXT -> d.contextRequest(r);
                case PASID -> d.pasidRequest(r);
                case PGD -> d.pgdRequest(r);
                case PTE -> d.pteRequest(r);
                case NONE -> null;
            };
        }
        UnrecoverableFault u = (UnrecoverableFault) fault;
        switch (u.stage()) {
            case CONTEXT -> d.contextFault(u);
            case PASID -> d.pasidFault(u);
            case PGD -> d.pgdFault(u);
            case PTE -> d.pteFault(u);
            case NONE -> {
                return null;
            }
        }
        return Disposition.HANDLED;
    }
}
