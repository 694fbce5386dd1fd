package io.faultline.adapters.vtd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.api.Fault;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VtdFaultRecordReaderTest {
    /** QEMU's emulated unit keeps its records at 0x220; FRO is in 16-byte units. */
    static final int FRO = 0x220 / 16;

    /** A register page with {@code count} fault recording registers at 0x220 (CAP.NFR = count - 1). */
    static ByteBuffer registers(int count) {
        ByteBuffer regs = ByteBuffer.allocate(0x1000).order(ByteOrder.LITTLE_ENDIAN);
        writeCap(regs, count);
        return regs;
    }

    static void writeCap(ByteBuffer regs, int count) {
        regs.putLong(VtdRegisters.CAP, (long) (count - 1) << 40 | (long) FRO << 24);
    }

    static Map<String, Long> fault(int sid, long fr) {
        Map<String, Long> m = new HashMap<>();
        m.put("F", 1L);
        m.put("FR", fr);
        m.put("SID", (long) sid);
        m.put("FI", (long) sid); // address = sid << 12: tells records apart
        return m;
    }

    /** Writes a record the way a producer would: the fields, then the word holding F. */
    static void put(ByteBuffer regs, int index, Map<String, Long> raw) {
        byte[] b = Layout.FRCD.pack(raw);
        int off = FRO * 16 + index * 16;
        for (int i = 0; i < 16; i++) {
            regs.put(off + i, b[i]);
        }
    }

    static void fsts(ByteBuffer regs, int value) {
        ByteBuffer le = regs.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        le.putInt(VtdRegisters.FSTS, value);
    }

    static int fsts(ByteBuffer regs) {
        return regs.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(VtdRegisters.FSTS);
    }

    static boolean f(ByteBuffer regs, int index) {
        return VtdFaultRecord.isFault(regs, FRO * 16 + index * 16);
    }

    static List<Integer> sids(List<Fault> faults) {
        return faults.stream().map(Fault::requesterId).toList();
    }

    @Test
    void drainsFromFriWrappingUntilTheFirstEmptyRegisterAndClearsF() {
        ByteBuffer regs = registers(4);
        put(regs, 2, fault(0x12, 5));
        put(regs, 3, fault(0x13, 6));
        put(regs, 0, fault(0x10, 2));
        put(regs, 1, fault(0x11, 2)); // F set, but...
        Map<String, Long> stale = fault(0x11, 2);
        stale.put("F", 0L);
        put(regs, 1, stale); // ...now F = 0: the walk stops here
        fsts(regs, 2 << 8 | VtdFaultStatus.PPF);
        Recorder r = new Recorder();
        VtdFaultRecordReader reader = new VtdFaultRecordReader(regs, ClearMode.MEMORY, r, r);

        assertEquals(3, reader.poll());
        assertEquals(List.of(0x12, 0x13, 0x10), sids(r.faults));
        assertEquals(0x13000, r.faults.get(1).address());
        for (int i = 0; i < 4; i++) {
            assertFalse(f(regs, i), "F cleared at " + i);
        }
        // Only F changed: the reason is still there for a debugger.
        assertEquals(5, regs.get(FRO * 16 + 2 * 16 + 12));
        assertEquals(0, reader.poll(), "nothing is read twice");
        assertEquals(3, reader.faults());
        assertTrue(r.malformed.isEmpty());
        assertEquals(0, reader.overflows());
    }

    @Test
    void withoutPpfTheStaleFriIsIgnoredAndNothingIsRead() {
        ByteBuffer regs = registers(2);
        put(regs, 1, fault(0x21, 6));
        fsts(regs, 0x100); // FRI 1, PPF 0: "handling fault status reg 100"
        Recorder r = new Recorder();
        assertEquals(0, new VtdFaultRecordReader(regs, ClearMode.MEMORY, r, r).poll());
        assertTrue(f(regs, 1));
    }

    @Test
    void overflowIsReportedCountedAndClearedOnce() {
        ByteBuffer regs = registers(1);
        put(regs, 0, fault(0x30, 6));
        fsts(regs, VtdFaultStatus.PPF | VtdFaultStatus.PFO | VtdFaultStatus.ITE);
        Recorder r = new Recorder();
        VtdFaultRecordReader reader = new VtdFaultRecordReader(regs, ClearMode.MEMORY, r, r);
        assertEquals(1, reader.poll());
        assertEquals(1, r.overflows.size());
        assertTrue(r.overflows.get(0).startsWith("intel-vtd FRCD -1 FSTS.PFO"), r.overflows.get(0));
        assertEquals(VtdFaultStatus.PPF | VtdFaultStatus.ITE, fsts(regs), "only PFO cleared");
        reader.poll();
        assertEquals(1, reader.overflows());
    }

    @Test
    void malformedRecordInTheMiddleIsReportedClearedAndTheRestDelivered() {
        ByteBuffer regs = registers(3);
        put(regs, 0, fault(0x40, 5));
        put(regs, 1, fault(0x41, 0x0E)); // undefined reason
        put(regs, 2, fault(0x42, 6));
        fsts(regs, VtdFaultStatus.PPF);
        Recorder r = new Recorder();
        VtdFaultRecordReader reader = new VtdFaultRecordReader(regs, ClearMode.MEMORY, r, r);
        assertEquals(2, reader.poll());
        assertEquals(List.of(0x40, 0x42), sids(r.faults));
        assertEquals(1, r.malformed.size());
        assertEquals("FR", r.malformed.get(0).field());
        assertEquals(0x220 + 16 + 12, r.malformed.get(0).offset(), "offset in the register page");
        assertEquals(1, reader.malformed());
        assertFalse(f(regs, 1));
    }

    @Test
    void friOutOfRangeIsReportedAndTheRingScannedFromZero() {
        ByteBuffer regs = registers(2);
        put(regs, 0, fault(0x50, 5));
        fsts(regs, 7 << 8 | VtdFaultStatus.PPF);
        Recorder r = new Recorder();
        VtdFaultRecordReader reader = new VtdFaultRecordReader(regs, ClearMode.MEMORY, r, r);
        assertEquals(1, reader.poll());
        assertEquals("FRI", r.malformed.get(0).field());
        assertEquals(VtdRegisters.FSTS + 1, r.malformed.get(0).offset());
    }

    @Test
    void reservedFstsBitsAreReportedAndTheDefinedBitsStillHonoured() {
        ByteBuffer regs = registers(1);
        put(regs, 0, fault(0x51, 5));
        fsts(regs, 0x8000_0000 | VtdFaultStatus.PPF);
        Recorder r = new Recorder();
        assertEquals(1, new VtdFaultRecordReader(regs, ClearMode.MEMORY, r, r).poll());
        assertEquals("rsvd_31_16", r.malformed.get(0).field());
    }

    @Test
    void rw1cWritesOneToFAndToPfoAndReadsAtMostOneLapOnPlainMemory() {
        ByteBuffer regs = registers(2);
        put(regs, 0, fault(0x60, 5));
        put(regs, 1, fault(0x61, 5));
        fsts(regs, VtdFaultStatus.PPF | VtdFaultStatus.PFO);
        Recorder r = new Recorder();
        VtdFaultRecordReader reader = new VtdFaultRecordReader(regs, ClearMode.RW1C, r, r);
        assertEquals(2, reader.poll(), "plain memory keeps F = 1; the walk still ends after one lap");
        ByteBuffer le = regs.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x8000_0000, le.getInt(0x220 + 12), "Linux's clearing write");
        assertEquals(0x8000_0000, le.getInt(0x230 + 12));
        assertEquals(VtdFaultStatus.PFO, fsts(regs), "write 1 to PFO only");
    }

    @Test
    void aThrowingSinkDoesNotMakeTheReaderReadTheRecordAgain() {
        ByteBuffer regs = registers(1);
        put(regs, 0, fault(0x70, 5));
        fsts(regs, VtdFaultStatus.PPF);
        Recorder r = new Recorder();
        VtdFaultRecordReader reader = new VtdFaultRecordReader(regs, ClearMode.MEMORY, f -> {
            throw new IllegalStateException("sink broke");
        }, r);
        assertThrows(IllegalStateException.class, reader::poll);
        assertFalse(f(regs, 0));
        assertEquals(0, new VtdFaultRecordReader(regs, ClearMode.MEMORY, r, r).poll());
    }

    @Test
    void capThatPlacesRecordsOutsideTheBufferIsRejected() {
        ByteBuffer regs = ByteBuffer.allocate(0x230);
        writeCap(regs.order(ByteOrder.LITTLE_ENDIAN), 2); // needs 0x240 bytes
        Recorder r = new Recorder();
        assertThrows(IllegalArgumentException.class, () -> new VtdFaultRecordReader(regs, ClearMode.MEMORY, r, r));
        writeCap(regs, 1);
        VtdFaultRecordReader ok = new VtdFaultRecordReader(regs, ClearMode.MEMORY, r, r);
        assertEquals(1, ok.recordCount());
        assertEquals(0x220, ok.recordOffset());
    }

    @Test
    void readsASimulatorsMemoryMappedRegisterFileInAnyByteOrder(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("vtd-regs.bin");
        try (FileChannel sim = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
                FileChannel os = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer simRegs = sim.map(FileChannel.MapMode.READ_WRITE, 0, 0x1000);
            simRegs.order(ByteOrder.LITTLE_ENDIAN);
            writeCap(simRegs, 8);
            put(simRegs, 7, fault(0x80, 0x71));
            put(simRegs, 0, fault(0x81, 0x59));
            fsts(simRegs, 7 << 8 | VtdFaultStatus.PPF);

            MappedByteBuffer mapped = os.map(FileChannel.MapMode.READ_WRITE, 0, 0x1000); // big-endian view
            mapped.position(100);
            Recorder r = new Recorder();
            VtdFaultRecordReader reader = new VtdFaultRecordReader(mapped, ClearMode.MEMORY, r, r);
            assertEquals(2, reader.poll());
            assertEquals(List.of(0x80, 0x81), sids(r.faults));
            assertFalse(f(simRegs, 7), "the simulator sees F cleared");
            assertFalse(f(simRegs, 0));
            assertEquals(100, mapped.position());

            put(simRegs, 1, fault(0x82, 0x06)); // the simulator raises another one
            fsts(simRegs, 1 << 8 | VtdFaultStatus.PPF);
            assertEquals(1, reader.poll());
            assertEquals(0x82, r.faults.get(2).requesterId());
        }
    }
}
