package io.faultline.examples.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.api.Disposition;
import io.faultline.api.Fault;
import io.faultline.api.Family;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import io.faultline.runtime.RouteOutcome;
import io.faultline.test.FaultInjector;
import io.faultline.test.FaultlineTest;
import io.faultline.test.Injection;
import java.time.Duration;
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

    @Test
    void pageRequestsGoToTheOwningGuestAndItsAnswerIsRelayedOnce(FaultInjector faults) {
        HypervisorRelay relay = relay(faults);
        Injection i = faults.pageRequest().requester(VM1_DEV).pasid(2).group(4).write().injectGroup(0x1000, 0x2000)
                .assertHandler("forwardPageRequests").assertOutcome(RouteOutcome.DEFERRED).assertNoResponse();
        assertTrue(i.deferred());
        assertEquals(List.of(new GuestPageRequest(3, 2, 4, 0x1000, true), new GuestPageRequest(3, 2, 4, 0x2000, true)),
                vm1.pageRequests());
        assertTrue(vm2.pageRequests().isEmpty());
        assertEquals(HypervisorRelay.GuestAnswer.RELAYED, relay.guestResponds(vm1, 3, 2, 4, PageResponse.SUCCESS));
        i.assertResponse(PageResponse.SUCCESS);
        assertEquals(HypervisorRelay.GuestAnswer.REFUSED_ALREADY_ANSWERED,
                relay.guestResponds(vm1, 3, 2, 4, PageResponse.INVALID));
        i.assertResponse(PageResponse.SUCCESS); // still exactly one
        assertEquals(1, faults.stats().rejectedAnswers());
    }

    @Test
    void aGuestThatNeverAnswersIsAnsweredInvalidAtTheDeadlineAndItsLateAnswerRefused(FaultInjector faults) {
        faults.configure(b -> b.responseDeadline(Duration.ofSeconds(2)));
        HypervisorRelay relay = relay(faults);
        Injection i = faults.pageRequest().requester(VM2_DEV).pasid(1).group(8).address(0x5000).inject().assertNoResponse();
        assertEquals(0, faults.advance(Duration.ofSeconds(1)));
        assertEquals(1, faults.advance(Duration.ofSeconds(2)));
        i.assertResponse(PageResponse.INVALID);
        assertEquals(HypervisorRelay.GuestAnswer.REFUSED_ALREADY_ANSWERED,
                relay.guestResponds(vm2, 7, 1, 8, PageResponse.SUCCESS));
        i.assertResponse(PageResponse.INVALID);
    }

    @Test
    void answersForGroupsNeverSentOrForAnotherGuestsEndpointAreRefused(FaultInjector faults) {
        HypervisorRelay relay = relay(faults);
        relay.answerUnknownGroupsVia(faults.router()::respond);
        Injection i = faults.pageRequest().requester(VM1_DEV).pasid(1).group(1).address(0x1000).inject();
        assertEquals(HypervisorRelay.GuestAnswer.REFUSED_NOT_ITS_ENDPOINT,
                relay.guestResponds(vm2, 3, 1, 1, PageResponse.SUCCESS), "endpoint 3 is vm1's");
        assertEquals(HypervisorRelay.GuestAnswer.REFUSED_UNKNOWN_GROUP,
                relay.guestResponds(vm2, 7, 1, 99, PageResponse.SUCCESS));
        assertEquals(1, faults.stats().unknownGroupResponses(), "the router counted the unknown group");
        i.assertNoResponse();
        assertTrue(faults.responses().isEmpty());
        assertEquals(2, relay.refused());
    }

    @Test
    void pageRequestsOfHostOwnedOrUnassignedEndpointsAreAnsweredInvalidAndNeverForwarded(FaultInjector faults) {
        relay(faults);
        faults.pageRequest().requester(HOST_OWNED).pasid(1).address(0x1000).inject().assertResponse(PageResponse.INVALID);
        faults.pageRequest().requester(UNASSIGNED).pasid(1).address(0x1000).inject().assertResponse(PageResponse.INVALID);
        assertTrue(vm1.pageRequests().isEmpty());
        assertTrue(vm2.pageRequests().isEmpty());
    }
}
