package io.faultline.adapters.smmuv3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.QueueListener;
import io.faultline.adapters.VectorFile;
import io.faultline.api.Fault;
import io.faultline.api.Family;
import io.faultline.api.PageRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmmuV3QueueTest {
    private static final VectorFile FILE = VectorFile.load("arm-smmu-v3.json");
    private static final int OVF = 1 << 31;

    /** Everything the listener heard. */
    static final class Heard implements QueueListener {
        final List<MalformedRecordException> malformed = new ArrayList<>();
        final List<String> overflows = new ArrayList<>();
        final List<Long> lost = new ArrayList<>();

        @Override
        public void malformed(MalformedRecordException error) {
            malformed.add(error);
        }

        @Override
        public void overflow(Family family, String queue, long lostRecords, String why) {
            assertEquals(Family.ARM_SMMU_V3, family);
            overflows.add(queue + ": " + why);
            lost.add(lostRecords);
        }
    }

    /** A distinct, valid F_TRANSLATION record per n: StreamID n, InputAddr n * 0x1000. */
    private static byte[] event(int n) {
        ByteBuffer b = ByteBuffer.allocate(32).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, 0x10 | (long) n << 32).putLong(8, 2L << 40).putLong(16, n * 0x1000L);
        return b.array();
    }

    private static List<Integer> streamIds(List<Fault> faults) {
        List<Integer> ids = new ArrayList<>();
        faults.forEach(f -> ids.add(f.requesterId()));
        return ids;
    }

    @Test
    void anEmptyQueueReadsNothingAndLeavesConsAlone() {
        SmmuV3QueueRegisters regs = SmmuV3QueueRegisters.allocate();
        SmmuV3Queue q = SmmuV3Queue.eventQueue(ByteBuffer.allocate(4 * 32), 2, regs);
        List<Fault> got = new ArrayList<>();
        assertEquals(0, q.drain(got::add, QueueListener.IGNORE));
        assertEquals(0, regs.cons());
        assertTrue(got.isEmpty());
    }

    @Test
    void wrapsAroundTheRingWithTheWrapBitAndReadsNothingTwice() {
        SmmuV3QueueRegisters regs = SmmuV3QueueRegisters.allocate();
        ByteBuffer ring = ByteBuffer.allocate(4 * 32);
        SmmuV3QueueWriter w = SmmuV3QueueWriter.eventQueue(ring, 2, regs);
        SmmuV3Queue q = SmmuV3Queue.eventQueue(ring, 2, regs);
        List<Fault> got = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 1; i <= 3; i++) {
                assertTrue(w.offer(event(round * 3 + i)));
            }
            assertEquals(3, q.drain(got::add, QueueListener.IGNORE));
            assertEquals(0, q.drain(got::add, QueueListener.IGNORE), "nothing read twice");
        }
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9), streamIds(got));
        // 9 entries in a ring of 4: index 1, wrap bit (bit 2) toggled twice → clear.
        assertEquals(9 & 0b111, regs.cons());
        assertEquals(regs.prod(), regs.cons());
        assertEquals(9, q.recordsRead());
        assertEquals(0, q.overflows());
    }

    @Test
    void aFullQueueIsReadWhole() {
        SmmuV3QueueRegisters regs = SmmuV3QueueRegisters.allocate();
        ByteBuffer ring = ByteBuffer.allocate(4 * 32);
        SmmuV3QueueWriter w = SmmuV3QueueWriter.eventQueue(ring, 2, regs);
        for (int i = 1; i <= 4; i++) {
            assertTrue(w.offer(event(i)));
        }
        assertTrue(w.isFull());
        assertEquals(0b100, regs.prod(), "indices equal, wraps differ");
        List<Fault> got = new ArrayList<>();
        assertEquals(4, SmmuV3Queue.eventQueue(ring, 2, regs).drain(got::add, QueueListener.IGNORE));
        assertEquals(List.of(1, 2, 3, 4), streamIds(got));
        assertFalse(w.isFull());
    }

    @Test
    void overflowIsReportedCountedAndAcknowledgedByCopyingTheFlag() {
        SmmuV3QueueRegisters regs = SmmuV3QueueRegisters.allocate();
        ByteBuffer ring = ByteBuffer.allocate(2 * 32);
        SmmuV3QueueWriter w = SmmuV3QueueWriter.eventQueue(ring, 1, regs);
        SmmuV3Queue q = SmmuV3Queue.eventQueue(ring, 1, regs);
        Heard heard = new Heard();
        List<Fault> got = new ArrayList<>();

        assertTrue(w.offer(event(1)));
        assertTrue(w.offer(event(2)));
        assertFalse(w.offer(event(3)), "full: dropped");
        assertFalse(w.offer(event(4)), "still full: dropped, flag already raised");
        assertEquals(OVF, regs.prod() & OVF);
        assertEquals(2, w.dropped());
        assertEquals(1, w.overflowsSignalled());

        assertEquals(2, q.drain(got::add, heard));
        assertEquals(List.of(1, 2), streamIds(got), "the records still in the queue are valid");
        assertEquals(1, heard.overflows.size());
        assertTrue(heard.overflows.get(0).startsWith("EVTQ: PROD.OVFLG != CONS.OVACKFLG"), heard.overflows.get(0));
        assertEquals(-1L, heard.lost.get(0));
        assertEquals(1, q.overflows());
        assertEquals(OVF, regs.cons() & OVF, "acknowledged: OVACKFLG = OVFLG");

        assertEquals(0, q.drain(got::add, heard));
        assertEquals(1, heard.overflows.size(), "an acknowledged overflow is not reported again");

        // A second overflow toggles OVFLG back to 0, which again differs from OVACKFLG.
        assertTrue(w.offer(event(5)));
        assertTrue(w.offer(event(6)));
        assertFalse(w.offer(event(7)));
        assertEquals(0, regs.prod() & OVF);
        assertEquals(2, q.drain(got::add, heard));
        assertEquals(2, heard.overflows.size());
        assertEquals(2, q.overflows());
        assertEquals(0, regs.cons() & OVF);
        assertEquals(List.of(1, 2, 5, 6), streamIds(got));
    }

    @Test
    void aMalformedRecordInTheMiddleIsReportedSkippedAndTheNextIsDecoded() {
        SmmuV3QueueRegisters regs = SmmuV3QueueRegisters.allocate();
        ByteBuffer ring = ByteBuffer.allocate(8 * 32);
        SmmuV3QueueWriter w = SmmuV3QueueWriter.eventQueue(ring, 3, regs);
        SmmuV3Queue q = SmmuV3Queue.eventQueue(ring, 3, regs);
        w.offer(event(1));
        w.offer(FILE.get("evt-bad-unknown-id").bytes());
        w.offer(FILE.get("evt-bad-all-zero").bytes());
        w.offer(event(2));
        Heard heard = new Heard();
        List<Fault> got = new ArrayList<>();
        assertEquals(4, q.drain(got::add, heard));
        assertEquals(List.of(1, 2), streamIds(got));
        assertEquals(2, heard.malformed.size());
        assertEquals(32, heard.malformed.get(0).offset(), "byte offset of slot 1 in the ring");
        assertEquals("EventID", heard.malformed.get(0).field());
        assertEquals(64, heard.malformed.get(1).offset());
        assertEquals(4, q.recordsRead());
        assertEquals(2, q.malformedRecords());
        assertEquals(4, regs.cons());
    }

    @Test
    void aProducerIndexOutOfRangeIsReportedAndNothingIsRead() {
        SmmuV3QueueRegisters regs = SmmuV3QueueRegisters.allocate();
        ByteBuffer ring = ByteBuffer.allocate(4 * 32);
        SmmuV3QueueWriter.eventQueue(ring, 2, regs).offer(event(1));
        regs.prod(regs.prod() | 1 << 3); // bit 3: above the wrap bit (2) of a 4-entry queue
        SmmuV3Queue q = SmmuV3Queue.eventQueue(ring, 2, regs);
        Heard heard = new Heard();
        List<Fault> got = new ArrayList<>();
        assertEquals(0, q.drain(got::add, heard));
        assertTrue(got.isEmpty());
        assertEquals(1, heard.malformed.size());
        assertEquals("EVTQ_PROD", heard.malformed.get(0).field());
        assertEquals(0x100A8, heard.malformed.get(0).offset(), "the register's MMIO offset (page 1)");
        assertEquals(1, q.registerErrors());
        assertEquals(0, regs.cons(), "CONS not moved");

        regs.prod(1);
        assertEquals(1, q.drain(got::add, heard), "once PROD is sane again the record is read");
        assertEquals(List.of(1), streamIds(got));
    }

    @Test
    void aProducerThatOvertookTheConsumerIsReportedWithTheLostCount() {
        SmmuV3QueueRegisters regs = SmmuV3QueueRegisters.allocate();
        ByteBuffer ring = ByteBuffer.allocate(4 * 32);
        for (int slot = 0; slot < 4; slot++) {
            ring.put(slot * 32, event(10 + slot));
        }
        regs.prod(6); // 6 entries ahead of CONS 0 in a 4-entry ring: 2 overwritten
        SmmuV3Queue q = SmmuV3Queue.eventQueue(ring, 2, regs);
        Heard heard = new Heard();
        List<Fault> got = new ArrayList<>();
        assertEquals(4, q.drain(got::add, heard));
        assertEquals(List.of(2L), heard.lost);
        assertEquals(2, q.lostRecords());
        assertEquals(1, q.overflows());
        // Oldest surviving entry is at index 6 - 4 = 2.
        assertEquals(List.of(12, 13, 10, 11), streamIds(got));
        assertEquals(6, regs.cons());
    }

    @Test
    void aConsAheadOfProdInTheSameLapIsAnIndexErrorAndNothingIsReadAgain() {
        SmmuV3QueueRegisters regs = SmmuV3QueueRegisters.allocate();
        ByteBuffer ring = ByteBuffer.allocate(4 * 32);
        SmmuV3QueueWriter w = SmmuV3QueueWriter.eventQueue(ring, 2, regs);
        SmmuV3Queue q = SmmuV3Queue.eventQueue(ring, 2, regs);
        List<Fault> got = new ArrayList<>();
        Heard heard = new Heard();
        w.offer(event(1));
        assertEquals(1, q.drain(got::add, heard));
        regs.cons(3); // wrap bits equal, index 3 > PROD's 1: CONS cannot be ahead of PROD
        assertEquals(0, q.drain(got::add, heard));
        assertEquals(List.of(1), streamIds(got), "the entry already read is not delivered again");
        assertEquals(1, heard.malformed.size());
        assertEquals("EVTQ_CONS", heard.malformed.get(0).field());
        assertEquals(0x100AC, heard.malformed.get(0).offset());
        assertEquals(1, q.registerErrors());
        assertEquals(0, q.overflows(), "not a producer that overtook the consumer");
        assertEquals(0, q.lostRecords());
        assertTrue(heard.overflows.isEmpty());
        assertEquals(regs.prod(), regs.cons(), "CONS resynchronised with PROD");
        w.offer(event(2));
        assertEquals(1, q.drain(got::add, heard));
        assertEquals(List.of(1, 2), streamIds(got));
    }

    @Test
    void aProdMoreThanALapAheadIsStillAProducerThatOvertook() {
        SmmuV3QueueRegisters regs = SmmuV3QueueRegisters.allocate();
        ByteBuffer ring = ByteBuffer.allocate(4 * 32);
        for (int slot = 0; slot < 4; slot++) {
            ring.put(slot * 32, event(10 + slot));
        }
        regs.cons(1);
        regs.prod(0b100 | 3); // wraps differ, index 3 > 1: 6 entries ahead in a ring of 4
        SmmuV3Queue q = SmmuV3Queue.eventQueue(ring, 2, regs);
        Heard heard = new Heard();
        List<Fault> got = new ArrayList<>();
        assertEquals(4, q.drain(got::add, heard));
        assertEquals(List.of(2L), heard.lost);
        assertEquals(0, q.registerErrors());
        assertEquals(List.of(13, 10, 11, 12), streamIds(got));
    }

    @Test
    void anEntryWhoseSinkThrowsCountsAsConsumedAndIsNotReadAgain() {
        SmmuV3QueueRegisters regs = SmmuV3QueueRegisters.allocate();
        ByteBuffer ring = ByteBuffer.allocate(4 * 32);
        SmmuV3QueueWriter w = SmmuV3QueueWriter.eventQueue(ring, 2, regs);
        w.offer(event(1));
        w.offer(event(2));
        w.offer(event(3));
        SmmuV3Queue q = SmmuV3Queue.eventQueue(ring, 2, regs);
        List<Fault> got = new ArrayList<>();
        assertThrows(IllegalStateException.class, () -> q.drain(f -> {
            got.add(f);
            if (f.requesterId() == 2) {
                throw new IllegalStateException("bad sink");
            }
        }, QueueListener.IGNORE));
        assertEquals(2, regs.cons());
        assertEquals(1, q.drain(got::add, QueueListener.IGNORE));
        assertEquals(List.of(1, 2, 3), streamIds(got));
        assertEquals(3, q.recordsRead());
    }

    @Test
    void thePriQueueDecodesPageRequests() {
        SmmuV3QueueRegisters regs = SmmuV3QueueRegisters.allocate();
        ByteBuffer ring = ByteBuffer.allocate(2 * 16);
        SmmuV3QueueWriter w = SmmuV3QueueWriter.priQueue(ring, 1, regs);
        assertTrue(w.offer(FILE.get("pri-nossv-notlast-read").bytes()));
        assertTrue(w.offer(FILE.get("pri-bad-reserved").bytes()));
        assertFalse(w.offer(FILE.get("pri-ssv-last-rw").bytes()), "full: dropped, OVFLG raised");
        SmmuV3Queue q = SmmuV3Queue.priQueue(ring, 1, regs);
        assertEquals("PRIQ", q.name());
        Heard heard = new Heard();
        List<Fault> got = new ArrayList<>();
        assertEquals(2, q.drain(got::add, heard));
        assertEquals(1, got.size());
        FILE.get("pri-nossv-notlast-read").assertFault(got.get(0));
        assertEquals(16 + 9, heard.malformed.get(0).offset());
        assertEquals(1, heard.overflows.size());
        assertTrue(heard.overflows.get(0).startsWith("PRIQ: "));
    }

    @Test
    void aRingTooSmallOrASizeOutOfRangeIsRefused() {
        SmmuV3QueueRegisters regs = SmmuV3QueueRegisters.allocate();
        assertThrows(IllegalArgumentException.class, () -> SmmuV3Queue.eventQueue(ByteBuffer.allocate(127), 2, regs));
        assertThrows(IllegalArgumentException.class, () -> SmmuV3Queue.priQueue(ByteBuffer.allocate(64), 31, regs));
        assertThrows(IllegalArgumentException.class, () -> SmmuV3QueueWriter.eventQueue(ByteBuffer.allocate(64), -1, regs));
        assertThrows(IllegalArgumentException.class, () -> SmmuV3QueueRegisters.in(ByteBuffer.allocate(8), 0, 2));
        assertThrows(IllegalArgumentException.class, () -> SmmuV3QueueRegisters.in(ByteBuffer.allocate(8), 4, 4));
        SmmuV3QueueWriter w = SmmuV3QueueWriter.commandQueue(ByteBuffer.allocate(32), 1, regs);
        assertThrows(IllegalArgumentException.class, () -> w.offer(new byte[32]), "commands are 16 bytes");
    }

    /**
     * A simulator and a reader sharing a file, each through its own mapping (as two processes
     * would): registers in the first 64 bytes, the ring after them. Mapped buffers are big-endian
     * by default; queue memory is little-endian all the same.
     */
    @Test
    void aMappedFileRingWrittenByOneMappingIsDrainedThroughAnother(@TempDir Path dir) throws IOException, MalformedRecordException {
        Path file = dir.resolve("evtq");
        int log2 = 3;
        int ringBytes = 32 << log2;
        List<VectorFile.Vector> vectors = FILE.stream("fault", "page-request").filter(v -> v.bytes().length == 32).toList();
        assertTrue(vectors.size() > 8, "enough vectors to wrap an 8-entry ring");
        List<Fault> expected = new ArrayList<>();
        List<Fault> got = new ArrayList<>();
        Heard heard = new Heard();
        try (FileChannel producerChannel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
             FileChannel consumerChannel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer producerMap = producerChannel.map(FileChannel.MapMode.READ_WRITE, 0, 64 + ringBytes);
            MappedByteBuffer consumerMap = consumerChannel.map(FileChannel.MapMode.READ_WRITE, 0, 64 + ringBytes);
            SmmuV3QueueWriter smmu = SmmuV3QueueWriter.eventQueue(producerMap.slice(64, ringBytes), log2,
                    SmmuV3QueueRegisters.in(producerMap, 0, 4));
            SmmuV3Queue reader = SmmuV3Queue.eventQueue(consumerMap.slice(64, ringBytes), log2,
                    SmmuV3QueueRegisters.in(consumerMap, 0, 4));
            int i = 0;
            for (VectorFile.Vector v : vectors) {
                assertTrue(smmu.offer(v.bytes()), v.name());
                expected.add(SmmuV3EventDecoder.decode(v.buffer(), 0));
                if (++i % 5 == 0) {
                    reader.drain(got::add, heard);
                }
            }
            reader.drain(got::add, heard);
            producerMap.force();
        }
        assertEquals(expected, got);
        assertTrue(heard.malformed.isEmpty() && heard.overflows.isEmpty());
        assertTrue(got.stream().anyMatch(f -> f instanceof PageRequest), "the stalled vector arrives as a page request");
        ByteBuffer onDisk = ByteBuffer.wrap(Files.readAllBytes(file)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(vectors.size() & 0xf, onDisk.getInt(0), "PROD persisted (index + wrap bit)");
        assertEquals(onDisk.getInt(0), onDisk.getInt(4), "CONS caught up with PROD");
    }
}
