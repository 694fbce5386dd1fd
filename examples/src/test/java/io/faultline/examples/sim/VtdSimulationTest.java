package io.faultline.examples.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.QueueListener;
import io.faultline.api.Fault;
import io.faultline.api.Family;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same walk on a simulated VT-d unit: its own records, read by the real VT-d adapter. */
class VtdSimulationTest {

    @Test
    void eachStepOfTheWalkFailsWithItsOwnScalableModeReasonIncludingPgd() {
        SimulatedIommu vtd = SimulatedIommu.of(Family.INTEL_VTD, 0);
        vtd.attach(0x0100);
        vtd.addPasid(0x0100, 1);
        vtd.map(0x0100, 1, 0x1000, false);
        vtd.attach(0x0200);
        vtd.corruptDeviceEntry(0x0200);
        vtd.attach(0x0300);
        vtd.addPasid(0x0300, 1);
        vtd.corruptPgd(0x0300, 1);

        List<String> names = List.of(
                vtd.dma(0x0999, 0x1000, false),
                vtd.dma(0x0200, 0x1000, false),
                vtd.dma(0x0100, 2, 0x1000, false),
                vtd.dma(0x0300, 1, 0x1000, false),
                vtd.dma(0x0100, 1, 0x2000, true));
        assertEquals("SM: Present bit in Context Entry is clear", names.get(0));
        assertEquals("SM: Error attempting to access FL-PML4 entry", names.get(3));

        List<Fault> faults = new ArrayList<>();
        vtd.drain(faults::add, QueueListener.IGNORE);
        assertEquals(List.of(Stage.CONTEXT, Stage.CONTEXT, Stage.PASID, Stage.PGD, Stage.PTE),
                faults.stream().map(Fault::stage).toList());
        Fault pte = faults.get(4);
        assertEquals(Family.INTEL_VTD, pte.family());
        assertEquals(0x0100, pte.requesterId());
        assertEquals(1, pte.pasid());
        assertEquals(0x2000, pte.address());
        assertTrue(pte.access().write());
        assertTrue(faults.get(0).access().read());
    }

    @Test
    void moreFaultsThanRecordingRegistersAreDrainedInOrderAcrossTheWrap() {
        SimulatedIommu vtd = SimulatedIommu.vtd();
        List<Fault> faults = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 5; i++) {
                vtd.dma(0x10 + i, 0x1000, false);
            }
            vtd.drain(faults::add, QueueListener.IGNORE);
        }
        assertEquals(15, faults.size());
        assertEquals(List.of(0x10, 0x11, 0x12, 0x13, 0x14), faults.subList(10, 15).stream().map(Fault::requesterId).toList());
        assertEquals(0, vtd.overflows());
    }

    @Test
    void aFullRecordingRingSetsPfoAndAGarbageRecordIsReported() {
        SimulatedIommu vtd = SimulatedIommu.vtd();
        for (int i = 0; i < 9; i++) { // 8 registers
            vtd.dma(0x10, 0x1000L * i, false);
        }
        List<Fault> faults = new ArrayList<>();
        vtd.drain(faults::add, QueueListener.IGNORE);
        assertEquals(8, faults.size());
        assertEquals(1, vtd.overflows());
        List<MalformedRecordException> bad = new ArrayList<>();
        vtd.writeGarbageRecord();
        vtd.drain(faults::add, new QueueListener() {
            @Override
            public void malformed(MalformedRecordException error) {
                bad.add(error);
            }

            @Override
            public void overflow(Family family, String queue, long lost, String why) {
            }
        });
        assertEquals(1, bad.size());
        assertEquals("FR", bad.get(0).field());
    }

    @Test
    void pageRequestGroupsTravelThroughThePrqAndTheAnswerThroughTheInvalidationQueue() {
        SimulatedIommu vtd = SimulatedIommu.vtd();
        vtd.attach(0x0100);
        vtd.addPasid(0x0100, 4);
        vtd.pageRequestGroup(0x0100, 4, 9, false, 0x7000, 0x8000);
        List<Fault> faults = new ArrayList<>();
        vtd.drain(faults::add, QueueListener.IGNORE);
        assertEquals(2, faults.size());
        PageRequest last = (PageRequest) faults.get(1);
        assertTrue(last.lastInGroup());
        assertEquals(9, last.groupIndex());
        assertEquals(4, last.pasid());
        vtd.map(0x0100, 4, 0x7000, false);
        vtd.map(0x0100, 4, 0x8000, false);
        vtd.responseSink().send(last, PageResponse.SUCCESS);
        assertEquals(List.of(new DeviceResponse(0x0100, 4, 9, PageResponse.SUCCESS, true, 2)), vtd.receiveResponses());
        assertEquals(0, vtd.outstandingGroups());
    }
}
