package io.faultline.examples.sim;

import io.faultline.adapters.QueueListener;
import io.faultline.api.Family;
import io.faultline.runtime.FaultSink;
import io.faultline.runtime.PageResponseSink;
import java.util.List;

/**
 * One IOMMU family's side of the simulator: the rings and registers, the record bytes it writes for
 * a failed walk or a page request, the real adapter that reads them, and the real response sink
 * whose commands it reads back.
 */
interface IommuHardware {
    Family family();

    /** Writes the fault record for a failed DMA; returns the record's name (the family's event or reason). */
    String fault(WalkFailure failure, int requesterId, int pasid, long address, boolean write);

    /** Writes one page request entry. */
    void pageRequest(int requesterId, int pasid, int group, long address, boolean write, boolean last);

    /** Writes a record no decoder accepts. */
    void garbage();

    /** Driver side: reads every pending record through the family's adapter into {@code sink}. */
    int drain(FaultSink sink, QueueListener listener);

    /** Driver side: the family's adapter that encodes page responses into the command queue. */
    PageResponseSink responseSink();

    /** Device side: the responses written since the last call, decoded by the family's decoder. */
    List<Answer> readResponses();

    /** One decoded response: its address and the model response it stands for. */
    record Answer(int requesterId, int pasid, int group, io.faultline.api.PageResponse response) {
    }
}
