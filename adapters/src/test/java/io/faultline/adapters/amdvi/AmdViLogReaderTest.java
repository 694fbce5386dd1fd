package io.faultline.adapters.amdvi;

import static io.faultline.adapters.amdvi.AmdViRegisters.EVENT_LOG_HEAD;
import static io.faultline.adapters.amdvi.AmdViRegisters.EVENT_LOG_TAIL;
import static io.faultline.adapters.amdvi.AmdViRegisters.PPR_LOG_HEAD;
import static io.faultline.adapters.amdvi.AmdViRegisters.PPR_LOG_TAIL;
import static io.faultline.adapters.amdvi.AmdViRegisters.STATUS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.api.Family;
import io.faultline.api.Fault;
import io.faultline.api.PageRequest;
import io.faultline.runtime.FaultSink;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AmdViLogReaderTest {
    private final Recorder rec = new Recorder();
    private final ByteBuffer mmio = ByteBuffer.allocate(AmdViRegisters.MMIO_SIZE);
    private final AmdViRegisters regs = AmdViRegisters.inMemory(mmio);
    private final AtomicLong clock = new AtomicLong();

    private AmdViLogReader eventReader(ByteBuffer log) {
        return new AmdViLogReader(LogKind.EVENT, log, regs, clock::get);
    }

    /** A page fault whose device id tells the entries apart. */
    private static ByteBuffer fault(int id) {
        return Entries.pageFault(id, 0, AmdViFlags.PR, 0x1000L * id);
    }

    private static List<Integer> ids(List<Fault> faults) {
        return faults.stream().map(Fault::requesterId).toList();
    }

    @Test
    void drainsHeadToTailInOrderAndZeroesWhatItRead() {
        ByteBuffer log = ByteBuffer.allocate(8 * 16);
        for (int i = 0; i < 3; i++) {
            Entries.put(log, i * 16, fault(i + 1));
        }
        regs.write(EVENT_LOG_TAIL, 48);
        AmdViLogReader r = eventReader(log);
        assertEquals(3, r.drain(rec, rec));
        assertEquals(List.of(1, 2, 3), ids(rec.faults));
        assertEquals(48, regs.read(EVENT_LOG_HEAD));
        for (int i = 0; i < 48; i++) {
            assertEquals(0, log.get(i), "byte " + i + " zeroed");
        }
        assertEquals(0, r.drain(rec, rec), "head == tail: nothing read twice");
        assertEquals(3, r.recordsRead());
        assertEquals(0, r.malformedRecords());
    }

    @Test
    void wrapsAtTheEndOfTheLog() {
        ByteBuffer log = ByteBuffer.allocate(4 * 16);
        regs.write(EVENT_LOG_HEAD, 32);
        Entries.put(log, 32, fault(1));
        Entries.put(log, 48, fault(2));
        Entries.put(log, 0, fault(3));
        regs.write(EVENT_LOG_TAIL, 16);
        AmdViLogReader r = eventReader(log);
        assertEquals(3, r.drain(rec, rec));
        assertEquals(List.of(1, 2, 3), ids(rec.faults));
        assertEquals(16, regs.read(EVENT_LOG_HEAD));
    }

    @Test
    void aMalformedEntryInTheMiddleIsReportedCountedAndSkipped() {
        ByteBuffer log = ByteBuffer.allocate(8 * 16);
        Entries.put(log, 0, fault(1));
        Entries.put(log, 16, Entries.entry(-1, -1, -1));
        Entries.put(log, 32, fault(3));
        regs.write(EVENT_LOG_TAIL, 48);
        AmdViLogReader r = eventReader(log);
        assertEquals(3, r.drain(rec, rec));
        assertEquals(List.of(1, 3), ids(rec.faults));
        assertEquals(1, rec.malformed.size());
        assertEquals(16, rec.malformed.get(0).offset(), "the offset is the entry's place in the log");
        assertEquals(Family.AMD_VI, rec.malformed.get(0).family());
        assertEquals(1, r.malformedRecords());
        assertEquals(3, r.recordsRead(), "malformed entries count as read");
        assertEquals(48, regs.read(EVENT_LOG_HEAD));
    }

    @Test
    void overflowIsReportedCountedAndClearedLeavingOtherStatusBits() {
        ByteBuffer log = ByteBuffer.allocate(4 * 16);
        Entries.put(log, 0, fault(1));
        regs.write(EVENT_LOG_TAIL, 16);
        regs.write(STATUS, AmdViRegisters.STATUS_EVENT_OVERFLOW | AmdViRegisters.STATUS_EVENT_LOG_INT
                | AmdViRegisters.STATUS_PPR_OVERFLOW);
        AmdViLogReader r = eventReader(log);
        assertEquals(1, r.drain(rec, rec));
        assertEquals(1, rec.faults.size(), "entries before the overflow are still delivered");
        assertEquals(1, rec.overflows.size());
        assertTrue(rec.overflows.get(0).startsWith("amd-vi EventLog -1 Status.EventOverflow"), rec.overflows.get(0));
        assertEquals(1, r.overflows());
        assertEquals(AmdViRegisters.STATUS_EVENT_LOG_INT | AmdViRegisters.STATUS_PPR_OVERFLOW, regs.read(STATUS));
        r.drain(rec, rec);
        assertEquals(1, r.overflows(), "a cleared overflow is not reported again");
    }

    @Test
    void thePprReaderWatchesItsOwnRegistersAndOverflowBit() {
        ByteBuffer log = ByteBuffer.allocate(4 * 16);
        Entries.put(log, 0, Entries.ppr(0x4100, 1, 5, true, PprFlags.GN | PprFlags.RD, 0x7000));
        regs.write(PPR_LOG_TAIL, 16);
        regs.write(EVENT_LOG_TAIL, 32);
        regs.write(STATUS, AmdViRegisters.STATUS_EVENT_OVERFLOW | AmdViRegisters.STATUS_PPR_OVERFLOW);
        AmdViLogReader r = new AmdViLogReader(LogKind.PPR, log, regs, clock::get);
        assertEquals(1, r.drain(rec, rec));
        PageRequest p = (PageRequest) rec.faults.get(0);
        assertEquals(5, p.groupIndex());
        assertEquals(16, regs.read(PPR_LOG_HEAD));
        assertEquals(0, regs.read(EVENT_LOG_HEAD), "the event log is not touched");
        assertTrue(rec.overflows.get(0).startsWith("amd-vi PPRLog -1 Status.PPROverflow"), rec.overflows.get(0));
        assertEquals(AmdViRegisters.STATUS_EVENT_OVERFLOW, regs.read(STATUS));
    }

    @Test
    void headOrTailOutOfRangeIsATypedErrorAndNothingIsRead() {
        ByteBuffer log = ByteBuffer.allocate(4 * 16);
        Entries.put(log, 0, fault(1));
        AmdViLogReader r = eventReader(log);
        for (int bad : new int[] {64, 0x7fff0, 0x18, 0x80000, -1}) {
            regs.write(EVENT_LOG_TAIL, bad);
            assertEquals(0, r.drain(rec, rec));
        }
        assertEquals(5, r.registerErrors());
        assertEquals(5, rec.malformed.size());
        assertEquals(AmdViRegisters.EVENT_LOG_TAIL, rec.malformed.get(0).offset());
        assertEquals("EventLogTail", rec.malformed.get(0).field());
        assertEquals(0, regs.read(EVENT_LOG_HEAD));
        assertEquals(0, rec.faults.size());

        regs.write(EVENT_LOG_TAIL, 16);
        regs.write(EVENT_LOG_HEAD, 0x100);
        assertEquals(0, r.drain(rec, rec));
        assertEquals("EventLogHead", rec.malformed.get(5).field());
        regs.write(EVENT_LOG_HEAD, 0);
        assertEquals(1, r.drain(rec, rec), "the reader continues once the registers are sane");
        assertEquals(0, r.malformedRecords(), "bad registers are not counted as bad entries");
    }

    @Test
    void anEntryAnnouncedBeforeItsBytesLandIsWaitedForThenRead() {
        ByteBuffer log = ByteBuffer.allocate(4 * 16);
        Entries.put(log, 0, fault(1));
        regs.write(EVENT_LOG_TAIL, 32);
        AmdViLogReader r = eventReader(log);
        assertEquals(1, r.drain(rec, rec), "stops at the unwritten entry");
        assertEquals(16, regs.read(EVENT_LOG_HEAD));
        clock.addAndGet(AmdViLogReader.LATE_WRITE_NANOS - 1);
        assertEquals(0, r.drain(rec, rec));
        Entries.put(log, 16, fault(2));
        assertEquals(1, r.drain(rec, rec));
        assertEquals(List.of(1, 2), ids(rec.faults));
        assertEquals(0, r.malformedRecords());
    }

    @Test
    void anEntryThatNeverLandsIsReportedAfterAHundredMillisecondsAndSkipped() {
        ByteBuffer log = ByteBuffer.allocate(4 * 16);
        Entries.put(log, 16, fault(2));
        regs.write(EVENT_LOG_TAIL, 32);
        AmdViLogReader r = eventReader(log);
        assertEquals(0, r.drain(rec, rec));
        clock.addAndGet(AmdViLogReader.LATE_WRITE_NANOS);
        assertEquals(2, r.drain(rec, rec));
        assertEquals(1, r.malformedRecords());
        assertEquals("EventCode", rec.malformed.get(0).field());
        assertEquals(0, rec.malformed.get(0).offset());
        assertEquals(List.of(2), ids(rec.faults));
    }

    @Test
    void headIsAdvancedBeforeTheSinkSoAThrowingSinkNeverGetsAnEntryTwice() {
        ByteBuffer log = ByteBuffer.allocate(4 * 16);
        Entries.put(log, 0, fault(1));
        Entries.put(log, 16, fault(2));
        regs.write(EVENT_LOG_TAIL, 32);
        int[] calls = {0};
        FaultSink throwing = f -> {
            rec.accept(f);
            if (calls[0]++ == 0) {
                throw new IllegalStateException("sink bug");
            }
        };
        AmdViLogReader r = eventReader(log);
        assertThrows(IllegalStateException.class, () -> r.drain(throwing, rec));
        assertEquals(16, regs.read(EVENT_LOG_HEAD));
        assertEquals(1, r.drain(throwing, rec));
        assertEquals(List.of(1, 2), ids(rec.faults));
    }

    @Test
    void aReadOnlyLogIsReadButNotZeroed() {
        ByteBuffer log = ByteBuffer.allocate(4 * 16);
        Entries.put(log, 0, Entries.ppr(0x4100, 1, 5, true, PprFlags.GN | PprFlags.RD, 0x7000));
        regs.write(PPR_LOG_TAIL, 16);
        AmdViLogReader r = AmdViLogReader.pprLog(log.asReadOnlyBuffer(), regs);
        assertEquals(1, r.drain(rec, rec));
        assertEquals(1, rec.faults.size());
        assertTrue(log.getLong(0) != 0);
        assertEquals(0, r.drain(rec, rec));
    }

    @Test
    void logAndRegisterBuffersOfTheWrongShapeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> eventReader(ByteBuffer.allocate(16)));
        assertThrows(IllegalArgumentException.class, () -> eventReader(ByteBuffer.allocate(40)));
        assertThrows(IllegalArgumentException.class, () -> eventReader(ByteBuffer.allocate(0x80010)));
        assertThrows(IllegalArgumentException.class, () -> eventReader(ByteBuffer.allocate(64).limit(48)));
        eventReader(ByteBuffer.allocate(0x80000));
        assertThrows(IllegalArgumentException.class, () -> AmdViRegisters.inMemory(ByteBuffer.allocate(0x2000)));
        assertThrows(IllegalArgumentException.class,
                () -> AmdViRegisters.inMemory(ByteBuffer.allocate(0x2040).asReadOnlyBuffer()));
        assertThrows(IllegalArgumentException.class, () -> regs.read(0x2040));
        assertThrows(IllegalArgumentException.class, () -> regs.write(0x2011, 0));
    }

    @Test
    void readsAMappedFileThatASimulatorWritesThroughItsOwnMapping(@TempDir Path dir) throws Exception {
        int logBytes = 512 * 16;
        Path file = dir.resolve("amdvi.bin");
        try (FileChannel consumer = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
             FileChannel producer = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer cMmio = consumer.map(FileChannel.MapMode.READ_WRITE, 0, AmdViRegisters.MMIO_SIZE);
            MappedByteBuffer cLog = consumer.map(FileChannel.MapMode.READ_WRITE, AmdViRegisters.MMIO_SIZE, logBytes);
            AmdViRegisters consumerRegs = AmdViRegisters.inMemory(cMmio);
            AmdViLogReader r = AmdViLogReader.eventLog(cLog, consumerRegs);

            ByteBuffer pMmio = producer.map(FileChannel.MapMode.READ_WRITE, 0, AmdViRegisters.MMIO_SIZE)
                    .order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer pLog = producer.map(FileChannel.MapMode.READ_WRITE, AmdViRegisters.MMIO_SIZE, logBytes);
            AmdViRegisters producerRegs = AmdViRegisters.inMemory(pMmio);
            // The simulator fills the whole log but one entry, twice around, and the reader keeps up.
            int tail = 0;
            int id = 1;
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 400; i++) {
                    Entries.put(pLog, tail, fault(id++));
                    tail = (tail + 16) % logBytes;
                }
                producerRegs.write(EVENT_LOG_TAIL, tail);
                assertEquals(400, r.drain(rec, rec));
            }
            producerRegs.write(STATUS, AmdViRegisters.STATUS_EVENT_OVERFLOW | AmdViRegisters.STATUS_EVENT_LOG_RUN);
            r.drain(rec, rec);
            assertEquals(AmdViRegisters.STATUS_EVENT_LOG_RUN, producerRegs.read(STATUS),
                    "the producer sees the overflow acknowledged");
            assertEquals(1200, rec.faults.size());
            for (int i = 0; i < rec.faults.size(); i++) {
                assertEquals(i + 1, rec.faults.get(i).requesterId());
            }
            assertEquals(tail, producerRegs.read(EVENT_LOG_HEAD));
            assertEquals(0L, pLog.getLong(0), "consumed entries are zeroed in the shared file");
        }
    }
}
