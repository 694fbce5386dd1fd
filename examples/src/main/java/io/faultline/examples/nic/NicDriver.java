package io.faultline.examples.nic;

import io.faultline.api.Disposition;
import io.faultline.api.OnFault;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A network card driver. A PTE fault means the driver started DMA to a buffer it forgot to map:
 * reset the card (at most {@code maxResets} times, then give up). A CONTEXT fault means the host's
 * device entry is broken: nothing useful can continue, so shut the card down.
 */
public class NicDriver {
    private final SimulatedNic nic;
    private final int maxResets;
    private final List<String> actions = new ArrayList<>();

    public NicDriver(SimulatedNic nic, int maxResets) {
        this.nic = nic;
        this.maxResets = maxResets;
    }

    @OnFault(stage = Stage.PTE)
    Disposition onUnmappedDma(UnrecoverableFault fault) {
        if (!nic.isRunning()) {
            actions.add("PTE fault at 0x" + Long.toHexString(fault.address()) + " ignored: card is " + nic.state());
            return Disposition.HANDLED;
        }
        if (nic.resets() >= maxResets) {
            // Bounded retry: a card that keeps faulting after resets has a real bug; stop it.
            nic.shutDown();
            actions.add("PTE fault at 0x" + Long.toHexString(fault.address()) + ": reset limit " + maxResets
                    + " reached, card shut down");
            return Disposition.HANDLED;
        }
        nic.reset();
        actions.add("PTE fault at 0x" + Long.toHexString(fault.address()) + " (" + fault.access().summary()
                + "): card reset #" + nic.resets());
        return Disposition.HANDLED;
    }

    @OnFault(stage = Stage.CONTEXT)
    void onBrokenDeviceEntry(UnrecoverableFault fault) {
        nic.shutDown();
        actions.add("CONTEXT fault (" + fault.reason().name() + "): card shut down");
    }

    public SimulatedNic nic() {
        return nic;
    }

    /** What the driver did, one line per fault. */
    public List<String> actions() {
        return Collections.unmodifiableList(actions);
    }
}
