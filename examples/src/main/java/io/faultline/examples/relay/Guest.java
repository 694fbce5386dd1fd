package io.faultline.examples.relay;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.QueueListener;
import io.faultline.adapters.virtio.VirtioEventRing;
import io.faultline.api.Fault;
import io.faultline.api.Family;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A virtual machine as the relay sees it: a virtio-iommu event queue the host writes fault events
 * into (read back by the guest with the real virtio-iommu decoder), and the page requests forwarded
 * to it. virtio-iommu has no page requests yet (reference virtio-iommu-and-pri.md §1.6), so those
 * travel as plain {@link GuestPageRequest}s — what a VMM's virtual IOMMU would carry.
 */
public final class Guest {
    private final String name;
    private final VirtioEventRing eventQueue;
    private final List<Fault> faultsSeen = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final List<GuestPageRequest> pageRequests = new ArrayList<>();

    public Guest(String name, int eventSlots) {
        this.name = Objects.requireNonNull(name, "name");
        ByteBuffer ring = ByteBuffer.allocateDirect(VirtioEventRing.bytesFor(eventSlots));
        this.eventQueue = new VirtioEventRing(ring, eventSlots);
        eventQueue.reset();
    }

    public String name() {
        return name;
    }

    /** The host's side of the guest's event queue. */
    VirtioEventRing eventQueue() {
        return eventQueue;
    }

    void receive(GuestPageRequest request) {
        pageRequests.add(request);
    }

    /**
     * The guest's virtio-iommu driver reads its event queue: every event the host injected since the
     * last poll, decoded as the guest sees it (its endpoint id, its address).
     */
    public List<Fault> pollEvents() {
        int before = faultsSeen.size();
        eventQueue.poll(faultsSeen::add, new QueueListener() {
            @Override
            public void malformed(MalformedRecordException error) {
                problems.add(error.getMessage());
            }

            @Override
            public void overflow(Family family, String queue, long lost, String why) {
                problems.add(queue + " lost " + lost + ": " + why);
            }
        });
        return List.copyOf(faultsSeen.subList(before, faultsSeen.size()));
    }

    /** Every fault event the guest has read so far. */
    public List<Fault> faultsSeen() {
        return Collections.unmodifiableList(faultsSeen);
    }

    /** Page requests the relay forwarded to this guest, in order. */
    public List<GuestPageRequest> pageRequests() {
        return Collections.unmodifiableList(pageRequests);
    }

    /** Events the guest could not read. */
    public List<String> problems() {
        return Collections.unmodifiableList(problems);
    }

    @Override
    public String toString() {
        return name;
    }
}
