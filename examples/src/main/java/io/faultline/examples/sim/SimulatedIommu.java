package io.faultline.examples.sim;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.QueueListener;
import io.faultline.api.Fault;
import io.faultline.api.Family;
import io.faultline.api.PageResponse;
import io.faultline.runtime.FaultSink;
import io.faultline.runtime.PageResponseSink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A small IOMMU: a device table (one entry per requester id), a PASID table per device and a page
 * table per address space. A DMA walks device entry → PASID entry → page-table pointer → leaf; when
 * a step fails the IOMMU writes the real hardware record of its family into its ring. Page requests
 * (PRI) go into the family's page request queue, and the responses Faultline writes back are read
 * from the command queue with the family's own decoder — so the examples run end to end through the
 * real adapters, exactly as against hardware.
 *
 * <p>Addresses are mapped per 4 KiB page. A DMA without a PASID uses the device's own address space.
 * Single-threaded, like one IOMMU's queues.
 */
public final class SimulatedIommu {
    private static final long PAGE_MASK = ~0xfffL;

    private final IommuHardware hardware;
    private final Map<Integer, DeviceEntry> deviceTable = new HashMap<>();
    private final Map<List<Integer>, List<Long>> outstandingGroups = new HashMap<>();
    private final Map<List<Integer>, List<Long>> openGroups = new HashMap<>();
    private long translations;
    private long faults;
    private long pageRequests;
    private long malformed;
    private long overflows;

    private SimulatedIommu(IommuHardware hardware) {
        this.hardware = hardware;
    }

    /** An Arm SMMUv3 with event, PRI and command queues of 2^log2QueueSize entries each. */
    public static SimulatedIommu smmuV3(int log2QueueSize) {
        return new SimulatedIommu(new SmmuV3Hardware(log2QueueSize));
    }

    /**
     * An Intel VT-d unit in scalable mode with 8 fault recording registers, a 128-entry page request
     * queue and a 128-entry invalidation queue.
     */
    public static SimulatedIommu vtd() {
        return new SimulatedIommu(new VtdHardware());
    }

    /** An AMD-Vi IOMMU with 64-entry event log, PPR log and command buffer. */
    public static SimulatedIommu amdVi() {
        return new SimulatedIommu(new AmdViHardware());
    }

    /** The simulator for {@code family}: {@link Family#ARM_SMMU_V3}, {@link Family#INTEL_VTD} or {@link Family#AMD_VI}. */
    public static SimulatedIommu of(Family family, int log2QueueSize) {
        switch (family) {
            case ARM_SMMU_V3:
                return smmuV3(log2QueueSize);
            case INTEL_VTD:
                return vtd();
            case AMD_VI:
                return amdVi();
            default:
                throw new IllegalArgumentException("no simulator for " + family + ": use " + Family.ARM_SMMU_V3
                        + ", " + Family.INTEL_VTD + " or " + Family.AMD_VI);
        }
    }

    public Family family() {
        return hardware.family();
    }

    /** Installs a valid device entry with its own (empty) address space and an empty PASID table. */
    public void attach(int requesterId) {
        deviceTable.put(requesterId, new DeviceEntry());
    }

    /** Installs a valid PASID entry (a process's or a guest's address space) with an empty page table. */
    public void addPasid(int requesterId, int pasid) {
        entry(requesterId).pasids.put(pasid, new AddressSpace());
    }

    /** Removes a PASID entry (the process exited): later DMA with it fails at the PASID stage. */
    public void removePasid(int requesterId, int pasid) {
        entry(requesterId).pasids.remove(pasid);
    }

    /** Maps one 4 KiB page; {@code pasid} may be {@link Fault#NO_PASID}. */
    public void map(int requesterId, int pasid, long address, boolean writable) {
        space(requesterId, pasid).pages.put(address & PAGE_MASK, writable);
    }

    /** Maps one page of the device's own address space. */
    public void map(int requesterId, long address, boolean writable) {
        map(requesterId, Fault.NO_PASID, address, writable);
    }

    /** Whether a page is mapped (what a pager's SUCCESS must have achieved). */
    public boolean isMapped(int requesterId, int pasid, long address) {
        DeviceEntry e = deviceTable.get(requesterId);
        AddressSpace s = e == null ? null : pasid == Fault.NO_PASID ? e.own : e.pasids.get(pasid);
        return s != null && s.pages.containsKey(address & PAGE_MASK);
    }

    /** Breaks a device entry (what a buggy host IOMMU driver would do). */
    public void corruptDeviceEntry(int requesterId) {
        entry(requesterId).valid = false;
    }

    /** Points an address space's top-level table at memory the walk cannot read. */
    public void corruptPgd(int requesterId, int pasid) {
        space(requesterId, pasid).pgdValid = false;
    }

    /**
     * A device DMA: walks the tables for {@code address}. On failure the IOMMU writes the record
     * and the DMA is aborted.
     *
     * @param pasid the PASID the device tagged the DMA with, or {@link Fault#NO_PASID}
     * @return the name of the record written (the family's event or reason), or null when the
     *         translation succeeded
     */
    public String dma(int requesterId, int pasid, long address, boolean write) {
        translations++;
        WalkFailure failure = walk(requesterId, pasid, address, write);
        if (failure == null) {
            return null;
        }
        faults++;
        return hardware.fault(failure, requesterId, pasid, address, write);
    }

    /** A DMA without a PASID. */
    public String dma(int requesterId, long address, boolean write) {
        return dma(requesterId, Fault.NO_PASID, address, write);
    }

    /** Where the walk for this access stops, or null when it translates. */
    public WalkFailure walk(int requesterId, int pasid, long address, boolean write) {
        DeviceEntry e = deviceTable.get(requesterId);
        if (e == null) {
            return WalkFailure.NO_DEVICE_ENTRY;
        }
        if (!e.valid) {
            return WalkFailure.BAD_DEVICE_ENTRY;
        }
        AddressSpace s = pasid == Fault.NO_PASID ? e.own : e.pasids.get(pasid);
        if (s == null) {
            return WalkFailure.BAD_PASID_ENTRY;
        }
        if (!s.pgdValid) {
            return WalkFailure.BAD_PGD;
        }
        Boolean writable = s.pages.get(address & PAGE_MASK);
        if (writable == null) {
            return WalkFailure.NOT_MAPPED;
        }
        return write && !writable ? WalkFailure.PERMISSION : null;
    }

    /**
     * A device asks for pages (PCIe PRI): one page request entry per address, in one group, the
     * last one marked last. The device then waits for the group's one response.
     */
    public void pageRequestGroup(int requesterId, int pasid, int group, boolean write, long... addresses) {
        for (int i = 0; i < addresses.length; i++) {
            pageRequest(requesterId, pasid, group, addresses[i], write, i == addresses.length - 1);
        }
    }

    /** One page request entry; only an entry with {@code last} closes its group. */
    public void pageRequest(int requesterId, int pasid, int group, long address, boolean write, boolean last) {
        pageRequests++;
        List<Integer> key = List.of(requesterId, pasid, group);
        openGroups.computeIfAbsent(key, k -> new ArrayList<>()).add(address);
        if (last) {
            outstandingGroups.put(key, openGroups.remove(key));
        }
        hardware.pageRequest(requesterId, pasid, group, address, write, last);
    }

    /** Writes raw bytes no decoder accepts: what a faulty IOMMU or a corrupted ring would hold. */
    public void writeGarbageRecord() {
        hardware.garbage();
    }

    /**
     * The driver's side: reads every pending fault record and page request through the family's
     * adapter into {@code sink} (a router). Malformed records and overflows are reported to
     * {@code listener} and counted.
     */
    public int drain(FaultSink sink, QueueListener listener) {
        Objects.requireNonNull(listener, "listener");
        return hardware.drain(sink, new QueueListener() {
            @Override
            public void malformed(MalformedRecordException error) {
                malformed++;
                listener.malformed(error);
            }

            @Override
            public void overflow(Family family, String queue, long lost, String why) {
                overflows++;
                listener.overflow(family, queue, lost, why);
            }
        });
    }

    /** The driver's side: the family's adapter that writes page responses into the command queue. */
    public PageResponseSink responseSink() {
        return hardware.responseSink();
    }

    /**
     * The device's side: reads the responses Faultline wrote since the last call. For a SUCCESS the
     * device retries its group's pages and counts how many now translate.
     */
    public List<DeviceResponse> receiveResponses() {
        List<DeviceResponse> out = new ArrayList<>();
        for (IommuHardware.Answer a : hardware.readResponses()) {
            List<Long> pages = outstandingGroups.remove(List.of(a.requesterId(), a.pasid(), a.group()));
            int mapped = 0;
            if (pages != null && a.response() == PageResponse.SUCCESS) {
                for (long p : pages) {
                    if (walk(a.requesterId(), a.pasid(), p, false) == null) {
                        mapped++;
                    }
                }
            }
            out.add(new DeviceResponse(a.requesterId(), a.pasid(), a.group(), a.response(), pages != null, mapped));
        }
        return out;
    }

    /** Groups the devices sent that have not been answered yet. */
    public int outstandingGroups() {
        return outstandingGroups.size();
    }

    public long translations() {
        return translations;
    }

    /** Translations that failed (each wrote, or tried to write, one record). */
    public long faults() {
        return faults;
    }

    public long pageRequests() {
        return pageRequests;
    }

    /** Records the adapter rejected while draining. */
    public long malformedRecords() {
        return malformed;
    }

    public long overflows() {
        return overflows;
    }

    private DeviceEntry entry(int requesterId) {
        DeviceEntry e = deviceTable.get(requesterId);
        if (e == null) {
            throw new IllegalArgumentException("device 0x" + Integer.toHexString(requesterId) + " is not attached");
        }
        return e;
    }

    private AddressSpace space(int requesterId, int pasid) {
        DeviceEntry e = entry(requesterId);
        AddressSpace s = pasid == Fault.NO_PASID ? e.own : e.pasids.get(pasid);
        if (s == null) {
            throw new IllegalArgumentException("device 0x" + Integer.toHexString(requesterId) + " has no PASID " + pasid);
        }
        return s;
    }

    private static final class DeviceEntry {
        boolean valid = true;
        final AddressSpace own = new AddressSpace();
        final Map<Integer, AddressSpace> pasids = new HashMap<>();
    }

    private static final class AddressSpace {
        boolean pgdValid = true;
        final Map<Long, Boolean> pages = new HashMap<>();
    }
}
