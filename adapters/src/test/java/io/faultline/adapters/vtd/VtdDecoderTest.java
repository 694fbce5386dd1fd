package io.faultline.adapters.vtd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Access;
import io.faultline.api.Family;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Field-level checks the vectors do not pin down: which field and byte offset each error names. */
class VtdDecoderTest {

    static Map<String, Long> frcd(long fr) {
        Map<String, Long> m = new HashMap<>();
        m.put("F", 1L);
        m.put("FR", fr);
        m.put("SID", 0x1234L);
        m.put("FI", 0xABCDEL);
        return m;
    }

    static ByteBuffer buf(Layout l, Map<String, Long> raw) {
        return ByteBuffer.wrap(l.pack(raw));
    }

    static MalformedRecordException frcdError(Map<String, Long> raw) {
        MalformedRecordException e = assertThrows(MalformedRecordException.class,
                () -> VtdFaultRecord.decode(buf(Layout.FRCD, raw), 0));
        assertEquals(Family.INTEL_VTD, e.family());
        return e;
    }

    @Test
    void frcdErrorsNameTheFieldAndItsByte() {
        Map<String, Long> r = frcd(6);
        r.put("F", 0L);
        assertEquals("F", frcdError(r).field());
        assertEquals(15, frcdError(r).offset());
        r = frcd(6);
        r.put("rsvd_91_80", 0x800L);
        assertEquals("rsvd_91_80", frcdError(r).field());
        assertEquals(10, frcdError(r).offset());
        r = frcd(6);
        r.put("rsvd_11_0", 1L);
        assertEquals("rsvd_11_0", frcdError(r).field());
        r = frcd(6);
        r.put("AT", 3L);
        assertEquals("AT", frcdError(r).field());
        r = frcd(0x27);
        assertEquals("FR", frcdError(r).field());
        assertEquals(12, frcdError(r).offset());
        r = frcd(0x22); // interrupt remapping with address-like FI bits 47:12
        assertEquals("FI", frcdError(r).field());
    }

    @Test
    void truncatedRecordsAreRejectedAtTheLimitNotTheCapacity() {
        ByteBuffer b = buf(Layout.FRCD, frcd(6));
        b.limit(15);
        MalformedRecordException e = assertThrows(MalformedRecordException.class, () -> VtdFaultRecord.decode(b, 0));
        assertTrue(e.detail().contains("truncated"), e.getMessage());
        assertThrows(MalformedRecordException.class, () -> VtdFaultRecord.decode(buf(Layout.FRCD, frcd(6)), -1));
        assertThrows(MalformedRecordException.class, () -> VtdFaultRecord.decode(buf(Layout.FRCD, frcd(6)), 1));
        assertThrows(MalformedRecordException.class,
                () -> VtdFaultRecord.decode(buf(Layout.FRCD, frcd(6)), Integer.MAX_VALUE));
        assertThrows(MalformedRecordException.class,
                () -> VtdPageRequestDescriptor.decode(ByteBuffer.allocate(31), 0));
        assertThrows(MalformedRecordException.class,
                () -> VtdLegacyPageRequestDescriptor.decode(ByteBuffer.allocate(15), 0));
        assertFalse(VtdFaultRecord.isFault(b, 0));
    }

    @Test
    void typeBitT2AtBit92IsATypeBitNotReserved_unverified() throws Exception {
        Map<String, Long> r = frcd(0x85);
        r.put("T2", 1L); // T2:T1 = 10: the page request itself faulted, no data access
        UnrecoverableFault f = VtdFaultRecord.decode(buf(Layout.FRCD, r), 0);
        assertSame(Access.UNKNOWN, f.access());
        r.put("T1", 1L); // 11: AtomicOp
        assertSame(Access.of(true, true, false, false), VtdFaultRecord.decode(buf(Layout.FRCD, r), 0).access());
    }

    @Test
    void pasidPrefixBitsCountOnlyWithPasidPresent() throws Exception {
        Map<String, Long> r = frcd(0x82);
        r.put("EXE", 1L);
        r.put("PRIV", 1L);
        r.put("PV", 0xFFFFFL);
        UnrecoverableFault none = VtdFaultRecord.decode(buf(Layout.FRCD, r), 0);
        assertFalse(none.hasPasid());
        assertSame(Access.WRITE, none.access());
        r.put("PP", 1L);
        UnrecoverableFault with = VtdFaultRecord.decode(buf(Layout.FRCD, r), 0);
        assertEquals(0xFFFFF, with.pasid(), "PV is 20 bits, not QEMU's 16 or Genode's 10");
        assertSame(Access.of(false, true, true, true), with.access());
    }

    @Test
    void interruptRemappingFaultsHaveAnIndexNoAddressAndNoStage() throws Exception {
        Map<String, Long> r = frcd(0x21);
        r.put("FI", 0xBEEFL << 36); // FI bits 63:48
        r.put("T1", 1L);
        ByteBuffer b = buf(Layout.FRCD, r);
        UnrecoverableFault f = VtdFaultRecord.decode(b, 0);
        assertFalse(f.hasAddress());
        assertSame(Stage.NONE, f.stage());
        assertSame(Access.UNKNOWN, f.access());
        assertEquals(0xBEEF, VtdFaultRecord.interruptIndex(b, 0));
        assertEquals(0x21, VtdFaultRecord.reasonCode(b, 0));
    }

    @Test
    void interruptRemappingFaultsCarryNoPasidEvenWithPasidPresentSet() throws Exception {
        for (int code = 0x20; code <= 0x26; code++) {
            Map<String, Long> r = frcd(code);
            r.put("FI", 0x1234L << 36); // interrupt index in FI bits 63:48
            r.put("PP", 1L);
            r.put("PV", 0x12345L);
            r.put("EXE", 1L);
            r.put("PRIV", 1L);
            UnrecoverableFault f = VtdFaultRecord.decode(buf(Layout.FRCD, r), 0);
            assertFalse(f.hasPasid(), "reason 0x" + Integer.toHexString(code) + ": PV is meaningless, pasid " + f.pasid());
            assertSame(Access.UNKNOWN, f.access());
            assertFalse(f.hasAddress());
            assertEquals(0x1234, f.requesterId());
        }
        // The same bits on a DMA reason still give the PASID: the rule is per reason, not a lost field.
        Map<String, Long> dma = frcd(0x06);
        dma.put("PP", 1L);
        dma.put("PV", 0x12345L);
        assertEquals(0x12345, VtdFaultRecord.decode(buf(Layout.FRCD, dma), 0).pasid());
    }

    @Test
    void reason0x91HasNoNameOfItsOwnButLinuxsUnknown() throws Exception {
        // intel-vtd.md section 6: reasonName null for 0x91 (QEMU-only); Linux's table stops at 0x90.
        assertEquals("Unknown", VtdReasons.reason(0x91).name());
        assertEquals(0x91, VtdReasons.reason(0x91).code());
        assertSame(Stage.PTE, VtdReasons.stage(0x91));
        UnrecoverableFault f = VtdFaultRecord.decode(buf(Layout.FRCD, frcd(0x91)), 0);
        assertSame(VtdReasons.reason(0x91), f.reason());
        assertSame(Stage.PTE, f.stage());
        // Every other defined code keeps a real Linux string.
        for (int code = 0; code < 0x91; code++) {
            if (VtdReasons.isDefined(code)) {
                assertFalse(VtdReasons.reason(code).name().equals("Unknown"), "0x" + Integer.toHexString(code));
            }
        }
    }

    @Test
    void theReasonTableHasEveryReferenceCodeOnceWithOneInstancePerCode() throws Exception {
        int defined = 0;
        for (int code = 0; code < 256; code++) {
            if (!VtdReasons.isDefined(code)) {
                assertNull(VtdReasons.stage(code));
                continue;
            }
            defined++;
            assertEquals(code, VtdReasons.reason(code).code());
            assertNotNull(VtdReasons.reason(code).name());
            if (VtdReasons.isInterruptRemapping(code)) {
                continue;
            }
            Map<String, Long> r = frcd(code);
            UnrecoverableFault a = VtdFaultRecord.decode(buf(Layout.FRCD, r), 0);
            UnrecoverableFault b = VtdFaultRecord.decode(buf(Layout.FRCD, r), 0);
            assertSame(a.reason(), b.reason(), "one Reason per code");
            assertSame(VtdReasons.stage(code), a.stage());
        }
        // 14 legacy + 7 interrupt remapping + 47 scalable (0x30-0x91 as listed) = 68.
        assertEquals(68, defined);
        assertSame(Stage.NONE, VtdReasons.stage(0x00));
        assertSame(Stage.PGD, VtdReasons.stage(0x73));
        assertSame(Stage.PTE, VtdReasons.stage(0x87));
        assertNull(VtdReasons.reason(0x8F));
        assertNull(VtdReasons.reason(-1));
        assertNull(VtdReasons.reason(256));
    }

    @Test
    void faultStatusBit7ProIsDecodedNotRejected_unverified() throws Exception {
        VtdFaultStatus s = VtdFaultStatus.decode(0x0683, 0x34);
        assertTrue(s.pro());
        assertTrue(s.pfo());
        assertTrue(s.ppf());
        assertEquals(6, s.fri());
    }

    static Map<String, Long> prd(long rdr, long wrr, long lpig) {
        Map<String, Long> m = new HashMap<>();
        m.put("Type", 1L);
        m.put("RID", 0x0310L);
        m.put("RDR", rdr);
        m.put("WRR", wrr);
        m.put("LPIG", lpig);
        m.put("PRGI", 0x1FFL);
        m.put("ADDR", 0xFFFFFFFFFFFFFL);
        return m;
    }

    static MalformedRecordException prdError(Map<String, Long> raw) {
        return assertThrows(MalformedRecordException.class,
                () -> VtdPageRequestDescriptor.decode(buf(Layout.PRD256, raw), 0));
    }

    @Test
    void pageRequestErrorsNameTheField() {
        Map<String, Long> r = prd(1, 0, 1);
        r.put("Type", 2L);
        assertEquals("Type", prdError(r).field());
        r = prd(1, 0, 1);
        r.put("rsvd_15_10", 1L);
        assertEquals(1, prdError(r).offset());
        r = prd(1, 0, 1);
        r.put("QW3", 1L); // private data without PDP
        assertEquals("QW2", prdError(r).field());
        assertEquals("LPIG", prdError(prd(0, 0, 1)).field());
        assertTrue(VtdPageRequestDescriptor.isStopMarker(buf(Layout.PRD256, prd(0, 0, 1)), 0));
        assertFalse(VtdPageRequestDescriptor.isStopMarker(buf(Layout.PRD256, prd(0, 0, 0)), 0));
        r = prd(0, 0, 1);
        r.put("Type", 3L);
        assertFalse(VtdPageRequestDescriptor.isStopMarker(buf(Layout.PRD256, r), 0), "wrong type: malformed");
        assertEquals("Type", prdError(r).field());
        r = prd(0, 0, 1);
        r.put("rsvd_63_54", 1L);
        assertFalse(VtdPageRequestDescriptor.isStopMarker(buf(Layout.PRD256, r), 0), "reserved bits: malformed");
    }

    @Test
    void privateDataOfVtd3IsKeptAndItsRequestOwesAResponse() throws Exception {
        Map<String, Long> r = prd(1, 0, 0);
        r.put("PDP", 1L);
        r.put("QW2", 0x0123456789ABCDEFL);
        r.put("QW3", 0xFEDCBA9876543210L);
        ByteBuffer b = buf(Layout.PRD256, r);
        PageRequest p = VtdPageRequestDescriptor.decode(b, 0);
        assertTrue(p.hasPrivateData());
        assertEquals(0x0123456789ABCDEFL, p.privateData());
        assertEquals(0xFEDCBA9876543210L, VtdPageRequestDescriptor.privateDataHigh(b, 0));
        assertEquals(0x0123456789ABCDEFL, VtdPageRequestDescriptor.privateDataLow(b, 0));
        assertTrue(p.lastInGroup(), "PDP=1 owes a response even with LPIG=0");
        assertFalse(VtdPageRequestDescriptor.lpig(b, 0));
        assertEquals(0xFFFFFFFFFFFFF000L, p.address());
        assertEquals(0x1FF, p.groupIndex());
    }

    @Test
    void legacyPageRequestHasRequesterFromBusAndDevfnAndAlwaysPrivateData() throws Exception {
        Map<String, Long> r = new HashMap<>();
        r.put("BUS", 0xABL);
        r.put("DEVFN", 0xCDL);
        r.put("WR", 1L);
        r.put("EXE", 1L);
        r.put("SRR", 1L);
        ByteBuffer b = buf(Layout.PRD128, r);
        PageRequest p = VtdLegacyPageRequestDescriptor.decode(b, 0);
        assertEquals(0xABCD, p.requesterId());
        assertSame(Access.WRITE, p.access(), "EXE without PP is ignored");
        assertTrue(p.hasPrivateData());
        assertEquals(0, p.privateData());
        assertTrue(VtdLegacyPageRequestDescriptor.streamResponseRequested(b, 0));
        r.put("LPIG", 1L);
        r.put("WR", 0L);
        assertThrows(MalformedRecordException.class, () -> VtdLegacyPageRequestDescriptor.decode(buf(Layout.PRD128, r), 0));
    }

    @Test
    void responseCodesAreThePcieOnes() {
        assertEquals(0x0, VtdPageGroupResponse.responseCode(PageResponse.SUCCESS));
        assertEquals(0x1, VtdPageGroupResponse.responseCode(PageResponse.INVALID));
        assertEquals(0xF, VtdPageGroupResponse.responseCode(PageResponse.FAILURE));
    }

    @Test
    void responseEncodersRejectFieldsThatDoNotFitAndWriteNothing() {
        ByteBuffer out = ByteBuffer.allocate(32);
        assertEquals("PRGI", assertThrows(MalformedRecordException.class,
                () -> VtdPageGroupResponse.encode(out, 0, 0, 1, false, 0, false, true, 0x200, 0, 0)).field());
        assertEquals("PASID", assertThrows(MalformedRecordException.class,
                () -> VtdPageGroupResponse.encode(out, 0, 0, 1, true, 0x100000, false, true, 0, 0, 0)).field());
        assertEquals("QW2", assertThrows(MalformedRecordException.class,
                () -> VtdPageGroupResponse.encode(out, 0, 0, 1, false, 0, false, true, 0, 5, 0)).field());
        assertEquals("RC", assertThrows(MalformedRecordException.class,
                () -> VtdLegacyPageGroupResponse.encode(out, 0, 3, 1, false, 0, 0, 0)).field());
        assertEquals("PRIV_DATA", assertThrows(MalformedRecordException.class,
                () -> VtdLegacyPageGroupResponse.encode(out, 0, 0, 1, false, 0, 0x800000, 0)).field());
        assertThrows(MalformedRecordException.class,
                () -> VtdPageGroupResponse.encode(ByteBuffer.allocate(31), 0, 0, 1, false, 0, false, true, 0, 0, 0));
        for (int i = 0; i < 32; i++) {
            assertEquals(0, out.get(i));
        }
    }
}
