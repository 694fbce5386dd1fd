package io.faultline.adapters.virtio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.QueueListener;
import io.faultline.api.Access;
import io.faultline.api.Fault;
import io.faultline.api.Family;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VirtioEventRingTest {
    private final List<Fault> seen = new ArrayList<>();
    private final List<MalformedRecordException> malformed = new ArrayList<>();
    private final List<String> overflows = new ArrayList<>();
    private final QueueListener listener = new QueueListener() {
        @Override
        public void malformed(MalformedRecordException error) {
            malformed.add(error);
        }

        @Override
        public void overflow(Family family, String queue, long lostRecords, String why) {
            overflows.add(family + " " + queue + " " + lostRecords);
        }
    };

    private static UnrecoverableFault fault(int n) {
        return UnrecoverableFault.builder(Family.SYNTHETIC).stage(Stage.PTE).access(Access.WRITE).address(n).build();
    }

    @Test
    void eventsArriveInOrderAcrossTheWrapAndAFullRingDropsAndCounts() {
        ByteBuffer buf = ByteBuffer.allocateDirect(VirtioEventRing.bytesFor(4));
        VirtioEventRing ring = new VirtioEventRing(buf, 4);
        ring.reset();
        int next = 0;
        for (int round = 0; round < 4; round++) { // 3 events a round: the ring wraps out of step
            for (int i = 0; i < 3; i++) {
                assertTrue(ring.offer(fault(next), next, 0x1000L * next));
                next++;
            }
            assertEquals(3, ring.poll(seen::add, listener));
        }
        for (int i = 100; i < 104; i++) {
            assertTrue(ring.offer(fault(i), i, 0));
        }
        assertFalse(ring.offer(fault(104), 104, 0), "no free slot: dropped, as QEMU does");
        assertEquals(1, ring.dropped());
        assertEquals(4, ring.poll(seen::add, listener));
        assertEquals(0, ring.poll(seen::add, listener), "nothing read twice");
        assertEquals(16, seen.size());
        for (int i = 0; i < 12; i++) {
            assertEquals(i, seen.get(i).requesterId());
            assertEquals(0x1000L * i, seen.get(i).address());
            assertEquals(Family.VIRTIO_IOMMU, seen.get(i).family());
        }
        assertEquals(103, seen.get(15).requesterId());
        assertTrue(malformed.isEmpty() && overflows.isEmpty());
    }

    @Test
    void aBadSlotIsReportedWithItsOffsetAndTheNextIsStillRead() {
        ByteBuffer buf = ByteBuffer.allocateDirect(VirtioEventRing.bytesFor(4));
        VirtioEventRing ring = new VirtioEventRing(buf, 4);
        ring.reset();
        ring.offer(fault(1), 1, 1);
        ring.offer(fault(2), 2, 2);
        ring.offer(fault(3), 3, 3);
        buf.put(VirtioEventRing.HEADER_SIZE + VirtioEventRing.SLOT_SIZE + 8 + 2, (byte) 1); // slot 1: reserved byte
        buf.order(ByteOrder.LITTLE_ENDIAN).putInt(VirtioEventRing.HEADER_SIZE + 2 * VirtioEventRing.SLOT_SIZE, 32);
        assertEquals(1, ring.poll(seen::add, listener));
        assertEquals(2, ring.malformed());
        assertEquals(VirtioEventRing.HEADER_SIZE + VirtioEventRing.SLOT_SIZE + 8 + 1, malformed.get(0).offset());
        assertEquals("reserved", malformed.get(0).field());
        assertEquals("used length", malformed.get(1).field());
        assertEquals(0, ring.poll(seen::add, listener));
    }

    @Test
    void aProducerThatOvertookTheConsumerIsReportedAsLostEvents() {
        ByteBuffer buf = ByteBuffer.allocateDirect(VirtioEventRing.bytesFor(2)).order(ByteOrder.LITTLE_ENDIAN);
        VirtioEventRing ring = new VirtioEventRing(buf, 2);
        ring.reset();
        ring.offer(fault(1), 1, 1);
        ring.offer(fault(2), 2, 2);
        buf.putInt(0, 5); // a foreign producer claims 5 events in a 2-slot ring
        assertEquals(2, ring.poll(seen::add, listener));
        assertEquals(List.of("virtio-iommu eventq 3"), overflows);
        assertEquals(3, ring.lost());
        assertEquals(5, buf.getInt(4), "consumer caught up");
    }

    @Test
    void twoMappingsOfOneFileShareTheRing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("eventq");
        int size = VirtioEventRing.bytesFor(8);
        try (FileChannel a = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE); FileChannel b = FileChannel.open(file, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            MappedByteBuffer device = a.map(FileChannel.MapMode.READ_WRITE, 0, size);
            MappedByteBuffer driver = b.map(FileChannel.MapMode.READ_WRITE, 0, size);
            VirtioEventRing producer = new VirtioEventRing(device, 8);
            producer.reset();
            VirtioEventRing consumer = new VirtioEventRing(driver, 8);
            producer.offer(fault(7), 0x0300, 0xfeed_0000L);
            assertEquals(1, consumer.poll(seen::add, listener));
            assertEquals(0x0300, seen.get(0).requesterId());
            assertEquals(0xfeed_0000L, seen.get(0).address());
        }
    }

    @Test
    void aSlotCountThatIsNotAPowerOfTwoIsRefusedBecauseItsSlotsCollideAtTheCounterWrap() {
        // With 3 slots, counters 0xFFFFFFFF and 0 (one apart) would both map to slot 0: the second
        // event would overwrite the first unread one, which would then never be read.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new VirtioEventRing(ByteBuffer.allocateDirect(VirtioEventRing.bytesFor(3)), 3));
        assertTrue(e.getMessage().contains("power of two"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new VirtioEventRing(ByteBuffer.allocateDirect(VirtioEventRing.bytesFor(6)), 6));
    }

    @Test
    void eventsAcrossTheCounterWrapAt2To32AreEachReadOnceInOrder() {
        ByteBuffer buf = ByteBuffer.allocateDirect(VirtioEventRing.bytesFor(4)).order(ByteOrder.LITTLE_ENDIAN);
        VirtioEventRing ring = new VirtioEventRing(buf, 4);
        buf.putInt(0, 0xFFFF_FFFE).putInt(4, 0xFFFF_FFFE); // two events before the wrap
        for (int n = 1; n <= 4; n++) {
            assertTrue(ring.offer(fault(n), n, n), "slot free for event " + n);
        }
        assertFalse(ring.offer(fault(5), 5, 5), "4 unread events fill a 4-slot ring");
        assertEquals(2, buf.getInt(0), "produced wrapped past 2^32");
        assertEquals(4, ring.poll(seen::add, listener));
        assertEquals(0, ring.poll(seen::add, listener), "nothing read twice");
        assertEquals(List.of(1, 2, 3, 4), seen.stream().map(Fault::requesterId).toList());
        assertTrue(malformed.isEmpty() && overflows.isEmpty());
    }

    @Test
    void aConsumedCounterAheadOfProducedIsReportedAsAnIndexErrorAndNothingIsReadAgain() {
        ByteBuffer buf = ByteBuffer.allocateDirect(VirtioEventRing.bytesFor(4)).order(ByteOrder.LITTLE_ENDIAN);
        VirtioEventRing ring = new VirtioEventRing(buf, 4);
        ring.reset();
        ring.offer(fault(1), 1, 1);
        ring.offer(fault(2), 2, 2);
        assertEquals(2, ring.poll(seen::add, listener));
        buf.putInt(4, 5); // consumed 5 > produced 2: corrupted, not a producer 2^32 - 3 events ahead
        assertEquals(0, ring.poll(seen::add, listener));
        assertEquals(2, seen.size(), "the two events already read are not delivered again");
        assertEquals(1, malformed.size());
        assertEquals("consumed", malformed.get(0).field());
        assertEquals(4, malformed.get(0).offset(), "the counter's byte offset in the ring");
        assertEquals(Family.VIRTIO_IOMMU, malformed.get(0).family());
        assertEquals(1, ring.indexErrors());
        assertEquals(0, ring.lost(), "not counted as events overwritten");
        assertTrue(overflows.isEmpty());
        assertEquals(2, buf.getInt(4), "consumed resynchronised with produced");
        assertTrue(ring.offer(fault(3), 3, 3), "the device can write again");
        assertEquals(1, ring.poll(seen::add, listener));
        assertEquals(3, seen.get(2).requesterId());
    }

    @Test
    void heapBuffersAndShortBuffersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new VirtioEventRing(ByteBuffer.allocate(1000), 4));
        assertThrows(IllegalArgumentException.class,
                () -> new VirtioEventRing(ByteBuffer.allocateDirect(VirtioEventRing.bytesFor(4) - 1), 4));
        assertThrows(IllegalArgumentException.class, () -> new VirtioEventRing(ByteBuffer.allocateDirect(100), 0));
    }
}
