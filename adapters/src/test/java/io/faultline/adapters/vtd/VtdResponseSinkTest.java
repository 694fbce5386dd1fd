package io.faultline.adapters.vtd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.faultline.adapters.VectorFile;
import io.faultline.api.Family;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VtdResponseSinkTest {
    private static final VectorFile FILE = VectorFile.load("intel-vtd.json");

    static PageRequest request(String vector) throws Exception {
        return VtdPageRequestDescriptor.decode(FILE.get(vector).buffer(), 0);
    }

    @ParameterizedTest(name = "{0} answered {1} -> {2}")
    @CsvSource({
        "prd256-pasid-read-lpig, SUCCESS, pgrp256-success-pasid",
        "prd256-pasid-read-lpig, INVALID, pgrp256-invalid-pasid",
        "prd256-no-pasid, FAILURE, pgrp256-failure-nopasid",
    })
    void decodedRequestAnsweredGivesTheVectorBytesExactly(String req, PageResponse response, String want)
            throws Exception {
        PrqUnit u = new PrqUnit();
        u.reg(VtdRegisters.IQH, 5 * 32);
        u.reg(VtdRegisters.IQT, 5 * 32);
        VtdResponseSink sink = new VtdResponseSink(u.regs, u.iq, VtdResponseFormat.VTD4);
        sink.send(request(req), response);
        assertEquals(FILE.get(want).hex(), u.iqHex(5, 32));
        assertEquals(6 * 32, u.reg(VtdRegisters.IQT));
        assertEquals(1, sink.sent());
    }

    @Test
    void tailWrapsAtTheQueueEndAndAFullQueueThrowsAndWritesNothing() throws Exception {
        PrqUnit u = new PrqUnit();
        u.reg(VtdRegisters.IQH, 0);
        u.reg(VtdRegisters.IQT, 126 * 32);
        VtdResponseSink sink = new VtdResponseSink(u.regs, u.iq, VtdResponseFormat.VTD4);
        PageRequest p = request("prd256-pasid-read-lpig");
        sink.send(p, PageResponse.SUCCESS);
        assertEquals(127 * 32, u.reg(VtdRegisters.IQT));
        // Advancing to 0 would make IQT == IQH: full (one slot always stays free).
        assertThrows(IllegalStateException.class, () -> sink.send(p, PageResponse.SUCCESS));
        assertEquals(127 * 32, u.reg(VtdRegisters.IQT));
        assertEquals("0".repeat(64), u.iqHex(127, 32));
        u.reg(VtdRegisters.IQH, 32); // hardware consumed one
        sink.send(p, PageResponse.SUCCESS);
        assertEquals(0, u.reg(VtdRegisters.IQT), "wrapped");
        assertEquals(2, sink.sent());
    }

    @Test
    void tailOrHeadOutsideTheQueueOrMisalignedThrows() throws Exception {
        PrqUnit u = new PrqUnit();
        VtdResponseSink sink = new VtdResponseSink(u.regs, u.iq, VtdResponseFormat.VTD4);
        PageRequest p = request("prd256-pasid-read-lpig");
        u.reg(VtdRegisters.IQT, 16);
        assertThrows(IllegalStateException.class, () -> sink.send(p, PageResponse.SUCCESS));
        u.reg(VtdRegisters.IQT, 4096);
        assertThrows(IllegalStateException.class, () -> sink.send(p, PageResponse.SUCCESS));
        u.reg(VtdRegisters.IQT, 0);
        u.reg(VtdRegisters.IQH, -1);
        assertThrows(IllegalStateException.class, () -> sink.send(p, PageResponse.SUCCESS));
        assertEquals(0, sink.sent());
    }

    @Test
    void descriptorWidthMustMatchIqaDw() {
        PrqUnit narrow = new PrqUnit(ByteBuffer.allocate(0x1000), ByteBuffer.allocate(4096), ByteBuffer.allocate(4096),
                false);
        assertThrows(IllegalArgumentException.class,
                () -> new VtdResponseSink(narrow.regs, narrow.iq, VtdResponseFormat.VTD4));
        PrqUnit wide = new PrqUnit();
        assertThrows(IllegalArgumentException.class,
                () -> new VtdResponseSink(wide.regs, wide.iq, VtdResponseFormat.VTD2));
        assertThrows(IllegalArgumentException.class,
                () -> new VtdResponseSink(wide.regs, ByteBuffer.allocate(2048), VtdResponseFormat.VTD4));
    }

    @Test
    void requestsFromOtherFamiliesOrWithoutRequesterAreRefused() {
        PrqUnit u = new PrqUnit();
        VtdResponseSink sink = new VtdResponseSink(u.regs, u.iq, VtdResponseFormat.VTD4);
        PageRequest smmu = PageRequest.builder(Family.ARM_SMMU_V3).requesterId(1).lastInGroup(true).build();
        assertThrows(IllegalArgumentException.class, () -> sink.send(smmu, PageResponse.SUCCESS));
        PageRequest anonymous = PageRequest.builder(Family.INTEL_VTD).lastInGroup(true).build();
        assertThrows(IllegalArgumentException.class, () -> sink.send(anonymous, PageResponse.SUCCESS));
        assertEquals(0, sink.sent());
    }

    @Test
    void vtd2WritesThe128BitFormWithRcInQw1AndPrivateDataEchoed() throws Exception {
        PrqUnit u = new PrqUnit(ByteBuffer.allocate(0x1000), ByteBuffer.allocate(4096), ByteBuffer.allocate(4096),
                false);
        VtdResponseSink sink = new VtdResponseSink(u.regs, u.iq, VtdResponseFormat.VTD2);
        PageRequest p = VtdLegacyPageRequestDescriptor.decode(FILE.get("prd128-legacy-read-lpig").buffer(), 0);
        sink.send(p, PageResponse.FAILURE);
        byte[] b = new byte[16];
        u.iq.get(0, b);
        Map<String, Long> got = Layout.PGRP128.unpack(b);
        assertEquals(Map.of("Type", 9L, "PP", 1L, "RID", 15105L, "PASID", 16L, "RC", 15L, "PRIV_DATA", 0x7abcdeL,
                "PRGI", 256L), got);
        assertEquals(16, u.reg(VtdRegisters.IQT));
    }

    @Test
    void vtd3WithoutRememberedDataEchoesLpigAndTheLow64PrivateBits() throws Exception {
        PrqUnit u = new PrqUnit();
        VtdResponseSink sink = new VtdResponseSink(u.regs, u.iq, VtdResponseFormat.VTD3);
        PageRequest p = PageRequest.builder(Family.INTEL_VTD).requesterId(0x1234).pasid(9).groupIndex(85)
                .lastInGroup(true).privateData(0x0123456789abcdefL).build();
        sink.send(p, PageResponse.INVALID);
        byte[] b = new byte[32];
        u.iq.get(0, b);
        Map<String, Long> got = Layout.PGRP256.unpack(b);
        assertEquals(1L, got.get("LPIG"));
        assertEquals(1L, got.get("PDP"));
        assertEquals(1L, got.get("RC"));
        assertEquals(0x0123456789abcdefL, got.get("QW2"));
        assertEquals(0L, got.get("QW3"));
    }
}
