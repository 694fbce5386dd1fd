package io.faultline.examples.sva;

import io.faultline.api.FaultType;
import io.faultline.api.OnFault;
import io.faultline.api.PageRequest;
import io.faultline.api.PageRequestGroup;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Shared virtual addressing: a device works directly in a process's address space (its PASID) and
 * asks for pages it touches that are not mapped yet (PCIe PRI). The pager maps a page when the
 * address lies inside one of the process's allowed ranges (with write permission for a write) and
 * answers SUCCESS; otherwise INVALID — the device then reports the access as failed. Never FAILURE:
 * that disables page requests for the whole function.
 */
public class SvaPager {
    /** Where mappings go: the IOMMU's page table for (device, PASID). */
    @FunctionalInterface
    public interface PageTable {
        void map(int requesterId, int pasid, long page, boolean writable);
    }

    private final PageTable pageTable;
    private final Map<Integer, List<Range>> processes = new HashMap<>();
    private final List<String> actions = new ArrayList<>();

    public SvaPager(PageTable pageTable) {
        this.pageTable = Objects.requireNonNull(pageTable, "pageTable");
    }

    /** The process bound to {@code pasid} may have {@code [start, start + length)} mapped. */
    public void allow(int pasid, long start, long length, boolean writable) {
        processes.computeIfAbsent(pasid, p -> new ArrayList<>()).add(new Range(start, start + length, writable));
    }

    @OnFault(type = FaultType.PAGE_REQUEST, stage = Stage.PTE)
    PageResponse onPageRequests(PageRequestGroup requests) {
        PageRequest request = requests.last();
        List<PageRequest> group = requests.requests();
        for (PageRequest r : group) {
            if (allowedRange(r) == null) {
                actions.add(String.format("group %d of pasid %d: 0x%x %s is outside the process's ranges -> INVALID",
                        request.groupIndex(), request.pasid(), r.address(), r.access().summary()));
                return PageResponse.INVALID;
            }
        }
        for (PageRequest r : group) {
            pageTable.map(r.requesterId(), r.pasid(), r.address() & ~0xfffL, allowedRange(r).writable);
        }
        actions.add(String.format("group %d of pasid %d: mapped %d page(s) -> SUCCESS", request.groupIndex(),
                request.pasid(), group.size()));
        return PageResponse.SUCCESS;
    }

    private Range allowedRange(PageRequest r) {
        if (!r.hasPasid() || !r.hasAddress()) {
            return null;
        }
        for (Range range : processes.getOrDefault(r.pasid(), List.of())) {
            if (range.contains(r.address()) && (range.writable || !r.access().write())) {
                return range;
            }
        }
        return null;
    }

    /** What the pager did, one line per group. */
    public List<String> actions() {
        return Collections.unmodifiableList(actions);
    }

    /** One range of the process's address space the device may use. */
    private record Range(long start, long end, boolean writable) {
        boolean contains(long address) {
            return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
        }
    }
}
