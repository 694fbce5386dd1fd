package io.faultline.benchmarks;

import io.faultline.api.Fault;

/**
 * Event buses route by event class, and a fault's class says only its type; so a bus user wraps
 * each fault in an event class per (type, stage). The benchmark builds these wrappers ahead of
 * time, one per fault: the choice of wrapper and its allocation are not measured (generous to the buses).
 */
public final class BusEvents {
    private BusEvents() {
    }

    /** A fault wrapped for an event bus. */
    public abstract static class FaultEvent {
        public final Fault fault;

        FaultEvent(Fault fault) {
            this.fault = fault;
        }
    }

    public static final class ContextFault extends FaultEvent {
        ContextFault(Fault f) {
            super(f);
        }
    }

    public static final class PasidFault extends FaultEvent {
        PasidFault(Fault f) {
            super(f);
        }
    }

    public static final class PgdFault extends FaultEvent {
        PgdFault(Fault f) {
            super(f);
        }
    }

    public static final class PteFault extends FaultEvent {
        PteFault(Fault f) {
            super(f);
        }
    }

    public static final class ContextRequest extends FaultEvent {
        ContextRequest(Fault f) {
            super(f);
        }
    }

    public static final class PasidRequest extends FaultEvent {
        PasidRequest(Fault f) {
            super(f);
        }
    }

    public static final class PgdRequest extends FaultEvent {
        PgdRequest(Fault f) {
            super(f);
        }
    }

    public static final class PteRequest extends FaultEvent {
        PteRequest(Fault f) {
            super(f);
        }
    }

    /** The event a bus user would post for this fault. */
    static FaultEvent wrap(Fault f) {
        return switch (BenchDriver.handlerIndex(f.type(), f.stage())) {
            case 0 -> new ContextFault(f);
            case 1 -> new PasidFault(f);
            case 2 -> new PgdFault(f);
            case 3 -> new PteFault(f);
            case 4 -> new ContextRequest(f);
            case 5 -> new PasidRequest(f);
            case 6 -> new PgdRequest(f);
            case 7 -> new PteRequest(f);
            default -> throw new IllegalArgumentException("no handler for " + f);
        };
    }
}
