package io.faultline.adapters.smmuv3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.QueueListener;
import io.faultline.adapters.smmuv3.SmmuV3EventType.Field;
import io.faultline.api.Fault;
import io.faultline.api.Family;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Round-trip and robustness properties of the SMMUv3 codecs and queues (jqwik). */
class SmmuV3Properties {

    /** Raw fields packed at the reference's positions (§1.1–1.2), decoded back through the model rules. */
    @Property
    void eventRecordsRoundTripThroughTheModel(@ForAll SmmuV3EventType type, @ForAll int streamId,
            @ForAll boolean ssv, @ForAll @IntRange(max = 0xfffff) int substreamId,
            @ForAll @IntRange(max = 0xffff) int stag, @ForAll boolean stall, @ForAll boolean pnu,
            @ForAll boolean ind, @ForAll boolean rnw, @ForAll boolean s2, @ForAll @IntRange(max = 2) int eventClass,
            @ForAll long inputAddr, @ForAll long dword3, @ForAll long residue1) throws MalformedRecordException {
        long d0 = type.id() | (ssv ? 1L << 11 : 0) | (long) substreamId << 12 | (long) streamId << 32;
        long known = Dwords.field(15, 0) | 1L << 31 | 1L << 33 | 1L << 34 | 1L << 35 | 1L << 39
                | Dwords.field(41, 40) | 1L << 44;
        long d1 = stag | (stall ? 1L << 31 : 0) | (pnu ? 1L << 33 : 0) | (ind ? 1L << 34 : 0) | (rnw ? 1L << 35 : 0)
                | (s2 ? 1L << 39 : 0) | (long) eventClass << 40 | (residue1 & ~known);
        ByteBuffer buf = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(0, d0).putLong(8, d1).putLong(16, inputAddr).putLong(24, dword3);

        Fault f = SmmuV3EventDecoder.decode(buf, 0);
        assertEquals(Family.ARM_SMMU_V3, f.family());
        assertEquals(streamId, f.requesterId());
        assertEquals(ssv, f.hasPasid());
        if (ssv) {
            assertEquals(substreamId, f.pasid());
        }
        assertEquals(type.carries(Field.INPUT_ADDR), f.hasAddress());
        if (f.hasAddress()) {
            assertEquals(inputAddr, f.address());
        }
        assertEquals(type.carries(Field.RNW) && rnw, f.access().read());
        assertEquals(type.carries(Field.RNW) && !rnw, f.access().write());
        assertEquals(type.carries(Field.IND) && ind, f.access().exec());
        assertEquals(type.carries(Field.PNU) && pnu, f.access().privileged());
        assertEquals(type.stage(type.carries(Field.S2) && s2, type.carries(Field.CLASS) ? eventClass : -1), f.stage());
        assertEquals(type.reason(), f.reason());
        boolean stalled = type.canStall() && stall;
        assertEquals(stalled, f instanceof PageRequest);
        if (stalled) {
            assertEquals(stag, ((PageRequest) f).groupIndex());
            assertTrue(((PageRequest) f).lastInGroup());
        }
        SmmuV3Event raw = SmmuV3Event.of(d0, d1, inputAddr, dword3);
        assertEquals(d1 & ~known, raw.otherBits(1) & ~known, "unknown dword1 bits kept as residue, never rejected");
        assertEquals(f, raw.toFault());
    }

    /** Any bytes, truncated ones too: a fault or the typed error, nothing else (a small fuzz; Jazzer goes further). */
    @Property(tries = 2000)
    void anyEventBytesDecodeOrFailWithTheTypedError(@ForAll @Size(max = 40) byte[] bytes) {
        try {
            Fault f = SmmuV3EventDecoder.decode(ByteBuffer.wrap(bytes), 0);
            assertTrue(bytes.length >= 32 && SmmuV3EventType.ofId(bytes[0] & 0xff) != null);
            assertEquals(Family.ARM_SMMU_V3, f.family());
        } catch (MalformedRecordException e) {
            assertTrue(e.offset() >= 0 && e.offset() < Math.max(bytes.length, 1), "offset " + e.offset());
        }
    }

    @Property(tries = 2000)
    void anyPriOrCommandBytesDecodeOrFailWithTheTypedError(@ForAll @Size(max = 20) byte[] bytes) {
        try {
            SmmuV3PriDecoder.decode(ByteBuffer.wrap(bytes), 0);
            assertTrue(bytes.length >= 16);
        } catch (MalformedRecordException e) {
            assertTrue(e.offset() >= 0 && e.offset() < Math.max(bytes.length, 1), "offset " + e.offset());
        }
        try {
            SmmuV3Commands.decode(ByteBuffer.wrap(bytes), 0);
            assertTrue(bytes.length >= 16);
        } catch (MalformedRecordException e) {
            assertTrue(e.offset() >= 0 && e.offset() < Math.max(bytes.length, 1), "offset " + e.offset());
        }
    }

    @Property
    void priEntriesRoundTrip(@ForAll int streamId, @ForAll boolean ssv, @ForAll @IntRange(max = 0xfffff) int ssid,
            @ForAll boolean priv, @ForAll boolean exec, @ForAll boolean read, @ForAll boolean write,
            @ForAll boolean last, @ForAll @IntRange(max = 0x1ff) int prg, @ForAll long address)
            throws MalformedRecordException {
        long d0 = Integer.toUnsignedLong(streamId) | (long) ssid << 32 | (priv ? 1L << 58 : 0) | (exec ? 1L << 59 : 0)
                | (read ? 1L << 60 : 0) | (write ? 1L << 61 : 0) | (last ? 1L << 62 : 0) | (ssv ? 1L << 63 : 0);
        long d1 = prg | (address & ~0xfffL);
        PageRequest p = SmmuV3PriDecoder.decode(d0, d1);
        assertEquals(streamId, p.requesterId());
        assertEquals(ssv ? ssid : Fault.NO_PASID, p.pasid());
        assertEquals(priv, p.access().privileged());
        assertEquals(exec, p.access().exec());
        assertEquals(read, p.access().read());
        assertEquals(write, p.access().write());
        assertEquals(last, p.lastInGroup());
        assertEquals(prg, p.groupIndex());
        assertEquals(address & ~0xfffL, p.address());
    }

    @Property
    void commandsRoundTrip(@ForAll int streamId, @ForAll @IntRange(max = 0xffff) int stag,
            @ForAll @IntRange(min = -1, max = 0xfffff) int pasid, @ForAll @IntRange(max = 0x1ff) int prg,
            @ForAll PageResponse response) throws MalformedRecordException {
        ByteBuffer b = ByteBuffer.allocate(32);
        SmmuV3Commands.encodeResume(b, 0, streamId, stag, response);
        SmmuV3Commands.encodePriResp(b, 16, streamId, pasid, prg, response);
        assertEquals(new SmmuV3Command.Resume(streamId, stag, response == PageResponse.SUCCESS,
                response != PageResponse.SUCCESS), SmmuV3Commands.decode(b, 0));
        SmmuV3Command.PriResp r = (SmmuV3Command.PriResp) SmmuV3Commands.decode(b, 16);
        assertEquals(new SmmuV3Command.PriResp(streamId, pasid >= 0, Math.max(pasid, 0), prg,
                SmmuV3Commands.priResp(response)), r);
        assertEquals(response, r.response());
    }

    /**
     * Any interleaving of offers and drains on a ring of any size: every entry the writer accepted
     * is read exactly once and in order; every drop is noticed as an overflow before the next drain
     * returns.
     */
    @Property(tries = 300)
    void everyAcceptedEntryIsReadOnceInOrderAndEveryDropIsReported(@ForAll @IntRange(max = 4) int log2,
            @ForAll @Size(max = 60) List<@IntRange(max = 3) Integer> ops) {
        SmmuV3QueueRegisters regs = SmmuV3QueueRegisters.allocate();
        ByteBuffer ring = ByteBuffer.allocate(32 << log2);
        SmmuV3QueueWriter w = SmmuV3QueueWriter.eventQueue(ring, log2, regs);
        SmmuV3Queue q = SmmuV3Queue.eventQueue(ring, log2, regs);
        List<Integer> accepted = new ArrayList<>();
        List<Integer> read = new ArrayList<>();
        long[] overflowReports = {0};
        QueueListener listener = new QueueListener() {
            @Override
            public void malformed(MalformedRecordException error) {
                throw new AssertionError(error);
            }

            @Override
            public void overflow(Family family, String queue, long lostRecords, String why) {
                overflowReports[0]++;
            }
        };
        int next = 1;
        boolean droppedSinceDrain = false;
        for (int op : ops) {
            if (op == 0) {
                long before = overflowReports[0];
                q.drain(f -> read.add(f.requesterId()), listener);
                assertEquals(droppedSinceDrain, overflowReports[0] > before);
                droppedSinceDrain = false;
            } else {
                ByteBuffer e = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
                e.putLong(0, 0x02 | (long) next << 32);
                if (w.offer(e, 0)) {
                    accepted.add(next);
                } else {
                    droppedSinceDrain = true;
                }
                next++;
            }
        }
        q.drain(f -> read.add(f.requesterId()), listener);
        assertEquals(accepted, read);
        assertEquals(read.size(), q.recordsRead());
        assertEquals(w.overflowsSignalled(), q.overflows());
        assertFalse(w.isFull());
    }
}
