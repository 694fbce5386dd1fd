package io.faultline.examples.relay;

import io.faultline.api.Disposition;
import io.faultline.api.OnFault;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A hypervisor's fault relay, between the host IOMMU and guests that own the first-stage tables
 * of their assigned devices (nested translation). It is bound to every assigned device.
 *
 * <ul>
 *   <li>CONTEXT faults (the host's device entry) and faults with no stage are the host's: handled
 *       here, never shown to a guest.</li>
 *   <li>PASID, PGD and PTE faults in tables the guest owns are injected into the guest that owns the
 *       endpoint, as virtio-iommu fault events with the guest's endpoint id and the guest address
 *       (in nested translation the faulting input address is the guest's IOVA).</li>
 *   <li>Anything else — an endpoint not assigned, tables the host owns — stays in the host.</li>
 * </ul>
 * A fault is only ever injected into the guest the endpoint is assigned to: the relay looks the guest
 * up by the fault's own requester id and nothing else.
 */
public class HypervisorRelay {
    private final Map<Integer, Assignment> assignments = new HashMap<>();
    private final List<String> hostLog = new ArrayList<>();
    private long injected;
    private long keptInHost;

    /**
     * Assigns the host device {@code hostRid} to {@code guest}, which knows it as {@code guestEndpoint}.
     *
     * @param guestOwnsTables whether the guest owns the PASID table and the first-stage page tables
     *                        (nested translation); if not, every fault of the device is the host's
     */
    public void assign(int hostRid, Guest guest, int guestEndpoint, boolean guestOwnsTables) {
        assignments.put(hostRid, new Assignment(Objects.requireNonNull(guest, "guest"), guestEndpoint, guestOwnsTables));
    }

    @OnFault(stage = Stage.CONTEXT)
    void hostDeviceEntry(UnrecoverableFault fault) {
        keptInHost++;
        hostLog.add(String.format("host: CONTEXT fault (%s) on rid 0x%x: the host's device entry is broken,"
                + " device stopped; not shown to %s", fault.reason().name(), fault.requesterId(), ownerName(fault)));
    }

    @OnFault(stage = Stage.NONE)
    void hostOnly(UnrecoverableFault fault) {
        keptInHost++;
        hostLog.add(String.format("host: fault with no translation stage (%s) on rid 0x%x: logged; not shown to %s",
                fault.reason().name(), fault.requesterId(), ownerName(fault)));
    }

    @OnFault(stage = {Stage.PASID, Stage.PGD, Stage.PTE})
    Disposition guestTables(UnrecoverableFault fault) {
        Assignment a = assignments.get(fault.requesterId());
        if (a == null || !a.guestOwnsTables) {
            keptInHost++;
            hostLog.add(String.format("host: %s fault on rid 0x%x in host-owned tables: default action %s",
                    fault.stage(), fault.requesterId(), fault.stage().defaultAction()));
            return Disposition.DEFAULT_ACTION;
        }
        long guestAddress = fault.address(); // nested: the input address is the guest's IOVA
        if (a.guest.eventQueue().offer(fault, a.guestEndpoint, guestAddress)) {
            injected++;
            hostLog.add(String.format("host: %s fault on rid 0x%x injected into %s as endpoint %d%s", fault.stage(),
                    fault.requesterId(), a.guest.name(), a.guestEndpoint,
                    fault.hasAddress() ? String.format(" at 0x%x", guestAddress) : ""));
        } else {
            hostLog.add(String.format("host: %s's event queue is full: %s fault on rid 0x%x dropped (counted by the ring)",
                    a.guest.name(), fault.stage(), fault.requesterId()));
        }
        return Disposition.HANDLED;
    }

    private String ownerName(UnrecoverableFault fault) {
        Assignment a = assignments.get(fault.requesterId());
        return a == null ? "any guest" : a.guest.name();
    }

    /** What the host did, one line per fault or answer. */
    public List<String> hostLog() {
        return Collections.unmodifiableList(hostLog);
    }

    /** Fault events written into guests' event queues. */
    public long injected() {
        return injected;
    }

    /** Faults the host kept (never shown to a guest). */
    public long keptInHost() {
        return keptInHost;
    }

    private record Assignment(Guest guest, int guestEndpoint, boolean guestOwnsTables) {
    }
}
