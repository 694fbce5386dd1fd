package io.faultline.examples.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.adapters.QueueListener;
import io.faultline.api.Fault;
import io.faultline.api.Family;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import io.faultline.runtime.FaultRouter;
import io.faultline.test.FaultInjector;
import io.faultline.test.FaultlineTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@FaultlineTest
class SimulatedIommuTest {

    private static List<Fault> drain(SimulatedIommu iommu) {
        List<Fault> out = new ArrayList<>();
        iommu.drain(out::add, QueueListener.IGNORE);
        return out;
    }

    @Test
    void eachStepOfTheWalkFailsWithItsOwnSmmuV3Record() {
        SimulatedIommu smmu = SimulatedIommu.smmuV3(4);
        smmu.attach(0x10);
        smmu.addPasid(0x10, 1);
        smmu.map(0x10, 1, 0x1000, false);
        smmu.attach(0x20);
        smmu.corruptDeviceEntry(0x20);
        smmu.attach(0x30);
        smmu.addPasid(0x30, 1);
        smmu.corruptPgd(0x30, 1);

        assertNull(smmu.dma(0x10, 1, 0x1000, false));
        assertEquals("C_BAD_STREAMID", smmu.dma(0x99, 0x1000, false));
        assertEquals("C_BAD_STE", smmu.dma(0x20, 0x1000, false));
        assertEquals("C_BAD_CD", smmu.dma(0x10, 2, 0x1000, false));
        assertEquals("F_WALK_EABT", smmu.dma(0x30, 1, 0x1000, false));
        assertEquals("F_TRANSLATION", smmu.dma(0x10, 1, 0x2000, true));
        assertEquals("F_PERMISSION", smmu.dma(0x10, 1, 0x1000, true));

        List<Fault> faults = drain(smmu);
        assertEquals(List.of(Stage.CONTEXT, Stage.CONTEXT, Stage.PASID, Stage.PTE, Stage.PTE, Stage.PTE),
                faults.stream().map(Fault::stage).toList(),
                "SMMUv3 has no PGD record: a broken table pointer is F_WALK_EABT, which the decoder classes PTE");
        assertEquals(WalkFailure.BAD_PGD, smmu.walk(0x30, 1, 0x1000, false));
        assertEquals(Stage.PGD, WalkFailure.BAD_PGD.stage());
        Fault pasid = faults.get(2);
        assertEquals(0x10, pasid.requesterId());
        assertEquals(2, pasid.pasid());
        Fault perm = faults.get(5);
        assertEquals(Family.ARM_SMMU_V3, perm.family());
        assertEquals(1, perm.pasid());
        assertEquals(0x1000, perm.address());
        assertTrue(perm.access().write());
        assertEquals(6, smmu.faults());
        assertEquals(7, smmu.translations());
    }

    @Test
    void pageRequestsAreRealPriEntriesAndTheAnswerComesBackThroughTheCommandQueue() {
        SimulatedIommu smmu = SimulatedIommu.smmuV3(4);
        smmu.attach(0x10);
        smmu.addPasid(0x10, 5);
        smmu.pageRequestGroup(0x10, 5, 3, true, 0x4000, 0x5000);
        List<Fault> faults = drain(smmu);
        assertEquals(2, faults.size());
        PageRequest last = (PageRequest) faults.get(1);
        assertFalse(((PageRequest) faults.get(0)).lastInGroup());
        assertTrue(last.lastInGroup());
        assertEquals(3, last.groupIndex());
        assertEquals(5, last.pasid());
        assertEquals(0x5000, last.address());
        assertTrue(last.access().write());

        smmu.map(0x10, 5, 0x4000, true);
        smmu.map(0x10, 5, 0x5000, true);
        smmu.responseSink().send(last, PageResponse.SUCCESS); // the adapter writes CMD_PRI_RESP
        List<DeviceResponse> got = smmu.receiveResponses();
        assertEquals(List.of(new DeviceResponse(0x10, 5, 3, PageResponse.SUCCESS, true, 2)), got);
        assertEquals(0, smmu.outstandingGroups());

        smmu.responseSink().send(last, PageResponse.INVALID); // a response for a group the device no longer waits for
        assertFalse(smmu.receiveResponses().get(0).expected());
    }

    @Test
    void routedThroughTheTestKitsInjectorTheDeviceGetsOneResponsePerGroup(FaultInjector faults) {
        SimulatedIommu smmu = SimulatedIommu.smmuV3(4);
        smmu.attach(0x10);
        smmu.addPasid(0x10, 1);
        faults.forwardResponsesTo(smmu.responseSink());
        FaultRouter router = faults.router(); // no driver bound: the router answers INVALID
        smmu.pageRequestGroup(0x10, 1, 7, false, 0x1000, 0x2000, 0x3000);
        smmu.drain(faults::inject, QueueListener.IGNORE);
        assertEquals(1, router.stats().responses(PageResponse.INVALID));
        List<DeviceResponse> got = smmu.receiveResponses();
        assertEquals(1, got.size());
        assertEquals(PageResponse.INVALID, got.get(0).response());
        assertTrue(got.get(0).expected());
    }

    @Test
    void aFullEventQueueDropsAndSignalsOverflowLikeHardware() {
        SimulatedIommu smmu = SimulatedIommu.smmuV3(2); // 4 records
        for (int i = 0; i < 6; i++) {
            smmu.dma(0x77, 0x1000L * i, false);
        }
        assertEquals(4, drain(smmu).size());
        assertEquals(1, smmu.overflows());
    }

    @Test
    void unknownDevicesAndPasidsAreRefusedWithTheirName() {
        SimulatedIommu smmu = SimulatedIommu.smmuV3(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> smmu.map(0x42, 0x1000, true));
        assertTrue(e.getMessage().contains("0x42"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SimulatedIommu.of(Family.VIRTIO_IOMMU, 2));
    }
}
