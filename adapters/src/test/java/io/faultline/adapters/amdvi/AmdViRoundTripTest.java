package io.faultline.adapters.amdvi;

import io.faultline.adapters.LittleEndian;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Access;
import io.faultline.api.Family;
import io.faultline.api.Fault;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.UnrecoverableFault;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Encode -> decode round trips over the whole field space (jqwik). */
class AmdViRoundTripTest {

    @Property
    void pprEntriesRoundTrip(@ForAll @IntRange(max = 0xffff) int deviceId, @ForAll @IntRange(max = 0xfffff) int pasid,
                             @ForAll boolean gn, @ForAll @IntRange(max = 0x1ff) int tag, @ForAll boolean last,
                             @ForAll boolean rd, @ForAll boolean wr, @ForAll boolean nx, @ForAll boolean us,
                             @ForAll long address) throws MalformedRecordException {
        int flags = (gn ? PprFlags.GN : 0) | (rd ? PprFlags.RD : 0) | (wr ? PprFlags.WR : 0)
                | (nx ? PprFlags.NX : 0) | (us ? PprFlags.US : 0);
        PageRequest r = AmdViPprDecoder.decode(Entries.ppr(deviceId, gn ? pasid : 0, tag, last, flags, address), 0);
        assertEquals(deviceId, r.requesterId());
        assertEquals(gn ? pasid : Fault.NO_PASID, r.pasid());
        assertEquals(tag, r.groupIndex());
        assertEquals(last, r.lastInGroup());
        assertEquals(address & ~0xfffL, r.address());
        assertSame(Access.of(rd, wr, gn && nx, gn && !us), r.access());
    }

    @Property
    void completePprCommandsRoundTrip(@ForAll @IntRange(max = 0xffff) int deviceId,
                                      @ForAll @IntRange(min = -1, max = 0xfffff) int pasid,
                                      @ForAll @IntRange(max = 0x1ff) int tag, @ForAll PageResponse response,
                                      @ForAll boolean bigEndian) throws MalformedRecordException {
        PageRequest.Builder b = PageRequest.builder(Family.AMD_VI).requesterId(deviceId).groupIndex(tag).lastInGroup(true);
        if (pasid >= 0) {
            b.pasid(pasid);
        }
        ByteBuffer out = ByteBuffer.allocate(16).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        AmdViCompletePpr.encode(out, 0, b.build(), response);
        assertEquals(new AmdViCompletePpr.Command(deviceId, pasid, tag, AmdViCompletePpr.status(response)),
                AmdViCompletePpr.decode(out, 0));
    }

    @Provide
    Arbitrary<AmdViEvent> events() {
        return Arbitraries.of(AmdViEvent.class);
    }

    @Property
    void eventEntriesRoundTrip(@ForAll("events") AmdViEvent event, @ForAll @IntRange(max = 0xffff) int deviceId,
                               @ForAll @IntRange(max = 0xfffff) int pasid, @ForAll @IntRange(max = 0xfff) int anyFlags,
                               @ForAll long address) throws MalformedRecordException {
        // IO_PAGE_FAULT keeps flags[11:9] zero; the other events may carry a Type there.
        int flags = event == AmdViEvent.IO_PAGE_FAULT ? anyFlags & 0x1ff : anyFlags;
        ByteBuffer entry = event == AmdViEvent.INVALID_PPR_REQUEST
                ? Entries.entry(deviceId | (pasid & 0xffff) << 16, 0x9 << 28 | flags << 16 | (pasid >>> 16) << 10, address)
                : Entries.event(event.code(), deviceId, pasid >>> 16, flags, pasid & 0xffff, address);
        UnrecoverableFault f = AmdViEventDecoder.decode(entry, 0);
        assertSame(event.reason(), f.reason());
        assertEquals(event.stage(), f.stage());
        assertEquals(event.hasDeviceId(), f.hasRequesterId());
        if (event.hasDeviceId()) {
            assertEquals(deviceId, f.requesterId());
        }
        boolean gn = switch (event) {
            case ILLEGAL_DEV_TABLE_ENTRY, IO_PAGE_FAULT, PAGE_TAB_HARDWARE_ERROR, INVALID_DEVICE_REQUEST ->
                    (flags & 0x001) != 0;
            case INVALID_PPR_REQUEST -> (flags & 0x100) != 0;
            default -> false;
        };
        assertEquals(gn ? pasid : Fault.NO_PASID, f.pasid());
        assertEquals(event == AmdViEvent.RMP_HW_ERROR ? address & ~7L : address, f.address());
        boolean flagsGiveAccess = event == AmdViEvent.ILLEGAL_DEV_TABLE_ENTRY || event == AmdViEvent.IO_PAGE_FAULT
                || event == AmdViEvent.PAGE_TAB_HARDWARE_ERROR;
        boolean rwValid = (flags & 0x010) != 0 && (flags & 0x108) == 0;   // PR, and neither TR nor I
        if (!flagsGiveAccess || !rwValid) {
            assertSame(Access.UNKNOWN, f.access());
        } else {
            boolean write = (flags & 0x020) != 0;
            boolean gnEvent = (flags & 0x001) != 0;
            assertSame(Access.of(!write, write, gnEvent && (flags & 0x002) != 0, gnEvent && (flags & 0x004) == 0),
                    f.access());
        }
    }

    @Property
    void anySixteenBytesDecodeOrFailWithTheTypedErrorOnly(@ForAll @Size(16) byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int code = (bytes[7] & 0xff) >>> 4;
        try {
            UnrecoverableFault f = AmdViEventDecoder.decode(b, 0);
            assertEquals(code, f.reason().code());
            assertEquals(Family.AMD_VI, f.family());
        } catch (MalformedRecordException e) {
            assertEquals(Family.AMD_VI, e.family());
            assertFalse(AmdViEvent.ofCode(code) != null && code != 0x2, "only IO_PAGE_FAULT has a strict layout: " + e);
        }
        try {
            PageRequest r = AmdViPprDecoder.decode(b, 0);
            assertEquals(1, code);
            assertEquals(0, r.address() & 0xfff);
        } catch (MalformedRecordException e) {
            assertEquals(Family.AMD_VI, e.family());
        }
        if (code != AmdViCompletePpr.OPCODE) {
            assertEquals("Opcode", assertThrows(MalformedRecordException.class, () -> AmdViCompletePpr.decode(b, 0)).field());
            return;
        }
        try {
            AmdViCompletePpr.Command c = AmdViCompletePpr.decode(b, 0);
            assertEquals(LittleEndian.getInt(b, 0), c.deviceId(), "an accepted command has DW0[31:16] clear");
        } catch (MalformedRecordException e) {
            assertEquals(Family.AMD_VI, e.family());
        }
    }
}
