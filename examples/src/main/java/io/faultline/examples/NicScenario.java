package io.faultline.examples;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.QueueListener;
import io.faultline.adapters.smmuv3.SmmuV3Queue;
import io.faultline.api.Family;
import io.faultline.api.Fault;
import io.faultline.api.FaultType;
import io.faultline.api.Stage;
import io.faultline.examples.nic.NicDriver;
import io.faultline.examples.nic.NicDriver_FaultDispatcher;
import io.faultline.examples.nic.SimulatedNic;
import io.faultline.examples.sim.SimulatedSmmu;
import io.faultline.runtime.FaultListener;
import io.faultline.runtime.FaultRouter;
import io.faultline.runtime.RouteOutcome;
import io.faultline.runtime.RouterStats;
import java.util.ArrayList;
import java.util.List;

/**
 * Two network cards behind a simulated SMMUv3. nic0's driver forgets to map buffers (PTE faults:
 * the driver resets the card, at most twice, then shuts it down); nic1's stream table entry is
 * corrupted by the host (a CONTEXT fault: the driver shuts the card down); a device nobody bound
 * does DMA (the router applies the default action); and a corrupted record sits in the ring (the
 * adapter reports it and reads on).
 */
public final class NicScenario {
    static final int NIC0 = 0x100;
    static final int NIC1 = 0x200;
    static final int STRAY = 0x300;

    public static Report run() {
        Report report = new Report();
        report.line("== NIC drivers on a simulated SMMUv3 (event queue of 16 records)");

        SimulatedSmmu smmu = new SimulatedSmmu(4);
        smmu.attach(NIC0);
        smmu.attach(NIC1);
        smmu.map(NIC0, 0x1000, true);
        smmu.map(NIC0, 0x2000, false);
        smmu.map(NIC1, 0x1000, true);

        NicDriver nic0 = new NicDriver(new SimulatedNic(), 2);
        NicDriver nic1 = new NicDriver(new SimulatedNic(), 2);
        List<String> defaults = new ArrayList<>();
        List<String> queueProblems = new ArrayList<>();
        FaultRouter router = FaultRouter.builder()
                .listener(new FaultListener() {
                    @Override
                    public void unhandled(Fault fault, RouteOutcome why) {
                        defaults.add(why + ": " + fault.stage() + " " + fault.reason().name() + " from stream 0x"
                                + Integer.toHexString(fault.requesterId()) + " -> " + fault.stage().defaultAction());
                    }
                })
                .build();
        router.bind(NIC0, NicDriver_FaultDispatcher.of(nic0));
        router.bind(NIC1, NicDriver_FaultDispatcher.of(nic1));

        dma(report, smmu, "nic0", NIC0, 0x1000, false);  // mapped: fine
        dma(report, smmu, "nic0", NIC0, 0x9000, true);   // forgot to map the RX ring
        dma(report, smmu, "nic0", NIC0, 0x2000, true);   // write to a read-only page
        dma(report, smmu, "nic0", NIC0, 0xa000, false);  // still not mapped: third PTE fault
        smmu.corruptStreamTableEntry(NIC1);
        dma(report, smmu, "nic1", NIC1, 0x1000, true);   // the host broke nic1's STE
        dma(report, smmu, "stray", STRAY, 0x4000, true); // nobody attached or bound this stream
        smmu.writeGarbageRecord((byte) 0x0f);            // event id 0x0f does not exist

        SmmuV3Queue queue = smmu.eventQueue();
        int consumed = queue.drain(router, new QueueListener() {
            @Override
            public void malformed(MalformedRecordException error) {
                queueProblems.add("malformed: " + error.getMessage());
            }

            @Override
            public void overflow(Family family, String queueName, long lost, String why) {
                queueProblems.add("overflow of " + queueName + ": " + why);
            }
        });
        report.line("");
        report.line("Event queue drained: " + consumed + " records, " + queue.malformedRecords() + " malformed");
        queueProblems.forEach(p -> report.line("  " + p));

        driverReport(report, "nic0 (stream 0x100)", nic0);
        driverReport(report, "nic1 (stream 0x200)", nic1);
        report.line("Default actions (no handler took the fault):");
        defaults.forEach(d -> report.line("  " + d));

        RouterStats stats = router.stats();
        report.line("Router counters:");
        for (String l : stats.toString().split("\n")) {
            report.line("  " + l);
        }

        report.line("Checks:");
        report.check(nic0.nic().resets() == 2, "nic0 was reset twice for its first two PTE faults");
        report.check(nic0.nic().state() == SimulatedNic.State.SHUT_DOWN,
                "nic0 was shut down when PTE faults went on after the reset limit");
        report.check(nic1.nic().state() == SimulatedNic.State.SHUT_DOWN, "nic1 was shut down on its CONTEXT fault");
        report.check(stats.count(RouteOutcome.HANDLED, FaultType.UNRECOVERABLE, Stage.PTE) == 3,
                "three PTE faults reached NicDriver.onUnmappedDma");
        report.check(stats.count(RouteOutcome.NO_DRIVER, FaultType.UNRECOVERABLE, Stage.CONTEXT) == 1
                        && defaults.size() == 1 && defaults.get(0).endsWith("SHUT_DOWN_DEVICE"),
                "the unbound stream's CONTEXT fault got the default action (shut the device down)");
        report.check(queue.malformedRecords() == 1 && queueProblems.size() == 1,
                "the corrupted record was reported, not routed, and the reader went on");
        report.check(stats.received() == smmu.faults(), "every fault the SMMU recorded was routed and counted");
        report.line(report.passed() ? "All " + report.checks() + " checks passed."
                : report.failedChecks().size() + " of " + report.checks() + " checks FAILED.");
        return report;
    }

    private static void dma(Report report, SimulatedSmmu smmu, String name, int sid, long address, boolean write) {
        String event = smmu.dma(sid, address, write);
        report.line(String.format("  DMA %-5s %-5s 0x%05x -> %s", name, write ? "write" : "read", address,
                event == null ? "translated" : "fault, SMMU writes " + event));
    }

    private static void driverReport(Report report, String name, NicDriver driver) {
        report.line("Driver " + name + ": card " + driver.nic().state() + ", " + driver.nic().resets() + " resets");
        driver.actions().forEach(a -> report.line("  " + a));
    }

    private NicScenario() {
    }
}
