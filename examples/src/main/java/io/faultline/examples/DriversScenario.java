package io.faultline.examples;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.QueueListener;
import io.faultline.api.Fault;
import io.faultline.api.Family;
import io.faultline.api.FaultType;
import io.faultline.api.OnFault;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.QuarantineAware;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import io.faultline.examples.gpu.GpuDriver;
import io.faultline.examples.gpu.GpuDriver_FaultDispatcher;
import io.faultline.examples.gpu.SimulatedGpu;
import io.faultline.examples.logger.FaultLogger;
import io.faultline.examples.logger.FaultLogger_FaultDispatcher;
import io.faultline.examples.relay.Guest;
import io.faultline.examples.relay.GuestPageRequest;
import io.faultline.examples.relay.HypervisorRelay;
import io.faultline.examples.relay.HypervisorRelay_FaultDispatcher;
import io.faultline.examples.sim.DeviceResponse;
import io.faultline.examples.sim.SimulatedIommu;
import io.faultline.examples.sva.SvaPager;
import io.faultline.examples.sva.SvaPager_FaultDispatcher;
import io.faultline.runtime.FaultListener;
import io.faultline.runtime.FaultRouter;
import io.faultline.runtime.RouteOutcome;
import io.faultline.runtime.RouterStats;
import io.faultline.runtime.StormControl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every example driver on one simulated SMMUv3, each bound to its own device, all through one
 * router: the logger, the GPU, the SVA pager, the hypervisor relay with two guests, a device that
 * floods faults (storm control) and a driver that throws. The router runs on a scenario clock, so
 * deadlines and storm windows pass without sleeping and the report is the same on every run.
 */
public final class DriversScenario {
    static final int STORAGE = 0x010;
    static final int GPU = 0x020;
    static final int SVA = 0x030;
    static final int VM1_DEV = 0x040;
    static final int VM2_DEV = 0x050;
    static final int FLOODER = 0x060;
    static final int BUGGY = 0x070;
    static final int SVA_PASID = 1;
    static final int VM_PASID = 1;
    static final int FLOOD = 1000;
    static final int STORM_LIMIT = 100;

    /** A driver with a bug: its handlers throw. The router counts it and still answers the device. */
    public static class ThrowingDriver {
        int calls;

        @OnFault
        void onFault(UnrecoverableFault fault) {
            calls++;
            throw new IllegalStateException("driver bug: null ring pointer");
        }

        @OnFault(type = FaultType.PAGE_REQUEST)
        PageResponse onPageRequest(PageRequest request) {
            calls++;
            throw new IllegalStateException("driver bug: page table lock not initialised");
        }
    }

    /** The flooding device's driver: counts faults and hears when storm control quarantines its device. */
    public static class FloodedDriver implements QuarantineAware {
        long handled;
        final List<String> heard = new ArrayList<>();

        @OnFault
        void onFault() {
            handled++;
        }

        @Override
        public void quarantined(int requesterId, long faultsInWindow) {
            heard.add(String.format("quarantined after %d faults in one window: device reset scheduled", faultsInWindow));
        }

        @Override
        public void released(int requesterId, long suppressed) {
            heard.add(String.format("released; %d faults were counted but not handled meanwhile", suppressed));
        }
    }

    /** The scenario on a simulated SMMUv3. */
    public static Report run() {
        return run(Family.ARM_SMMU_V3);
    }

    /** The scenario on a simulated IOMMU of {@code family}: SMMUv3, VT-d or AMD-Vi. */
    public static Report run(Family family) {
        Report report = new Report();
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        SimulatedIommu smmu = SimulatedIommu.of(family, 6);
        List<String> routerEvents = new ArrayList<>();
        List<String> queueProblems = new ArrayList<>();
        List<DeviceResponse> responses = new ArrayList<>();
        FaultRouter router = FaultRouter.builder()
                .responseSink(smmu.responseSink())
                .listener(new Recorder(routerEvents))
                .stormControl(StormControl.of(STORM_LIMIT, Duration.ofSeconds(1), Duration.ofSeconds(5)))
                .responseDeadline(Duration.ofSeconds(2))
                .clock(clock::get)
                .build();
        QueueListener queueListener = new QueueListener() {
            @Override
            public void malformed(MalformedRecordException error) {
                queueProblems.add("malformed: " + error.getMessage());
            }

            @Override
            public void overflow(Family family, String queue, long lost, String why) {
                queueProblems.add("overflow of " + queue + ": " + why);
            }
        };
        Runnable drain = () -> {
            smmu.drain(router, queueListener);
            responses.addAll(smmu.receiveResponses());
        };
        report.line("== Every example driver on one simulated " + smmu.family() + ", one router");

        // Logger: one line per fault of a storage controller.
        List<String> logLines = new ArrayList<>();
        FaultLogger logger = new FaultLogger(logLines::add);
        smmu.attach(STORAGE);
        smmu.map(STORAGE, 0x1000, false);
        router.bind(STORAGE, FaultLogger_FaultDispatcher.of(logger));
        smmu.dma(STORAGE, 0x1000, false);       // translates
        smmu.dma(STORAGE, 0x5000, true);        // not mapped
        smmu.dma(STORAGE, 0x1000, true);        // read-only page
        smmu.dma(STORAGE, 9, 0x1000, false);    // PASID 9 has no context descriptor
        drain.run();

        // GPU: any fault dumps the rings.
        SimulatedGpu gpuState = new SimulatedGpu("gfx", "copy");
        GpuDriver gpu = new GpuDriver(gpuState);
        smmu.attach(GPU);
        smmu.map(GPU, 0x10000, true);
        router.bind(GPU, GpuDriver_FaultDispatcher.of(gpu));
        gpuState.submit(0, "DRAW", 0x10000);
        smmu.dma(GPU, 0x10000, true);
        gpuState.submit(1, "BLIT", 0x42040);
        smmu.dma(GPU, 0x42040, false);           // the blit source was never mapped
        drain.run();

        // SVA pager: the device asks for pages of a process (PASID 1).
        SvaPager pager = new SvaPager(smmu::map);
        pager.allow(SVA_PASID, 0x400000, 0x10000, true);
        smmu.attach(SVA);
        smmu.addPasid(SVA, SVA_PASID);
        router.bind(SVA, SvaPager_FaultDispatcher.of(pager));
        smmu.pageRequestGroup(SVA, SVA_PASID, 4, false, 0x400000, 0x401000, 0x402000);
        smmu.pageRequestGroup(SVA, SVA_PASID, 5, true, 0x900000);
        drain.run();

        // Hypervisor relay: vm1 and vm2 own the first-stage tables of one device each.
        Guest vm1 = new Guest("vm1", 8);
        Guest vm2 = new Guest("vm2", 8);
        HypervisorRelay relay = new HypervisorRelay();
        relay.assign(VM1_DEV, vm1, 3, true);
        relay.assign(VM2_DEV, vm2, 7, true);
        HypervisorRelay_FaultDispatcher relayDispatcher = HypervisorRelay_FaultDispatcher.of(relay);
        for (int dev : new int[] {VM1_DEV, VM2_DEV}) {
            smmu.attach(dev);
            smmu.addPasid(dev, VM_PASID);
            router.bind(dev, relayDispatcher);
        }
        relay.answerUnknownGroupsVia(router::respond);
        smmu.pageRequestGroup(VM1_DEV, VM_PASID, 1, false, 0x9000, 0xa000); // forwarded to vm1
        smmu.pageRequestGroup(VM2_DEV, VM_PASID, 2, true, 0xb000);          // forwarded to vm2
        drain.run();
        for (GuestPageRequest r : vm1.pageRequests()) { // vm1 maps the pages in its own first-stage table
            smmu.map(VM1_DEV, r.pasid(), r.address(), r.write());
        }
        List<HypervisorRelay.GuestAnswer> guestAnswers = new ArrayList<>();
        guestAnswers.add(relay.guestResponds(vm1, 3, VM_PASID, 1, PageResponse.SUCCESS));
        guestAnswers.add(relay.guestResponds(vm1, 3, VM_PASID, 1, PageResponse.SUCCESS));  // answers twice
        guestAnswers.add(relay.guestResponds(vm2, 7, VM_PASID, 77, PageResponse.SUCCESS)); // a group never sent
        guestAnswers.add(relay.guestResponds(vm2, 3, VM_PASID, 1, PageResponse.INVALID));  // vm1's endpoint
        clock.addAndGet(Duration.ofSeconds(3).toNanos());  // vm2 never answers group 2: its deadline passes
        int expired = router.expireOverdue();
        guestAnswers.add(relay.guestResponds(vm2, 7, VM_PASID, 2, PageResponse.SUCCESS));  // too late
        responses.addAll(smmu.receiveResponses());
        smmu.dma(VM1_DEV, VM_PASID, 0x7000, true);   // vm1's driver forgot a mapping: PTE, vm1's
        smmu.dma(VM1_DEV, 2, 0x7000, true);          // vm1 never set up PASID 2: PASID, vm1's
        smmu.corruptDeviceEntry(VM2_DEV);
        smmu.dma(VM2_DEV, VM_PASID, 0x8000, false);  // the host broke the STE: CONTEXT, the host's
        drain.run();
        List<Fault> vm1Events = vm1.pollEvents();
        List<Fault> vm2Events = vm2.pollEvents();

        // A device that floods faults: storm control quarantines it, the router summarises.
        FloodedDriver flooded = new FloodedDriver();
        smmu.attach(FLOODER);
        router.bind(FLOODER, DriversScenario_FloodedDriver_FaultDispatcher.of(flooded));
        for (int i = 0; i < FLOOD; i++) {
            smmu.dma(FLOODER, 0x100000L + i * 0x1000L, true);
            drain.run(); // as an interrupt handler would: VT-d has only 8 fault recording registers
            if (i == FLOOD / 2) {
                clock.addAndGet(Duration.ofMillis(1100).toNanos()); // one storm window passes: one summary line
            }
        }
        drain.run();
        clock.addAndGet(Duration.ofSeconds(6).toNanos());       // the quarantine passes
        smmu.dma(FLOODER, 0x100000L, true);
        drain.run();

        // A driver that throws: counted, the page request still answered (INVALID), nothing escapes.
        ThrowingDriver buggy = new ThrowingDriver();
        smmu.attach(BUGGY);
        smmu.addPasid(BUGGY, 1);
        router.bind(BUGGY, DriversScenario_ThrowingDriver_FaultDispatcher.of(buggy));
        smmu.dma(BUGGY, 0x3000, false);
        smmu.pageRequestGroup(BUGGY, 1, 6, false, 0x3000);
        drain.run();

        RouterStats stats = router.stats();

        section(report, "Logger (storage controller, rid 0x010)", stats, STORAGE, logLines, responses);
        List<String> gpuActions = new ArrayList<>();
        for (String d : gpu.dumps()) {
            for (String l : d.split("\n")) {
                gpuActions.add(l);
            }
        }
        gpuActions.add("GPU recovered " + gpuState.recoveries() + " time(s)");
        section(report, "GPU (rid 0x020)", stats, GPU, gpuActions, responses);
        section(report, "SVA pager (rid 0x030, PASID 1)", stats, SVA, pager.actions(), responses);
        List<String> relayActions = new ArrayList<>(relay.hostLog());
        routerEvents.stream().filter(e -> e.contains("rid 0x40 ") || e.contains("rid 0x50 "))
                .forEach(e -> relayActions.add("router: " + e));
        vm1Events.forEach(f -> relayActions.add("vm1 read from its virtio-iommu event queue: " + FaultLogger.line(f)));
        vm2Events.forEach(f -> relayActions.add("vm2 read from its virtio-iommu event queue: " + FaultLogger.line(f)));
        section(report, "Hypervisor relay (rid 0x040 -> vm1 endpoint 3, rid 0x050 -> vm2 endpoint 7)", stats,
                new int[] {VM1_DEV, VM2_DEV}, relayActions, responses);
        List<String> floodActions = new ArrayList<>(flooded.heard);
        floodActions.add(0, flooded.handled + " faults handled one by one");
        routerEvents.stream().filter(e -> e.contains("rid 0x60 ")).forEach(e -> floodActions.add("router: " + e));
        section(report, "Flooding device (rid 0x060, limit " + STORM_LIMIT + " faults/s)", stats, FLOODER,
                floodActions, responses);
        List<String> buggyActions = new ArrayList<>();
        routerEvents.stream().filter(e -> e.contains("rid 0x70")).forEach(e -> buggyActions.add("router: " + e));
        section(report, "Throwing driver (rid 0x070)", stats, BUGGY, buggyActions, responses);

        report.line("");
        report.line("Router counters:");
        for (String l : stats.toString().split("\n")) {
            report.line("  " + l);
        }
        queueProblems.forEach(p -> report.line("  queue: " + p));

        report.line("Checks:");
        report.check(logLines.size() == 3 && logger.lines() == 3
                        && logLines.get(0).contains("PTE fault, ") && logLines.get(0).contains(" at 0x5000")
                        && logLines.get(1).contains("PTE fault, write at 0x1000") && logLines.get(2).contains("pasid 9: "),
                "the logger wrote one line per fault: unmapped page, read-only page, PASID 9 without an entry");
        report.check(gpu.dumps().size() == 1 && gpu.dumps().get(0).contains("#1 BLIT         0x42040   <-- uses the faulting page"),
                "the GPU driver dumped its rings and pointed at the blit that used the unmapped page");
        report.check(count(responses, SVA, 4, PageResponse.SUCCESS) == 1 && pagesMapped(responses, SVA, 4) == 3,
                "the SVA group of 3 page requests was answered once, SUCCESS, and the device now translates all 3 pages");
        report.check(count(responses, SVA, 5, PageResponse.INVALID) == 1 && !smmu.isMapped(SVA, SVA_PASID, 0x900000),
                "the SVA request outside the process's ranges was answered INVALID and nothing was mapped");
        report.check(vm1Events.size() == 2 && vm1Events.stream().allMatch(f -> f.requesterId() == 3)
                        && vm1Events.get(0).stage() == Stage.PTE && vm1Events.get(0).address() == 0x7000,
                "vm1 received its PTE and PASID faults as virtio-iommu events with its endpoint id 3 and its address");
        report.check(vm2Events.isEmpty() && relay.keptInHost() == 1,
                "vm2's CONTEXT fault stayed in the host and nothing was injected into a guest that does not own the endpoint");
        report.check(count(responses, VM1_DEV, 1, PageResponse.SUCCESS) == 1 && pagesMapped(responses, VM1_DEV, 1) == 2
                        && vm1.pageRequests().size() == 2 && vm2.pageRequests().size() == 1,
                "vm1 got its page request group, mapped both pages, and its one SUCCESS reached the device");
        report.check(guestAnswers.equals(List.of(HypervisorRelay.GuestAnswer.RELAYED,
                        HypervisorRelay.GuestAnswer.REFUSED_ALREADY_ANSWERED, HypervisorRelay.GuestAnswer.REFUSED_UNKNOWN_GROUP,
                        HypervisorRelay.GuestAnswer.REFUSED_NOT_ITS_ENDPOINT, HypervisorRelay.GuestAnswer.REFUSED_ALREADY_ANSWERED))
                        && stats.rejectedAnswers() == 2 && stats.unknownGroupResponses() == 1,
                "misbehaving guests were refused and counted: a second answer, an answer for a group never sent,"
                        + " an answer for another guest's endpoint, a late answer");
        report.check(expired == 1 && count(responses, VM2_DEV, 2, PageResponse.INVALID) == 1
                        && count(responses, VM2_DEV, 2, PageResponse.SUCCESS) == 0,
                "vm2 never answered: at the deadline the router answered its device INVALID, once");
        report.check(stats.quarantines() == 1 && flooded.handled == STORM_LIMIT + 1
                        && stats.count(RouteOutcome.DROPPED_QUARANTINED) == FLOOD - STORM_LIMIT
                        && flooded.heard.size() == 2,
                "the flooding device was quarantined when it passed " + STORM_LIMIT + " faults in one window, "
                        + (FLOOD - STORM_LIMIT) + " faults were only counted, then it was released");
        report.check(stats.count(RouteOutcome.HANDLER_FAILED) == 2 && buggy.calls == 2
                        && count(responses, BUGGY, 6, PageResponse.INVALID) == 1,
                "the throwing driver's faults were counted HANDLER_FAILED and its page request still answered INVALID");
        report.check(smmu.outstandingGroups() == 0 && responses.stream().allMatch(DeviceResponse::expected),
                "every page-request group the devices sent got exactly one response, and no response was for a group never sent");
        report.check(stats.received() == stats.count(RouteOutcome.Category.HANDLED) + stats.count(RouteOutcome.Category.DEFAULT)
                        + stats.count(RouteOutcome.Category.DROPPED) && stats.received() == smmu.faults() + smmu.pageRequests(),
                "every record the IOMMU wrote was routed and counted: received = handled + default + dropped");
        report.check(queueProblems.isEmpty(), "no record was lost or malformed");
        report.line(report.passed() ? "All " + report.checks() + " checks passed."
                : report.failedChecks().size() + " of " + report.checks() + " checks FAILED.");
        return report;
    }

    private static void section(Report report, String title, RouterStats stats, int rid, List<String> actions,
                                List<DeviceResponse> responses) {
        section(report, title, stats, new int[] {rid}, actions, responses);
    }

    private static void section(Report report, String title, RouterStats stats, int[] rids, List<String> actions,
                                List<DeviceResponse> responses) {
        report.line("");
        report.line("-- " + title);
        long seen = 0;
        for (int rid : rids) {
            seen += seen(stats, rid);
        }
        report.line("  faults seen by the router: " + seen);
        report.line("  actions:");
        actions.forEach(a -> report.line("    " + a));
        List<DeviceResponse> mine = responses.stream()
                .filter(r -> java.util.Arrays.stream(rids).anyMatch(rid -> rid == r.requesterId())).toList();
        report.line("  page responses the device received: " + (mine.isEmpty() ? "none" : ""));
        mine.forEach(r -> report.line("    " + r));
    }

    private static long seen(RouterStats stats, int rid) {
        return stats.devices().stream().filter(d -> !d.isOtherDevices() && d.requesterId() == rid)
                .mapToLong(RouterStats.DeviceStats::received).sum();
    }

    private static long count(List<DeviceResponse> responses, int rid, int group, PageResponse response) {
        return responses.stream().filter(r -> r.requesterId() == rid && r.group() == group && r.response() == response)
                .count();
    }

    private static int pagesMapped(List<DeviceResponse> responses, int rid, int group) {
        return responses.stream().filter(r -> r.requesterId() == rid && r.group() == group)
                .mapToInt(DeviceResponse::pagesNowMapped).sum();
    }

    /** Keeps what the router reports, one line each. */
    private static final class Recorder implements FaultListener {
        private final List<String> out;

        Recorder(List<String> out) {
            this.out = out;
        }

        @Override
        public void unhandled(Fault fault, RouteOutcome why) {
            if (why != RouteOutcome.DROPPED_QUARANTINED) { // those are summarised, not listed one by one
                out.add(String.format("%s: %s %s from rid 0x%x -> %s", why, fault.type(), fault.stage(),
                        fault.requesterId(), fault.stage().defaultAction()));
            }
        }

        @Override
        public void handlerFailed(Fault fault, Throwable error) {
            out.add(String.format("handler failed on rid 0x%x: %s", fault.requesterId(), error.getMessage()));
        }

        @Override
        public void answeredByRouter(PageRequest last, PageResponse response, String why) {
            out.add(String.format("answered %s for rid 0x%x group %d itself: %s", response, last.requesterId(),
                    last.groupIndex(), why));
        }

        @Override
        public void quarantined(int requesterId, long faultsInWindow) {
            out.add(String.format("rid 0x%x quarantined: %d faults in one window", requesterId, faultsInWindow));
        }

        @Override
        public void quarantineSummary(int requesterId, long suppressedInWindow) {
            out.add(String.format("rid 0x%x still quarantined: %d faults suppressed in the last window", requesterId,
                    suppressedInWindow));
        }

        @Override
        public void released(int requesterId, long suppressed) {
            out.add(String.format("rid 0x%x released: %d faults suppressed in all", requesterId, suppressed));
        }
    }

    private DriversScenario() {
    }
}
