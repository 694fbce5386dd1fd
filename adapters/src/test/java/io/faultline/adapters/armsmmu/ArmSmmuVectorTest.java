package io.faultline.adapters.armsmmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.faultline.adapters.DecoderChecks;
import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.VectorFile;
import io.faultline.api.Family;
import io.faultline.api.Fault;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every vector of {@code arm-smmu.json}, discovered from the file: a vector added later is tested
 * without code changes. The capture's kind is told by its raw {@code recordKind}, never by its name.
 */
class ArmSmmuVectorTest {
    private static final VectorFile FILE = VectorFile.load("arm-smmu.json");

    /** Raw flag keys of a context capture and the register bit each names (word 1 = FSR, word 2 = FSYNR0). */
    private static final Map<String, Integer> FSR_FLAGS = Map.ofEntries(
            Map.entry("fsr_TF", ArmSmmuRegisters.FSR_TF), Map.entry("fsr_AFF", ArmSmmuRegisters.FSR_AFF),
            Map.entry("fsr_PF", ArmSmmuRegisters.FSR_PF), Map.entry("fsr_EF", ArmSmmuRegisters.FSR_EF),
            Map.entry("fsr_TLBMCF", ArmSmmuRegisters.FSR_TLBMCF), Map.entry("fsr_TLBLKF", ArmSmmuRegisters.FSR_TLBLKF),
            Map.entry("fsr_ASF", ArmSmmuRegisters.FSR_ASF), Map.entry("fsr_UUT", ArmSmmuRegisters.FSR_UUT),
            Map.entry("fsr_SS", ArmSmmuRegisters.FSR_SS), Map.entry("fsr_MULTI", ArmSmmuRegisters.FSR_MULTI));
    private static final Map<String, Integer> FSYNR0_FLAGS = Map.ofEntries(
            Map.entry("fsynr0_wnr", ArmSmmuRegisters.FSYNR0_WNR), Map.entry("fsynr0_pnu", ArmSmmuRegisters.FSYNR0_PNU),
            Map.entry("fsynr0_ind", ArmSmmuRegisters.FSYNR0_IND),
            Map.entry("fsynr0_nsstate", ArmSmmuRegisters.FSYNR0_NSSTATE),
            Map.entry("fsynr0_nsattr", ArmSmmuRegisters.FSYNR0_NSATTR),
            Map.entry("fsynr0_atof", ArmSmmuRegisters.FSYNR0_ATOF), Map.entry("fsynr0_ptwf", ArmSmmuRegisters.FSYNR0_PTWF),
            Map.entry("fsynr0_afr", ArmSmmuRegisters.FSYNR0_AFR));
    private static final Map<String, Integer> GFSR_FLAGS = Map.ofEntries(
            Map.entry("gfsr_ICF", ArmSmmuRegisters.GFSR_ICF), Map.entry("gfsr_USF", ArmSmmuRegisters.GFSR_USF),
            Map.entry("gfsr_SMCF", ArmSmmuRegisters.GFSR_SMCF), Map.entry("gfsr_UCBF", ArmSmmuRegisters.GFSR_UCBF),
            Map.entry("gfsr_UCIF", ArmSmmuRegisters.GFSR_UCIF), Map.entry("gfsr_CAF", ArmSmmuRegisters.GFSR_CAF),
            Map.entry("gfsr_EF", ArmSmmuRegisters.GFSR_EF), Map.entry("gfsr_PF", ArmSmmuRegisters.GFSR_PF),
            Map.entry("gfsr_UUT", ArmSmmuRegisters.GFSR_UUT), Map.entry("gfsr_MULTI", ArmSmmuRegisters.GFSR_MULTI));
    private static final Map<String, Integer> GFSYNR0_FLAGS = Map.ofEntries(
            Map.entry("gfsynr0_nested", ArmSmmuRegisters.GFSYNR0_NESTED),
            Map.entry("gfsynr0_wnr", ArmSmmuRegisters.GFSYNR0_WNR), Map.entry("gfsynr0_pnu", ArmSmmuRegisters.GFSYNR0_PNU),
            Map.entry("gfsynr0_ind", ArmSmmuRegisters.GFSYNR0_IND),
            // NSSTATE / NSATTR of sGFSYNR0 are listed by the reference but not decoded: positions only.
            Map.entry("gfsynr0_nsstate", 1 << 4), Map.entry("gfsynr0_nsattr", 1 << 5));
    private static final Set<String> CONTEXT_VALUES = Set.of("recordKind", "fsrRaw", "fsr_FORMAT", "fsynr0_plvl",
            "fsynr0_s1cbndx", "far", "cbfrsynra", "cbfrsynra_streamId", "cbIndex");
    private static final Set<String> GLOBAL_VALUES = Set.of("recordKind", "gfsrRaw", "gfsynr0", "gfsynr1",
            "gfsynr1_streamId", "gfsynr1_ssdIndex", "gfsynr2", "gfar");

    static Stream<VectorFile.Vector> all() {
        return FILE.stream();
    }

    static Stream<VectorFile.Vector> accepted() {
        return FILE.stream().filter(v -> !v.isError());
    }

    @Test
    void theFileIsTheArmSmmuOne() {
        assertEquals(Family.ARM_SMMU.id(), FILE.family());
        assertTrue(FILE.vectors().size() >= 15, "vectors: " + FILE.vectors().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void decodesOrRejectsEveryVector(VectorFile.Vector v) throws Exception {
        assertEquals(ArmSmmuFaultDecoder.RECORD_SIZE, v.bytes().length, "capture length");
        if (v.isError()) {
            MalformedRecordException e = assertThrows(MalformedRecordException.class,
                    () -> ArmSmmuFaultDecoder.decode(v.buffer(), 0), v.error());
            assertEquals(Family.ARM_SMMU, e.family());
            assertTrue(e.offset() >= 0 && e.offset() < v.bytes().length, "offset inside the capture: " + e.offset());
            assertFalse(e.field().isEmpty());
        } else if (v.hasExpected()) {
            v.assertFault(ArmSmmuFaultDecoder.decode(v.buffer(), 0));
        } else {
            fail(v.name() + " has neither expected nor error");
        }
    }

    /** The rejected vectors name the status register, with the reference's wording as the detail. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void errorsNameTheStatusRegisterInTheReferencesWords(VectorFile.Vector v) {
        if (!v.isError()) {
            return;
        }
        MalformedRecordException e = assertThrows(MalformedRecordException.class,
                () -> ArmSmmuFaultDecoder.decode(v.buffer(), 0));
        int kind = v.rawInt("recordKind");
        String field = kind == ArmSmmuCapture.KIND_CONTEXT ? "FSR" : kind == ArmSmmuCapture.KIND_GLOBAL ? "GFSR" : "kind";
        assertEquals(field, e.field());
        assertEquals(field.equals("kind") ? 0 : 4, e.offset());
        assertEquals(v.error(), e.detail());
    }

    /** The same bytes at an odd offset of a big-endian buffer, between garbage, decode the same. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void decodingIgnoresBufferOrderAndPosition(VectorFile.Vector v) throws Exception {
        ByteBuffer big = DecoderChecks.foreign(v.bytes(), 7);
        Fault f = ArmSmmuFaultDecoder.decode(big, 7);
        v.assertFault(f);
        assertEquals(ByteOrder.BIG_ENDIAN, big.order());
        assertEquals(1, big.position());
        assertEquals(ArmSmmuFaultDecoder.decode(v.buffer(), 0), f);
    }

    /** The register tables split every vector's words into exactly the raw fields the vector lists. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void rawFieldsMatchTheRegisterTables(VectorFile.Vector v) {
        ByteBuffer b = v.buffer();
        int kind = ArmSmmuCapture.word(b, 0, 0);
        assertEquals(v.rawInt("recordKind"), kind);
        for (Iterator<String> it = v.raw().fieldNames(); it.hasNext(); ) {
            String key = it.next();
            boolean known = kind == ArmSmmuCapture.KIND_CONTEXT
                    ? CONTEXT_VALUES.contains(key) || FSR_FLAGS.containsKey(key) || FSYNR0_FLAGS.containsKey(key)
                    : GLOBAL_VALUES.contains(key) || GFSR_FLAGS.containsKey(key) || GFSYNR0_FLAGS.containsKey(key);
            if (!known) {
                fail(v.name() + ": raw." + key + " is not checked by this test");
            }
        }
        int status = ArmSmmuCapture.word(b, 0, 1);
        int syndrome0 = ArmSmmuCapture.word(b, 0, 2);
        if (kind == ArmSmmuCapture.KIND_CONTEXT) {
            assertEquals(v.rawLong("fsrRaw"), Integer.toUnsignedLong(status));
            flags(v, FSR_FLAGS, status);
            flags(v, FSYNR0_FLAGS, syndrome0);
            assertEquals(v.rawInt("fsr_FORMAT"), ArmSmmuRegisters.fsrFormat(status));
            assertEquals(v.rawInt("fsynr0_plvl"), ArmSmmuRegisters.plvl(syndrome0));
            assertEquals(v.rawInt("fsynr0_s1cbndx"), ArmSmmuRegisters.s1cbndx(syndrome0));
            assertEquals(v.rawLong("far"), b.getLong(ArmSmmuCapture.OFF_FAR));
            int cbfrsynra = ArmSmmuCapture.word(b, 0, 5);
            assertEquals(v.rawLong("cbfrsynra"), Integer.toUnsignedLong(cbfrsynra));
            assertEquals(v.rawInt("cbfrsynra_streamId"), ArmSmmuRegisters.streamId(cbfrsynra));
            assertEquals(v.rawLong("cbIndex"), Integer.toUnsignedLong(ArmSmmuCapture.word(b, 0, 6)));
        } else {
            assertEquals(ArmSmmuCapture.KIND_GLOBAL, kind);
            assertEquals(v.rawLong("gfsrRaw"), Integer.toUnsignedLong(status));
            flags(v, GFSR_FLAGS, status);
            assertEquals(v.rawLong("gfsynr0"), Integer.toUnsignedLong(syndrome0));
            flags(v, GFSYNR0_FLAGS, syndrome0);
            int gfsynr1 = ArmSmmuCapture.word(b, 0, 3);
            assertEquals(v.rawLong("gfsynr1"), Integer.toUnsignedLong(gfsynr1));
            assertEquals(v.rawInt("gfsynr1_streamId"), ArmSmmuRegisters.streamId(gfsynr1));
            assertEquals(v.rawInt("gfsynr1_ssdIndex"), gfsynr1 >>> 16);
            assertEquals(v.rawLong("gfsynr2"), Integer.toUnsignedLong(ArmSmmuCapture.word(b, 0, 4)));
            assertEquals(v.rawLong("gfar"), b.getLong(ArmSmmuCapture.OFF_GFAR));
        }
    }

    /** The capture writers reproduce every vector's bytes from its raw register values. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void theWritersReproduceTheVectorBytes(VectorFile.Vector v) {
        ByteBuffer out = ByteBuffer.allocate(ArmSmmuCapture.SIZE);
        if (v.rawInt("recordKind") == ArmSmmuCapture.KIND_CONTEXT) {
            ArmSmmuCapture.writeContext(out, 0, v.rawInt("fsrRaw"), syndrome(v), v.rawLong("far"),
                    v.rawInt("cbfrsynra"), v.rawInt("cbIndex"));
        } else {
            ArmSmmuCapture.writeGlobal(out, 0, v.rawInt("gfsrRaw"), v.rawInt("gfsynr0"), v.rawInt("gfsynr1"),
                    v.rawInt("gfsynr2"), v.rawLong("gfar"));
        }
        assertEquals(v.hex(), VectorFile.hex(out, 0, ArmSmmuCapture.SIZE));
        assertEquals(0, out.position());
    }

    /** FSYNR0 of a context vector rebuilt from its listed fields (the file gives no raw FSYNR0 word). */
    private static int syndrome(VectorFile.Vector v) {
        int fsynr0 = v.rawInt("fsynr0_plvl") | v.rawInt("fsynr0_s1cbndx") << ArmSmmuRegisters.FSYNR0_S1CBNDX_SHIFT;
        for (Map.Entry<String, Integer> e : FSYNR0_FLAGS.entrySet()) {
            fsynr0 |= v.rawBool(e.getKey(), false) ? e.getValue() : 0;
        }
        return fsynr0;
    }

    private static void flags(VectorFile.Vector v, Map<String, Integer> flags, int register) {
        for (Map.Entry<String, Integer> e : flags.entrySet()) {
            if (v.hasRaw(e.getKey())) {
                assertEquals(v.rawBool(e.getKey()), (register & e.getValue()) != 0, e.getKey());
            }
        }
    }
}
