package io.faultline.examples.relay;

import io.faultline.api.Disposition;
import io.faultline.api.FaultType;
import io.faultline.api.OnFault;
import io.faultline.api.PageRequest;
import io.faultline.api.PageRequestGroup;
import io.faultline.api.PageResponder;
import io.faultline.api.PageResponse;
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
 *
 * <p>Page requests of a guest-owned address space are forwarded to the owning guest and the handler
 * returns at once; the guest answers later ({@link #guestResponds}) and the relay passes the answer to
 * the group's one-shot {@link PageResponder}. A misbehaving guest cannot break the device: a second or
 * late answer is refused by the responder (the router counts it), an answer for a group the relay never
 * forwarded goes to the router's {@code respond(rid, pasid, group, response)}, which refuses and counts
 * it, an answer for an endpoint the guest does not own is refused here, and a guest that never answers
 * is answered INVALID by the router at its deadline.
 */
public class HypervisorRelay {
    /** Answers a group by its address: {@code FaultRouter::respond}. */
    @FunctionalInterface
    public interface GroupResponder {
        boolean respond(int requesterId, int pasid, int groupIndex, PageResponse response);
    }

    /** What became of a guest's answer. */
    public enum GuestAnswer {
        /** Passed to the device. */
        RELAYED,
        /** The group was already answered: by this guest before, or by the router at the deadline. */
        REFUSED_ALREADY_ANSWERED,
        /** The relay never forwarded such a group; the router refused it too and counted it. */
        REFUSED_UNKNOWN_GROUP,
        /** The endpoint is not this guest's: nothing is looked up, nothing sent. */
        REFUSED_NOT_ITS_ENDPOINT
    }

    private final Map<Integer, Assignment> assignments = new HashMap<>();
    private final Map<List<Integer>, PageResponder> forwarded = new HashMap<>();
    private final List<String> hostLog = Collections.synchronizedList(new ArrayList<>());
    private GroupResponder unknownGroups = (rid, pasid, group, response) -> false;
    private long injected;
    private long keptInHost;
    private long relayed;
    private long refused;

    /** Where answers for groups the relay holds no responder for go, to be refused and counted: the router. */
    public void answerUnknownGroupsVia(GroupResponder router) {
        this.unknownGroups = Objects.requireNonNull(router, "router");
    }

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

    @OnFault(type = FaultType.PAGE_REQUEST)
    synchronized void forwardPageRequests(PageRequestGroup group, PageResponder responder) {
        PageRequest last = group.last();
        Assignment a = assignments.get(last.requesterId());
        if (a == null || !a.guestOwnsTables) {
            keptInHost++;
            hostLog.add(String.format("host: page request group %d of rid 0x%x in host-owned tables: nobody pages"
                    + " them, INVALID", last.groupIndex(), last.requesterId()));
            responder.respond(PageResponse.INVALID);
            return;
        }
        // Answered groups are dropped here, so the table holds at most one entry per pending group key.
        forwarded.values().removeIf(PageResponder::isAnswered);
        forwarded.put(List.of(last.requesterId(), last.pasid(), last.groupIndex()), responder);
        for (PageRequest r : group.requests()) {
            a.guest.receive(new GuestPageRequest(a.guestEndpoint, r.pasid(), r.groupIndex(), r.address(),
                    r.access().write()));
        }
        hostLog.add(String.format("host: page request group %d (%d request(s)) of rid 0x%x forwarded to %s as"
                + " endpoint %d", last.groupIndex(), group.size(), last.requesterId(), a.guest.name(), a.guestEndpoint));
    }

    /**
     * A guest answers a page request group it was sent (possibly late, twice, or for a group it was
     * never sent). Safe from the guest's own thread.
     */
    public synchronized GuestAnswer guestResponds(Guest guest, int guestEndpoint, int pasid, int group,
                                                  PageResponse response) {
        Integer hostRid = null;
        for (Map.Entry<Integer, Assignment> e : assignments.entrySet()) {
            if (e.getValue().guest == guest && e.getValue().guestEndpoint == guestEndpoint) {
                hostRid = e.getKey();
            }
        }
        GuestAnswer outcome;
        if (hostRid == null) {
            outcome = GuestAnswer.REFUSED_NOT_ITS_ENDPOINT;
        } else {
            PageResponder responder = forwarded.get(List.of(hostRid, pasid, group));
            if (responder != null) {
                outcome = responder.respond(response) ? GuestAnswer.RELAYED : GuestAnswer.REFUSED_ALREADY_ANSWERED;
            } else {
                outcome = unknownGroups.respond(hostRid, pasid, group, response) ? GuestAnswer.RELAYED
                        : GuestAnswer.REFUSED_UNKNOWN_GROUP;
            }
        }
        if (outcome == GuestAnswer.RELAYED) {
            relayed++;
        } else {
            refused++;
        }
        hostLog.add(String.format("host: %s answered %s for endpoint %d pasid %d group %d: %s", guest.name(), response,
                guestEndpoint, pasid, group, outcome));
        return outcome;
    }

    private String ownerName(UnrecoverableFault fault) {
        Assignment a = assignments.get(fault.requesterId());
        return a == null ? "any guest" : a.guest.name();
    }

    /** What the host did, one line per fault or answer. */
    public List<String> hostLog() {
        synchronized (hostLog) {
            return List.copyOf(hostLog);
        }
    }

    /** Fault events written into guests' event queues. */
    public long injected() {
        return injected;
    }

    /** Faults the host kept (never shown to a guest). */
    public long keptInHost() {
        return keptInHost;
    }

    /** Guest answers passed to devices. */
    public long relayed() {
        return relayed;
    }

    /** Guest answers refused: twice, late, unknown group, or not the guest's endpoint. */
    public long refused() {
        return refused;
    }

    private record Assignment(Guest guest, int guestEndpoint, boolean guestOwnsTables) {
    }
}
