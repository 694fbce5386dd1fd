package io.faultline.examples.gpu;

import io.faultline.api.Fault;
import io.faultline.api.OnFault;
import io.faultline.api.UnrecoverableFault;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A GPU driver that, like Linux's msm driver, answers any fault with a dump of the device's debug
 * state — every ring's pointers and last commands, and which command used the faulting page — and
 * then recovers the GPU. One handler covers every stage.
 */
public class GpuDriver {
    private final SimulatedGpu gpu;
    private final List<String> dumps = new ArrayList<>();

    public GpuDriver(SimulatedGpu gpu) {
        this.gpu = Objects.requireNonNull(gpu, "gpu");
    }

    @OnFault
    void onAnyFault(UnrecoverableFault fault) {
        dumps.add(dump(fault));
        gpu.recover();
    }

    /** The debug reports written so far, one per fault. */
    public List<String> dumps() {
        return Collections.unmodifiableList(dumps);
    }

    public SimulatedGpu gpu() {
        return gpu;
    }

    private String dump(Fault fault) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("gpu fault: %s %s %s%n", fault.stage(), fault.access().summary(),
                fault.hasAddress() ? String.format("iova=0x%x", fault.address()) : "iova=?"));
        sb.append(String.format("  reason: %s, likely culprit: %s%n", fault.reason(), fault.culprit()));
        for (SimulatedGpu.Ring r : gpu.rings()) {
            sb.append(String.format("  ring %s: rptr=%d wptr=%d%n", r.name, r.rptr, r.wptr));
            for (SimulatedGpu.Command c : r.last) {
                boolean culprit = fault.hasAddress() && (c.address() & ~0xfffL) == (fault.address() & ~0xfffL);
                sb.append(String.format("    #%d %-12s 0x%x%s%n", c.seqno(), c.name(), c.address(),
                        culprit ? "   <-- uses the faulting page" : ""));
            }
        }
        return sb.toString();
    }
}
