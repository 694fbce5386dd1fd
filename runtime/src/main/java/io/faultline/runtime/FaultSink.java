package io.faultline.runtime;

import io.faultline.api.Fault;

/** Takes decoded faults from an adapter. A {@link FaultRouter} is one. */
@FunctionalInterface
public interface FaultSink {

    /** Takes one fault. Implementations must not throw for a well-formed fault. */
    void accept(Fault fault);
}
