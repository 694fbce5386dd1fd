package io.faultline.adapters.virtio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.QueueListener;
import io.faultline.api.Access;
import io.faultline.api.Family;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Jazzer targets for the virtio event ring's reading side. {@code mvn verify} runs them in
 * regression mode over the seeds in {@code src/test/resources/.../VirtioEventRingFuzzTestInputs/<method>};
 * fuzz one for real (10 s) with {@code JAZZER_FUZZ=1 ./mvnw -B -ntp -pl adapters -am verify
 * -Dtest='VirtioEventRingFuzzTest#arbitraryRing' -Dsurefire.failIfNoSpecifiedTests=false} (or
 * {@code #offersPollsAndCorruptConsumed}). Nothing may leave {@code poll}: bad slots and counters are
 * reported as {@link MalformedRecordException}s (or overflows), and nothing is delivered twice.
 */
class VirtioEventRingFuzzTest {
    private static final int SLOTS = 4;

    /** Hears everything; checks each report names the family and a byte inside the ring. */
    private static final class Heard implements QueueListener {
        int malformed;
        int overflows;

        @Override
        public void malformed(MalformedRecordException error) {
            assertEquals(Family.VIRTIO_IOMMU, error.family());
            assertTrue(error.offset() >= 0 && error.offset() < VirtioEventRing.bytesFor(SLOTS), error.getMessage());
            malformed++;
        }

        @Override
        public void overflow(Family family, String queue, long lostRecords, String why) {
            assertEquals(Family.VIRTIO_IOMMU, family);
            assertTrue(lostRecords > 0, why);
            overflows++;
        }
    }

    /** Arbitrary counters and slots: one poll reads at most the ring and catches up; a second reads nothing. */
    @FuzzTest(maxDuration = "10s")
    void arbitraryRing(byte[] data) {
        ByteBuffer buf = ByteBuffer.allocateDirect(VirtioEventRing.bytesFor(SLOTS)).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(0, data, 0, Math.min(data.length, buf.capacity()));
        VirtioEventRing ring = new VirtioEventRing(buf, SLOTS);
        Heard heard = new Heard();
        int[] delivered = {0};
        int n = ring.poll(f -> {
            assertEquals(Family.VIRTIO_IOMMU, f.family());
            delivered[0]++;
        }, heard);
        assertEquals(delivered[0], n);
        assertTrue(n + ring.malformed() <= SLOTS, "at most one lap: " + n + " + " + ring.malformed());
        assertEquals(buf.getInt(0), buf.getInt(4), "consumed caught up with produced");
        int reports = heard.malformed + heard.overflows;
        assertEquals(0, ring.poll(f -> delivered[0]++, heard), "nothing read twice");
        assertEquals(reports, heard.malformed + heard.overflows, "nothing reported twice");
    }

    /**
     * Each input byte is a step: offer a numbered event (0, 1), poll (2), or move {@code consumed}
     * ahead of {@code produced} by 1 + (byte >>> 2) (3). Every event offered is delivered at most
     * once, in order, and no other event is ever delivered.
     */
    @FuzzTest(maxDuration = "10s")
    void offersPollsAndCorruptConsumed(byte[] data) {
        ByteBuffer buf = ByteBuffer.allocateDirect(VirtioEventRing.bytesFor(SLOTS)).order(ByteOrder.LITTLE_ENDIAN);
        VirtioEventRing ring = new VirtioEventRing(buf, SLOTS);
        ring.reset();
        Heard heard = new Heard();
        List<Integer> delivered = new ArrayList<>();
        int offered = 0;
        int corruptions = 0;
        for (byte step : data) {
            switch (step & 3) {
                case 0, 1 -> {
                    UnrecoverableFault f = UnrecoverableFault.builder(Family.SYNTHETIC).stage(Stage.PTE)
                            .access(Access.READ).address(0x1000L * offered).build();
                    if (ring.offer(f, offered, 0x1000L * offered)) {
                        offered++;
                    }
                }
                case 2 -> ring.poll(f -> delivered.add(f.requesterId()), heard);
                default -> {
                    buf.putInt(4, buf.getInt(0) + 1 + ((step & 0xff) >>> 2));
                    corruptions++;
                }
            }
        }
        ring.poll(f -> delivered.add(f.requesterId()), heard);
        for (int i = 1; i < delivered.size(); i++) {
            assertTrue(delivered.get(i - 1) < delivered.get(i), "in order, none twice: " + delivered);
        }
        assertTrue(delivered.isEmpty() || delivered.get(delivered.size() - 1) < offered, "only offered events");
        assertEquals(0, heard.overflows, "a consumed counter ahead is not a producer that overtook");
        assertTrue(ring.indexErrors() <= corruptions);
        assertEquals(0, ring.malformed());
    }
}
