package io.faultline.adapters.vtd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Access;
import io.faultline.api.Fault;
import io.faultline.api.PageRequest;
import io.faultline.api.UnrecoverableFault;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Raw fields packed with the reference's bit table ({@link Layout}), then decoded: the fault has the
 * same fields. Responses the other way round: encoded, then unpacked with the table.
 */
class VtdRoundTripPropertyTest {
    private static final long MAX52 = (1L << 52) - 1;

    @Provide
    Arbitrary<Integer> dmaReasons() {
        return Arbitraries.of(IntStream.range(0, 256)
                .filter(c -> VtdReasons.isDefined(c) && !VtdReasons.isInterruptRemapping(c)).boxed().toList());
    }

    @Property(tries = 400)
    void faultRecordRoundTrips(@ForAll @LongRange(max = MAX52) long fi, @ForAll @IntRange(max = 0xFFFF) int sid,
            @ForAll("dmaReasons") int fr, @ForAll @IntRange(max = 0xFFFFF) int pv, @ForAll @IntRange(max = 2) int at,
            @ForAll boolean pp, @ForAll boolean t2, @ForAll boolean t1, @ForAll boolean exe, @ForAll boolean priv)
            throws MalformedRecordException {
        Map<String, Long> raw = new HashMap<>();
        raw.put("F", 1L);
        raw.put("FI", fi);
        raw.put("SID", (long) sid);
        raw.put("FR", (long) fr);
        raw.put("PV", (long) pv);
        raw.put("AT", (long) at);
        raw.put("PP", b(pp));
        raw.put("T2", b(t2)); // T2 at bit 92: unverified, decoded as a type bit
        raw.put("T1", b(t1));
        raw.put("EXE", b(exe));
        raw.put("PRIV", b(priv));
        UnrecoverableFault f = VtdFaultRecord.decode(ByteBuffer.wrap(Layout.FRCD.pack(raw)), 0);
        assertEquals(sid, f.requesterId());
        assertEquals(pp ? pv : Fault.NO_PASID, f.pasid());
        assertEquals(fi << 12, f.address());
        assertSame(VtdReasons.reason(fr), f.reason());
        assertSame(VtdReasons.stage(fr), f.stage());
        boolean read = t1;
        boolean write = !t2 && !t1 || t2 && t1;
        assertSame(Access.of(read, write, pp && exe, pp && priv), f.access());
    }

    @Property(tries = 200)
    void interruptRemappingRecordRoundTrips(@ForAll @IntRange(min = 0x20, max = 0x26) int fr,
            @ForAll @IntRange(max = 0xFFFF) int index, @ForAll @IntRange(max = 0xFFFF) int sid, @ForAll boolean t1)
            throws MalformedRecordException {
        Map<String, Long> raw = new HashMap<>();
        raw.put("F", 1L);
        raw.put("FI", (long) index << 36);
        raw.put("SID", (long) sid);
        raw.put("FR", (long) fr);
        raw.put("T1", b(t1));
        ByteBuffer buf = ByteBuffer.wrap(Layout.FRCD.pack(raw));
        UnrecoverableFault f = VtdFaultRecord.decode(buf, 0);
        assertEquals(index, VtdFaultRecord.interruptIndex(buf, 0));
        assertFalse(f.hasAddress());
        assertSame(Access.UNKNOWN, f.access());
        assertEquals(sid, f.requesterId());
    }

    @Property(tries = 200)
    void anyReservedFaultRecordBitIsRejectedByName(@ForAll @IntRange(min = 0, max = 23) int which)
            throws MalformedRecordException {
        Map<String, Long> raw = new HashMap<>();
        raw.put("F", 1L);
        raw.put("FR", 6L);
        String field = which < 12 ? "rsvd_11_0" : "rsvd_91_80";
        raw.put(field, 1L << (which % 12));
        MalformedRecordException e = assertThrows(MalformedRecordException.class,
                () -> VtdFaultRecord.decode(ByteBuffer.wrap(Layout.FRCD.pack(raw)), 0));
        assertEquals(field, e.field());
    }

    @Property(tries = 400)
    void pageRequestRoundTrips(@ForAll @IntRange(max = 0xFFFF) int rid, @ForAll @IntRange(max = 0xFFFFF) int pasid,
            @ForAll @IntRange(max = 0x1FF) int prgi, @ForAll @LongRange(max = MAX52) long addr, @ForAll boolean pp,
            @ForAll boolean pdp, @ForAll boolean err, @ForAll boolean pmr, @ForAll boolean rdr, @ForAll boolean wrr,
            @ForAll boolean lpig, @ForAll long qw2, @ForAll long qw3) throws MalformedRecordException {
        Assume.that(!(lpig && !rdr && !wrr)); // a stop marker is not a request
        Map<String, Long> raw = new HashMap<>();
        raw.put("Type", 1L);
        raw.put("PP", b(pp));
        raw.put("PDP", b(pdp));
        raw.put("RID", (long) rid);
        raw.put("PASID", (long) pasid);
        raw.put("ERR", b(err));
        raw.put("PMR", b(pmr));
        raw.put("RDR", b(rdr));
        raw.put("WRR", b(wrr));
        raw.put("LPIG", b(lpig));
        raw.put("PRGI", (long) prgi);
        raw.put("ADDR", addr);
        raw.put("QW2", pdp ? qw2 : 0);
        raw.put("QW3", pdp ? qw3 : 0);
        ByteBuffer buf = ByteBuffer.wrap(Layout.PRD256.pack(raw));
        PageRequest p = VtdPageRequestDescriptor.decode(buf, 0);
        assertEquals(rid, p.requesterId());
        assertEquals(pp ? pasid : Fault.NO_PASID, p.pasid());
        assertEquals(addr << 12, p.address());
        assertSame(Access.of(rdr, wrr, pp && err, pp && pmr), p.access());
        assertEquals(prgi, p.groupIndex());
        assertEquals(lpig || pdp, p.lastInGroup());
        assertEquals(pdp, p.hasPrivateData());
        if (pdp) {
            assertEquals(qw2, p.privateData());
            assertEquals(qw3, VtdPageRequestDescriptor.privateDataHigh(buf, 0));
        }
    }

    @Property(tries = 300)
    void legacyPageRequestRoundTrips(@ForAll @IntRange(max = 0xFF) int bus, @ForAll @IntRange(max = 0xFF) int devfn,
            @ForAll @IntRange(max = 0xFFFFF) int pasid, @ForAll @IntRange(max = 0x7FFFFF) int priv,
            @ForAll @IntRange(max = 0x1FF) int prgi, @ForAll @LongRange(max = MAX52) long addr, @ForAll boolean pp,
            @ForAll boolean lpig, @ForAll boolean rd, @ForAll boolean wr, @ForAll boolean exe, @ForAll boolean pr,
            @ForAll boolean srr, @ForAll boolean bof) throws MalformedRecordException {
        Assume.that(!(lpig && !rd && !wr));
        Map<String, Long> raw = new HashMap<>();
        raw.put("SRR", b(srr));
        raw.put("BOF", b(bof));
        raw.put("PP", b(pp));
        raw.put("LPIG", b(lpig));
        raw.put("PASID", (long) pasid);
        raw.put("BUS", (long) bus);
        raw.put("PRIV_DATA", (long) priv);
        raw.put("PRGI", (long) prgi);
        raw.put("RD", b(rd));
        raw.put("WR", b(wr));
        raw.put("EXE", b(exe));
        raw.put("PRIV", b(pr));
        raw.put("DEVFN", (long) devfn);
        raw.put("ADDR", addr);
        PageRequest p = VtdLegacyPageRequestDescriptor.decode(ByteBuffer.wrap(Layout.PRD128.pack(raw)), 0);
        assertEquals(bus << 8 | devfn, p.requesterId());
        assertEquals(pp ? pasid : Fault.NO_PASID, p.pasid());
        assertEquals(addr << 12, p.address());
        assertSame(Access.of(rd, wr, pp && exe, pp && pr), p.access());
        assertEquals(prgi, p.groupIndex());
        assertEquals(lpig, p.lastInGroup());
        assertEquals(priv, p.privateData());
    }

    @Provide
    Arbitrary<Integer> responseCodes() {
        return Arbitraries.of(List.of(0x0, 0x1, 0xF));
    }

    @Property(tries = 300)
    void pageGroupResponseRoundTrips(@ForAll("responseCodes") int rc, @ForAll @IntRange(max = 0xFFFF) int rid,
            @ForAll @IntRange(max = 0xFFFFF) int pasid, @ForAll @IntRange(max = 0x1FF) int prgi, @ForAll boolean pp,
            @ForAll boolean pdp, @ForAll boolean lpig, @ForAll long qw2, @ForAll long qw3)
            throws MalformedRecordException {
        ByteBuffer out = ByteBuffer.allocate(32);
        VtdPageGroupResponse.encode(out, 0, rc, rid, pp, pasid, pdp, lpig, prgi, pdp ? qw2 : 0, pdp ? qw3 : 0);
        Map<String, Long> got = Layout.PGRP256.unpack(out.array());
        assertEquals(9L, got.get("Type"));
        assertEquals(b(pp), got.get("PP"));
        assertEquals(b(pdp), got.get("PDP"));
        assertEquals((long) rc, got.get("RC"));
        assertEquals((long) rid, got.get("RID"));
        assertEquals(pp ? pasid : 0L, got.get("PASID"));
        assertEquals(b(lpig), got.get("LPIG"));
        assertEquals((long) prgi, got.get("PRGI"));
        assertEquals(pdp ? qw2 : 0, got.get("QW2"));
        assertEquals(pdp ? qw3 : 0, got.get("QW3"));
        // Nothing else is set: packing what was unpacked gives the same bytes.
        assertEquals(Layout.PGRP256.hex(got), HexFormat.of().formatHex(out.array()));
    }

    @Property(tries = 300)
    void legacyPageGroupResponseRoundTrips(@ForAll("responseCodes") int rc, @ForAll @IntRange(max = 0xFFFF) int rid,
            @ForAll @IntRange(max = 0xFFFFF) int pasid, @ForAll @IntRange(max = 0x7FFFFF) int priv,
            @ForAll @IntRange(max = 0x1FF) int prgi, @ForAll boolean pp) throws MalformedRecordException {
        ByteBuffer out = ByteBuffer.allocate(16);
        VtdLegacyPageGroupResponse.encode(out, 0, rc, rid, pp, pasid, priv, prgi);
        Map<String, Long> got = Layout.PGRP128.unpack(out.array());
        assertEquals(Map.of("Type", 9L, "PP", b(pp), "RID", (long) rid, "PASID", pp ? pasid : 0L, "RC", (long) rc,
                "PRIV_DATA", (long) priv, "PRGI", (long) prgi), got);
        assertEquals(Layout.PGRP128.hex(got), HexFormat.of().formatHex(out.array()));
    }

    @Property(tries = 300)
    void faultStatusRoundTrips(@ForAll @IntRange(max = 0xFFFF) int value) throws MalformedRecordException {
        VtdFaultStatus s = VtdFaultStatus.decode(value, 0x34);
        Map<String, Long> raw = Layout.FSTS.unpack(ByteBuffer.allocate(4)
                .order(ByteOrder.LITTLE_ENDIAN).putInt(0, value).array());
        assertEquals(raw.get("PFO") == 1, s.pfo());
        assertEquals(raw.get("PPF") == 1, s.ppf());
        assertEquals(raw.get("AFO") == 1, s.afo());
        assertEquals(raw.get("APF") == 1, s.apf());
        assertEquals(raw.get("IQE") == 1, s.iqe());
        assertEquals(raw.get("ICE") == 1, s.ice());
        assertEquals(raw.get("ITE") == 1, s.ite());
        assertEquals(raw.get("PRO") == 1, s.pro());
        assertEquals(raw.get("FRI").intValue(), s.fri());
        assertTrue(s.toString().contains(Integer.toHexString(value)));
    }

    private static long b(boolean v) {
        return v ? 1 : 0;
    }
}
