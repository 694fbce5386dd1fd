package io.faultline.examples.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.api.Disposition;
import io.faultline.api.Fault;
import io.faultline.api.Family;
import io.faultline.api.Stage;
import io.faultline.runtime.RouteOutcome;
import io.faultline.test.FaultInjector;
import io.faultline.test.FaultlineTest;
import java.util.List;
import org.junit.jupiter.api.Test;

@FaultlineTest
class HypervisorRelayTest {
    static final int VM1_DEV = 0x100;
    static final int VM2_DEV = 0x200;
    static final int HOST_OWNED = 0x300;
    static final int UNASSIGNED = 0x400;

    final Guest vm1 = new Guest("vm1", 8);
    final Guest vm2 = new Guest("vm2", 8);

    HypervisorRelay relay(FaultInjector faults) {
        HypervisorRelay relay = new HypervisorRelay();
        relay.assign(VM1_DEV, vm1, 3, true);
        relay.assign(VM2_DEV, vm2, 7, true);
        relay.assign(HOST_OWNED, vm2, 8, false);
        HypervisorRelay_FaultDispatcher d = HypervisorRelay_FaultDispatcher.of(relay);
        for (int rid : new int[] {VM1_DEV, VM2_DEV, HOST_OWNED, UNASSIGNED}) {
            faults.bind(rid, d);
        }
        return relay;
    }

    @Test
    void guestTableFaultsReachTheOwningGuestWithItsEndpointAndAddress(FaultInjector faults) {
        relay(faults);
        faults.unrecoverable().requester(VM1_DEV).pasid(2).stage(Stage.PTE).address(0x7f001000L).write().inject()
                .assertHandler("guestTables").assertReturned(Disposition.HANDLED);
        faults.unrecoverable().requester(VM1_DEV).pasid(2).stage(Stage.PGD).address(0x5000).read().inject()
                .assertHandler("guestTables");
        List<Fault> seen = vm1.pollEvents();
        assertEquals(2, seen.size());
        Fault pte = seen.get(0);
        assertEquals(Family.VIRTIO_IOMMU, pte.family());
        assertEquals(3, pte.requesterId(), "the guest's endpoint id, not the host's requester id");
        assertEquals(0x7f001000L, pte.address());
        assertEquals(Stage.PTE, pte.stage()); // virtio MAPPING
        assertTrue(pte.access().write());
        assertEquals(Stage.NONE, seen.get(1).stage(), "virtio-iommu has no PGD reason: UNKNOWN");
        assertTrue(vm2.pollEvents().isEmpty(), "vm2 does not own endpoint 0x100");
    }

    @Test
    void aFaultIsNeverInjectedIntoAGuestThatDoesNotOwnTheEndpoint(FaultInjector faults) {
        HypervisorRelay relay = relay(faults);
        for (Stage s : new Stage[] {Stage.PASID, Stage.PGD, Stage.PTE}) {
            faults.unrecoverable().requester(VM2_DEV).pasid(1).stage(s).address(0x1000).inject();
            faults.unrecoverable().requester(UNASSIGNED).pasid(1).stage(s).address(0x2000).inject()
                    .assertOutcome(RouteOutcome.DEFAULT_ACTION).assertReturned(Disposition.DEFAULT_ACTION);
            faults.unrecoverable().requester(HOST_OWNED).pasid(1).stage(s).address(0x3000).inject()
                    .assertOutcome(RouteOutcome.DEFAULT_ACTION);
        }
        assertTrue(vm1.pollEvents().isEmpty(), "vm1 owns none of these endpoints");
        List<Fault> vm2Seen = vm2.pollEvents();
        assertEquals(3, vm2Seen.size(), "only the faults of vm2's own guest-owned endpoint");
        for (Fault f : vm2Seen) {
            assertEquals(7, f.requesterId());
            assertEquals(0x1000, f.address());
        }
        assertEquals(3, relay.injected());
        assertEquals(6, relay.keptInHost());
    }

    @Test
    void contextAndStagelessFaultsStayInTheHost(FaultInjector faults) {
        HypervisorRelay relay = relay(faults);
        faults.unrecoverable().requester(VM1_DEV).stage(Stage.CONTEXT).inject().assertHandler("hostDeviceEntry");
        faults.unrecoverable().requester(VM1_DEV).stage(Stage.NONE).address(0xfee00000L).inject().assertHandler("hostOnly");
        assertTrue(vm1.pollEvents().isEmpty());
        assertTrue(vm2.pollEvents().isEmpty());
        assertEquals(0, relay.injected());
        assertTrue(relay.hostLog().get(0).contains("not shown to vm1"), relay.hostLog()::toString);
    }
}
