package io.faultline.adapters.vtd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.adapters.VectorFile;
import io.faultline.api.Fault;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VtdPageRequestReaderTest {
    private static final VectorFile FILE = VectorFile.load("intel-vtd.json");

    static Map<String, Long> request(int prgi, long lpig) {
        Map<String, Long> m = new HashMap<>();
        m.put("Type", 1L);
        m.put("PP", 1L);
        m.put("RID", 0x0800L);
        m.put("PASID", 7L);
        m.put("RDR", 1L);
        m.put("LPIG", lpig);
        m.put("PRGI", (long) prgi);
        m.put("ADDR", (long) prgi);
        return m;
    }

    static List<Integer> groups(List<Fault> faults) {
        return faults.stream().map(f -> ((PageRequest) f).groupIndex()).toList();
    }

    @Test
    void drainsFromHeadToTailWrappingAtTheQueueEnd() {
        PrqUnit u = new PrqUnit();
        u.put(126, request(1, 0));
        u.put(127, request(2, 0));
        u.put(0, request(3, 0));
        u.put(1, request(4, 1));
        u.reg(VtdRegisters.PQH, 126 * 32);
        u.reg(VtdRegisters.PQT, 2 * 32);
        u.prs(VtdRegisters.PRS_PPR);
        Recorder r = new Recorder();
        VtdPageRequestReader reader = new VtdPageRequestReader(u.regs, u.prq, ClearMode.MEMORY, r, r, null);
        assertEquals(4096, reader.queueBytes());
        assertEquals(4, reader.poll());
        assertEquals(List.of(1, 2, 3, 4), groups(r.faults));
        assertEquals(0x4000, r.faults.get(3).address());
        assertEquals(2 * 32, u.reg(VtdRegisters.PQH), "PQH = PQT");
        assertEquals(0, u.prs(), "PPR cleared");
        assertEquals(0, reader.poll(), "nothing read twice");
        assertEquals(4, reader.requests());
        assertTrue(r.malformed.isEmpty() && r.overflows.isEmpty());
    }

    @Test
    void stopMarkersAreCountedNeitherDeliveredNorAnswered() {
        PrqUnit u = new PrqUnit();
        u.put(0, FILE.get("prd256-stop-marker").hex());
        u.put(1, FILE.get("prd256-pasid-read-lpig").hex());
        u.reg(VtdRegisters.PQT, 2 * 32);
        Recorder r = new Recorder();
        VtdResponseSink responses = new VtdResponseSink(u.regs, u.iq, VtdResponseFormat.VTD4);
        VtdPageRequestReader reader = new VtdPageRequestReader(u.regs, u.prq, ClearMode.MEMORY, r, r, responses);
        assertEquals(1, reader.poll());
        assertEquals(1, reader.stopMarkers());
        assertEquals(0, responses.sent());
        assertTrue(r.malformed.isEmpty());
    }

    @Test
    void malformedRequestClosingAGroupIsReportedAndAnsweredInvalidTheRestDelivered() {
        PrqUnit u = new PrqUnit();
        u.put(0, request(1, 0));
        u.put(1, FILE.get("prd256-reserved-bits").hex()); // LPIG = 1, PRGI 1, reserved QW0 bits
        Map<String, Long> notLast = request(9, 0);
        notLast.put("rsvd_15_10", 1L);
        u.put(2, notLast);
        u.put(3, request(2, 1));
        u.reg(VtdRegisters.PQT, 4 * 32);
        Recorder r = new Recorder();
        VtdResponseSink responses = new VtdResponseSink(u.regs, u.iq, VtdResponseFormat.VTD4);
        VtdPageRequestReader reader = new VtdPageRequestReader(u.regs, u.prq, ClearMode.MEMORY, r, r, responses);
        assertEquals(2, reader.poll());
        assertEquals(List.of(1, 2), groups(r.faults));
        assertEquals(2, r.malformed.size());
        assertEquals(32 + 6, r.malformed.get(0).offset(), "byte of QW0 bits 63:54 in the queue");
        assertEquals(64 + 1, r.malformed.get(1).offset());
        assertEquals(2, reader.malformed());
        assertEquals(1, reader.answeredInvalid(), "only the one that closed a group");
        Map<String, Long> want = new HashMap<>();
        want.put("Type", 9L);
        want.put("PP", 1L);
        want.put("RC", 1L);
        want.put("RID", 25856L);
        want.put("PASID", 66L);
        want.put("PRGI", 1L);
        assertEquals(Layout.PGRP256.hex(want), u.iqHex(0, 32));
        assertEquals(32, u.reg(VtdRegisters.IQT));
    }

    @Test
    void overflowIsReportedCountedAndClearedAfterTheQueueIsDrained() {
        PrqUnit u = new PrqUnit();
        u.put(0, request(5, 1));
        u.reg(VtdRegisters.PQT, 32);
        u.prs(VtdRegisters.PRS_PPR | VtdRegisters.PRS_PRO);
        Recorder r = new Recorder();
        VtdPageRequestReader reader = new VtdPageRequestReader(u.regs, u.prq, ClearMode.MEMORY, r, r, null);
        assertEquals(1, reader.poll());
        assertEquals(1, r.overflows.size());
        assertTrue(r.overflows.get(0).startsWith("intel-vtd PRQ -1 PRS.PRO"), r.overflows.get(0));
        assertEquals(0, u.prs());
        reader.poll();
        assertEquals(1, reader.overflows());
    }

    @Test
    void rw1cWritesOnesToPrs() {
        PrqUnit u = new PrqUnit();
        u.prs(VtdRegisters.PRS_PRO);
        Recorder r = new Recorder();
        new VtdPageRequestReader(u.regs, u.prq, ClearMode.RW1C, r, r, null).poll();
        assertEquals(VtdRegisters.PRS_PRO, u.prs(), "last write: 1 to PRO (after 1 to PPR)");
        assertEquals(1, r.overflows.size());
    }

    @Test
    void tailOutOfRangeIsReportedAndNothingRead() {
        PrqUnit u = new PrqUnit();
        u.put(0, request(5, 1));
        u.reg(VtdRegisters.PQT, 4096);
        Recorder r = new Recorder();
        VtdPageRequestReader reader = new VtdPageRequestReader(u.regs, u.prq, ClearMode.MEMORY, r, r, null);
        assertEquals(0, reader.poll());
        assertEquals("PQT", r.malformed.get(0).field());
        assertEquals(VtdRegisters.PQT, r.malformed.get(0).offset());
        assertEquals(0, u.reg(VtdRegisters.PQH));
    }

    @Test
    void headOutOfRangeIsReportedAndMovedToTheTail() {
        PrqUnit u = new PrqUnit();
        u.reg(VtdRegisters.PQH, -32);
        u.reg(VtdRegisters.PQT, 64);
        Recorder r = new Recorder();
        VtdPageRequestReader reader = new VtdPageRequestReader(u.regs, u.prq, ClearMode.MEMORY, r, r, null);
        assertEquals(0, reader.poll());
        assertEquals("PQH", r.malformed.get(0).field());
        assertEquals(64, u.reg(VtdRegisters.PQH));
        assertEquals(1, reader.malformed());
    }

    @Test
    void lowFiveBitsOfHeadAndTailAreIgnored_unverified() {
        PrqUnit u = new PrqUnit();
        u.put(0, request(1, 0));
        u.put(1, request(2, 1));
        u.reg(VtdRegisters.PQH, 0x1F);
        u.reg(VtdRegisters.PQT, 64 + 0x1F);
        Recorder r = new Recorder();
        assertEquals(2, new VtdPageRequestReader(u.regs, u.prq, ClearMode.MEMORY, r, r, null).poll());
        assertTrue(r.malformed.isEmpty());
    }

    @Test
    void queueSmallerThanPqaSaysIsRejected() {
        PrqUnit u = new PrqUnit(ByteBuffer.allocate(0x1000), ByteBuffer.allocate(4095), ByteBuffer.allocate(4096), true);
        Recorder r = new Recorder();
        assertThrows(IllegalArgumentException.class,
                () -> new VtdPageRequestReader(u.regs, u.prq, ClearMode.MEMORY, r, r, null));
    }

    @Test
    void vtd3PrivateDataIsEchoedWhole128BitsThroughTheRouterPath() {
        VectorFile.Vector want = FILE.get("pgrp256-success-3x-lpig-private");
        PrqUnit u = new PrqUnit();
        Map<String, Long> req = new HashMap<>();
        req.put("Type", 1L);
        req.put("PP", 1L);
        req.put("PDP", 1L);
        req.put("RID", want.rawLong("RID"));
        req.put("PASID", want.rawLong("PASID"));
        req.put("RDR", 1L);
        req.put("PRGI", want.rawLong("PRGI"));
        req.put("ADDR", 0x42L);
        req.put("QW2", want.rawLong("QW2"));
        req.put("QW3", want.rawLong("QW3"));
        u.put(0, req);
        u.reg(VtdRegisters.PQT, 32);
        VtdResponseSink responses = new VtdResponseSink(u.regs, u.iq, VtdResponseFormat.VTD3);
        Recorder r = new Recorder();
        // Stands in for the router: answers each group once, with the request that closed it.
        VtdPageRequestReader reader = new VtdPageRequestReader(u.regs, u.prq, ClearMode.MEMORY, f -> {
            PageRequest p = (PageRequest) f;
            if (p.lastInGroup()) {
                responses.send(p, PageResponse.SUCCESS);
            }
        }, r, responses);
        reader.poll();
        assertEquals(1, responses.sent());
        assertEquals(want.hex(), u.iqHex(0, 32));
        assertEquals(0, responses.pendingEchoes());
    }

    @Test
    void readsASimulatorsMemoryMappedQueue(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("vtd.bin");
        try (FileChannel sim = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
                FileChannel os = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer simFile = sim.map(FileChannel.MapMode.READ_WRITE, 0, 3 * 4096);
            PrqUnit simulator = new PrqUnit(simFile.slice(0, 4096), simFile.slice(4096, 4096),
                    simFile.slice(8192, 4096), true);
            simulator.put(127, FILE.get("prd256-write-not-last").hex());
            simulator.put(0, FILE.get("prd256-pasid-read-lpig").hex());
            simulator.reg(VtdRegisters.PQH, 127 * 32);
            simulator.reg(VtdRegisters.PQT, 32);

            MappedByteBuffer osFile = os.map(FileChannel.MapMode.READ_WRITE, 0, 3 * 4096);
            ByteBuffer regs = osFile.slice(0, 4096);
            ByteBuffer iq = osFile.slice(8192, 4096);
            VtdResponseSink responses = new VtdResponseSink(regs, iq, VtdResponseFormat.VTD4);
            Recorder r = new Recorder();
            VtdPageRequestReader reader = new VtdPageRequestReader(regs, osFile.slice(4096, 4096), ClearMode.MEMORY,
                    f -> {
                        r.accept(f);
                        if (((PageRequest) f).lastInGroup()) {
                            responses.send((PageRequest) f, PageResponse.SUCCESS);
                        }
                    }, r, responses);
            assertEquals(2, reader.poll());
            FILE.get("prd256-write-not-last").assertFault(r.faults.get(0));
            FILE.get("prd256-pasid-read-lpig").assertFault(r.faults.get(1));
            assertEquals(32, simulator.reg(VtdRegisters.PQH), "the simulator sees the new head");
            assertEquals(FILE.get("pgrp256-success-pasid").hex(), simulator.iqHex(0, 32));
            assertEquals(32, simulator.reg(VtdRegisters.IQT));
        }
    }
}
