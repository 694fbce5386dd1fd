package io.faultline.examples.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.QueueListener;
import io.faultline.api.Fault;
import io.faultline.api.Family;
import io.faultline.api.FaultType;
import io.faultline.api.OnFault;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import io.faultline.runtime.RouteOutcome;
import io.faultline.test.FaultInjector;
import io.faultline.test.FaultlineTest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same walk and the same page requests on each simulated family, read back by that family's
 * adapter: the stage each record decodes to is what the family can say.
 */
@FaultlineTest
class EveryFamilyTest {

    static Stream<Arguments> families() {
        return Stream.of(
                // NO_DEVICE_ENTRY, BAD_DEVICE_ENTRY, BAD_PASID_ENTRY, BAD_PGD, NOT_MAPPED, PERMISSION
                Arguments.of(Family.ARM_SMMU_V3, List.of(Stage.CONTEXT, Stage.CONTEXT, Stage.PASID, Stage.PTE,
                        Stage.PTE, Stage.PTE)),
                Arguments.of(Family.INTEL_VTD, List.of(Stage.CONTEXT, Stage.CONTEXT, Stage.PASID, Stage.PGD,
                        Stage.PTE, Stage.PTE)),
                Arguments.of(Family.AMD_VI, List.of(Stage.CONTEXT, Stage.CONTEXT, Stage.PTE, Stage.PGD,
                        Stage.PTE, Stage.PTE)));
    }

    private static SimulatedIommu withTables(Family family) {
        SimulatedIommu iommu = SimulatedIommu.of(family, 4);
        iommu.attach(0x10);
        iommu.addPasid(0x10, 1);
        iommu.map(0x10, 1, 0x1000, false);
        iommu.attach(0x20);
        iommu.corruptDeviceEntry(0x20);
        iommu.attach(0x30);
        iommu.addPasid(0x30, 1);
        iommu.corruptPgd(0x30, 1);
        return iommu;
    }

    @ParameterizedTest
    @MethodSource("families")
    void eachWalkFailureDecodesToTheStageTheFamilyCanReport(Family family, List<Stage> expected) {
        SimulatedIommu iommu = withTables(family);
        iommu.dma(0x99, 1, 0x1000, false);
        iommu.dma(0x20, 1, 0x1000, false);
        iommu.dma(0x10, 2, 0x1000, false);
        iommu.dma(0x30, 1, 0x1000, false);
        iommu.dma(0x10, 1, 0x2000, true);
        iommu.dma(0x10, 1, 0x1000, true);
        List<Fault> faults = new ArrayList<>();
        iommu.drain(faults::add, QueueListener.IGNORE);
        assertEquals(expected, faults.stream().map(Fault::stage).toList());
        assertTrue(faults.stream().allMatch(f -> f.family() == family));
        assertEquals(List.of(0x99, 0x20, 0x10, 0x30, 0x10, 0x10), faults.stream().map(Fault::requesterId).toList());
        Fault permission = faults.get(5);
        assertEquals(1, permission.pasid());
        assertEquals(0x1000, permission.address());
        assertTrue(permission.access().write(), permission::toString);
        assertEquals(6, iommu.faults());
    }

    @ParameterizedTest
    @EnumSource(value = Family.class, names = {"ARM_SMMU_V3", "INTEL_VTD", "AMD_VI"})
    void aCorruptedRecordIsReportedAndTheReaderGoesOn(Family family) {
        SimulatedIommu iommu = withTables(family);
        iommu.writeGarbageRecord();
        iommu.dma(0x10, 1, 0x5000, false);
        List<Fault> faults = new ArrayList<>();
        List<MalformedRecordException> bad = new ArrayList<>();
        iommu.drain(faults::add, new QueueListener() {
            @Override
            public void malformed(MalformedRecordException error) {
                bad.add(error);
            }

            @Override
            public void overflow(Family f, String queue, long lost, String why) {
            }
        });
        assertEquals(1, bad.size());
        assertEquals(family, bad.get(0).family());
        assertEquals(1, faults.size());
        assertEquals(1, iommu.malformedRecords());
    }

    /** Maps every page it is asked for: a minimal pager, compiled by the processor. */
    static class MapEverything {
        SimulatedIommu iommu;

        @OnFault(type = FaultType.PAGE_REQUEST)
        PageResponse map(PageRequest last) {
            iommu.map(last.requesterId(), last.pasid(), last.address(), last.access().write());
            return PageResponse.SUCCESS;
        }
    }

    @ParameterizedTest
    @EnumSource(value = Family.class, names = {"ARM_SMMU_V3", "INTEL_VTD", "AMD_VI"})
    void aPageRequestGroupGetsOneResponseThroughTheFamilysCommandQueue(Family family, FaultInjector faults) {
        SimulatedIommu iommu = withTables(family);
        MapEverything driver = faults.bind(0x10, EveryFamilyTest_MapEverything_FaultDispatcher.of(new MapEverything()));
        driver.iommu = iommu;
        faults.forwardResponsesTo(iommu.responseSink());
        iommu.pageRequestGroup(0x10, 1, 5, true, 0x8000);
        iommu.pageRequestGroup(0x77, 1, 6, false, 0x9000, 0xa000); // nobody bound: INVALID
        List<RouteOutcome> outcomes = new ArrayList<>();
        iommu.drain(f -> outcomes.add(faults.inject(f).outcome()), QueueListener.IGNORE);
        assertEquals(List.of(RouteOutcome.HANDLED, RouteOutcome.GROUP_PENDING, RouteOutcome.NO_DRIVER), outcomes);
        assertEquals(List.of(new DeviceResponse(0x10, 1, 5, PageResponse.SUCCESS, true, 1),
                new DeviceResponse(0x77, 1, 6, PageResponse.INVALID, true, 0)), iommu.receiveResponses());
        assertEquals(0, iommu.outstandingGroups());
    }
}
