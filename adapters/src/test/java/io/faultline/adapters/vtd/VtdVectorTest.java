package io.faultline.adapters.vtd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.VectorFile;
import io.faultline.api.Family;
import io.faultline.api.PageRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every vector of intel-vtd.json: decoded (faults, page requests, FSTS) or encoded (responses). */
class VtdVectorTest {
    private static final VectorFile FILE = VectorFile.load("intel-vtd.json");

    /** Vectors whose decoding rests on T2 at bit 92, which only Genode shows (unverified). */
    static Stream<Arguments> vectors() {
        return FILE.stream().map(v -> Arguments.of(
                v.name() + (v.hasRaw("T2") && v.rawLong("T2") != 0 ? " (unverified: T2 at bit 92)" : ""), v));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void rawFieldsPackToTheVectorBytes(String name, VectorFile.Vector v) {
        assertEquals(v.hex(), Layout.ofVector(v.name()).hex(raw(v)), v.name());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decodesOrEncodesEveryVector(String name, VectorFile.Vector v) throws Exception {
        assertEquals(Family.INTEL_VTD, Family.ofId(FILE.family()));
        Layout layout = Layout.ofVector(v.name());
        switch (layout) {
            case FRCD -> decoded(v, () -> VtdFaultRecord.decode(v.buffer(), 0));
            case PRD256 -> decoded(v, () -> VtdPageRequestDescriptor.decode(v.buffer(), 0));
            case PRD128 -> decoded(v, () -> VtdLegacyPageRequestDescriptor.decode(v.buffer(), 0));
            case PGRP256, PGRP128 -> encodedResponse(v, layout);
            case FSTS -> faultStatus(v);
            default -> fail("no check for " + layout);
        }
    }

    @Test
    void everyVectorKindIsOneThisTestChecks() {
        FILE.vectors().forEach(v -> assertTrue(
                java.util.Set.of("fault", "page-request", "response", "register").contains(v.kind()), v.name()));
        assertTrue(FILE.vectors().size() >= 43, "vectors: " + FILE.vectors().size());
    }

    interface Decode {
        io.faultline.api.Fault run() throws MalformedRecordException;
    }

    private static void decoded(VectorFile.Vector v, Decode decode) throws MalformedRecordException {
        if (v.isError()) {
            MalformedRecordException e = assertThrows(MalformedRecordException.class, decode::run, v.name());
            assertEquals(Family.INTEL_VTD, e.family(), v.name());
            assertTrue(e.offset() >= 0 && e.offset() < v.bytes().length, v.name() + ": offset " + e.offset());
            assertFalse(e.field().isEmpty(), v.name());
            return;
        }
        // Also at an offset inside a bigger big-endian buffer with a moved position: pure function of bytes.
        byte[] bytes = v.bytes();
        ByteBuffer shifted = ByteBuffer.allocate(bytes.length + 40).order(ByteOrder.BIG_ENDIAN);
        shifted.position(24);
        shifted.put(bytes);
        shifted.position(3);
        io.faultline.api.Fault f = decode.run();
        v.assertFault(f);
        io.faultline.api.Fault again = v.name().startsWith("prd256") ? VtdPageRequestDescriptor.decode(shifted, 24)
                : v.name().startsWith("prd128") ? VtdLegacyPageRequestDescriptor.decode(shifted, 24)
                : VtdFaultRecord.decode(shifted, 24);
        assertEquals(f, again, v.name() + " at offset 24 of a big-endian buffer");
        assertEquals(3, shifted.position(), "position untouched");
        if (f instanceof PageRequest p && v.expected().path("pageRequest").path("privateData").isNull()) {
            assertFalse(p.hasPrivateData());
        }
    }

    private static void encodedResponse(VectorFile.Vector v, Layout layout) {
        ByteBuffer out = ByteBuffer.allocate(layout.bytes);
        Executable encode = layout == Layout.PGRP256
                ? () -> {
                    assertEquals(VtdPageGroupResponse.TYPE, v.rawInt("Type"), "7-bit type");
                    VtdPageGroupResponse.encode(out, 0, v.rawInt("RC"), v.rawInt("RID"), v.rawLong("PP") != 0,
                            v.rawInt("PASID"), v.rawLong("PDP") != 0, v.rawLong("LPIG") != 0, v.rawInt("PRGI"),
                            v.rawLong("QW2"), v.rawLong("QW3"));
                }
                : () -> VtdLegacyPageGroupResponse.encode(out, 0, v.rawInt("RC"), v.rawInt("RID"),
                        v.rawLong("PP") != 0, v.rawInt("PASID"), v.rawInt("PRIV_DATA"), v.rawInt("PRGI"));
        assertNull(v.expected(), "a response vector has no expected fault");
        if (v.isError()) {
            MalformedRecordException e = assertThrows(MalformedRecordException.class, encode::execute, v.name());
            assertEquals("RC", e.field(), v.name());
            assertEquals(0, VectorFile.hex(out, 0, layout.bytes).replace("0", "").length(), "nothing written");
            return;
        }
        try {
            encode.execute();
        } catch (Throwable t) {
            throw new AssertionError(v.name(), t);
        }
        assertEquals(v.hex(), VectorFile.hex(out, 0, layout.bytes), v.name());
    }

    private static void faultStatus(VectorFile.Vector v) throws MalformedRecordException {
        int value = v.buffer().getInt(0);
        if (v.isError()) {
            MalformedRecordException e = assertThrows(MalformedRecordException.class,
                    () -> VtdFaultStatus.decode(value, 0x34));
            assertEquals("rsvd_31_16", e.field());
            assertEquals(0x34 + 2, e.offset());
            return;
        }
        VtdFaultStatus s = VtdFaultStatus.decode(value, 0x34);
        assertEquals(v.rawLong("PFO") != 0, s.pfo(), "PFO");
        assertEquals(v.rawLong("PPF") != 0, s.ppf(), "PPF");
        assertEquals(v.rawLong("AFO") != 0, s.afo(), "AFO");
        assertEquals(v.rawLong("APF") != 0, s.apf(), "APF");
        assertEquals(v.rawLong("IQE") != 0, s.iqe(), "IQE");
        assertEquals(v.rawLong("ICE") != 0, s.ice(), "ICE");
        assertEquals(v.rawLong("ITE") != 0, s.ite(), "ITE");
        assertEquals(v.rawLong("PRO") != 0, s.pro(), "PRO");
        assertEquals(v.rawInt("FRI"), s.fri(), "FRI");
    }

    static Map<String, Long> raw(VectorFile.Vector v) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Iterator<String> it = v.raw().fieldNames(); it.hasNext(); ) {
            String k = it.next();
            JsonNode n = v.raw().get(k);
            m.put(k, v.rawLong(k));
            assertTrue(n.isIntegralNumber(), v.name() + ".raw." + k);
        }
        return m;
    }
}
