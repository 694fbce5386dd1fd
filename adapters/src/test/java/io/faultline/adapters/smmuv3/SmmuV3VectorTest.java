package io.faultline.adapters.smmuv3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.VectorFile;
import io.faultline.adapters.smmuv3.SmmuV3EventType.Field;
import io.faultline.api.Family;
import io.faultline.api.PageResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every vector of {@code arm-smmu-v3.json}, discovered from the file: a vector added later is
 * tested without code changes. The record's shape is told by its raw fields (opcode: command,
 * eventId: event record, prgIndex: PRI entry), never by its name.
 */
class SmmuV3VectorTest {
    private static final VectorFile FILE = VectorFile.load("arm-smmu-v3.json");

    /** Raw vector keys of the per-event fields. */
    private static final Map<String, Field> RAW_FIELDS = Map.ofEntries(
            Map.entry("stag", Field.STAG), Map.entry("stall", Field.STALL), Map.entry("pnu", Field.PNU),
            Map.entry("ind", Field.IND), Map.entry("rnw", Field.RNW), Map.entry("s2", Field.S2),
            Map.entry("class", Field.CLASS), Map.entry("ttRnW", Field.TT_RNW),
            Map.entry("inputAddr", Field.INPUT_ADDR), Map.entry("ipa", Field.IPA),
            Map.entry("fetchAddr", Field.FETCH_ADDR));
    private static final Set<String> COMMON = Set.of("eventId", "ssv", "substreamId", "streamId",
            "otherBits0", "otherBits1", "otherBits2", "otherBits3");

    static Stream<VectorFile.Vector> all() {
        return FILE.stream();
    }

    static Stream<VectorFile.Vector> eventRecords() {
        return FILE.stream().filter(v -> v.hasRaw("eventId"));
    }

    @Test
    void theFileIsTheSmmuV3One() {
        assertEquals(Family.ARM_SMMU_V3.id(), FILE.family());
        assertTrue(FILE.vectors().size() >= 30, "vectors: " + FILE.vectors().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void vector(VectorFile.Vector v) throws Exception {
        if (v.hasRaw("opcode")) {
            assertEquals(SmmuV3Commands.ENTRY_BYTES, v.bytes().length, "command length");
            command(v);
        } else if (v.hasRaw("eventId")) {
            assertEquals(SmmuV3EventDecoder.RECORD_BYTES, v.bytes().length, "event record length");
            decodes(v, () -> SmmuV3EventDecoder.decode(v.buffer(), 0));
        } else if (v.hasRaw("prgIndex")) {
            assertEquals(SmmuV3PriDecoder.ENTRY_BYTES, v.bytes().length, "PRI entry length");
            decodes(v, () -> SmmuV3PriDecoder.decode(v.buffer(), 0));
        } else {
            fail(v.name() + ": a vector of unknown shape (raw has no eventId, prgIndex or opcode): teach this test");
        }
    }

    private interface Decode {
        io.faultline.api.Fault run() throws MalformedRecordException;
    }

    private static void decodes(VectorFile.Vector v, Decode decode) throws MalformedRecordException {
        if (v.isError()) {
            MalformedRecordException e = assertThrows(MalformedRecordException.class, decode::run, v.error());
            assertEquals(Family.ARM_SMMU_V3, e.family());
            assertTrue(e.offset() >= 0 && e.offset() < v.bytes().length, "offset inside the record: " + e.offset());
            assertFalse(e.field().isEmpty());
        } else if (v.hasExpected()) {
            v.assertFault(decode.run());
        } else {
            fail(v.name() + " has neither expected nor error");
        }
    }

    private static void command(VectorFile.Vector v) throws MalformedRecordException {
        if (v.isError()) {
            MalformedRecordException e = assertThrows(MalformedRecordException.class,
                    () -> SmmuV3Commands.decode(v.buffer(), 0), v.error());
            assertEquals(Family.ARM_SMMU_V3, e.family());
            assertTrue(e.offset() >= 0 && e.offset() < 16, "offset inside the command: " + e.offset());
            return;
        }
        assertTrue(v.kind().equals("response") || v.kind().equals("command"), v.kind());
        ByteBuffer out = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        int opcode = v.rawInt("opcode");
        SmmuV3Command decoded = SmmuV3Commands.decode(v.buffer(), 0);
        assertEquals(opcode, decoded.opcode());
        switch (opcode) {
            case SmmuV3Commands.CMD_RESUME: {
                boolean ac = v.rawBool("ac");
                boolean ab = v.rawBool("ab");
                assertTrue(ac != ab, "Faultline only writes retry or abort");
                // Both model answers that abort must give the same bytes.
                for (PageResponse r : ac ? new PageResponse[] {PageResponse.SUCCESS}
                        : new PageResponse[] {PageResponse.INVALID, PageResponse.FAILURE}) {
                    SmmuV3Commands.encodeResume(out, 0, v.rawInt("streamId"), v.rawInt("stag"), r);
                    assertEquals(v.hex(), VectorFile.hex(out, 0, 16), r.name());
                }
                assertEquals(new SmmuV3Command.Resume(v.rawInt("streamId"), v.rawInt("stag"), ac, ab), decoded);
                break;
            }
            case SmmuV3Commands.CMD_PRI_RESP: {
                PageResponse r = SmmuV3Commands.priResponse(v.rawInt("resp"));
                SmmuV3Commands.encodePriResp(out, 0, v.rawInt("streamId"),
                        v.rawBool("ssv") ? v.rawInt("substreamId") : io.faultline.api.Fault.NO_PASID,
                        v.rawInt("prgIndex"), r);
                assertEquals(v.hex(), VectorFile.hex(out, 0, 16));
                assertEquals(new SmmuV3Command.PriResp(v.rawInt("streamId"), v.rawBool("ssv"), v.rawInt("substreamId"),
                        v.rawInt("prgIndex"), v.rawInt("resp")), decoded);
                break;
            }
            case SmmuV3Commands.CMD_SYNC: {
                SmmuV3Commands.encodeSync(out, 0, v.rawInt("cs"), v.rawInt("msh"), v.rawInt("msiAttr"),
                        v.rawInt("msiData"), v.rawLong("msiAddr"));
                assertEquals(v.hex(), VectorFile.hex(out, 0, 16));
                assertEquals(new SmmuV3Command.Sync(v.rawInt("cs"), v.rawInt("msh"), v.rawInt("msiAttr"),
                        v.rawInt("msiData"), v.rawLong("msiAddr")), decoded);
                break;
            }
            default:
                fail(v.name() + ": opcode " + opcode + " has no encoder");
        }
    }

    /** The raw view extracts exactly the fields the vector lists, with the same values, and the same residue. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("eventRecords")
    void rawViewMatchesTheVectorsRawFields(VectorFile.Vector v) {
        ByteBuffer b = v.buffer();
        SmmuV3Event e = SmmuV3Event.of(b.getLong(0), b.getLong(8), b.getLong(16), b.getLong(24));
        assertEquals(v.rawInt("eventId"), e.eventId());
        assertEquals(v.rawBool("ssv"), e.ssv());
        assertEquals(v.rawInt("substreamId"), e.substreamId());
        assertEquals(v.rawLong("streamId"), Integer.toUnsignedLong(e.streamId()));
        for (int n = 0; n < 4; n++) {
            assertEquals(v.rawLong("otherBits" + n, 0), e.otherBits(n), "otherBits" + n);
        }
        Set<Field> listed = new HashSet<>();
        for (Iterator<String> it = v.raw().fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (COMMON.contains(key)) {
                continue;
            }
            Field f = RAW_FIELDS.get(key);
            if (f == null) {
                fail(v.name() + ": raw." + key + " is not checked by this test");
            }
            listed.add(f);
        }
        for (Field f : Field.values()) {
            assertEquals(listed.contains(f), e.carries(f), "carries " + f);
        }
        assertRaw(v, "stag", e.stag());
        assertRaw(v, "stall", e.stall());
        assertRaw(v, "pnu", e.pnu());
        assertRaw(v, "ind", e.ind());
        assertRaw(v, "rnw", e.rnw());
        assertRaw(v, "s2", e.s2());
        assertRaw(v, "class", e.eventClass());
        assertRaw(v, "ttRnW", e.ttRnW());
        assertRaw(v, "inputAddr", e.inputAddr());
        assertRaw(v, "ipa", e.ipa());
        assertRaw(v, "fetchAddr", e.fetchAddr());
    }

    private static void assertRaw(VectorFile.Vector v, String key, long actual) {
        if (v.hasRaw(key)) {
            assertEquals(v.rawLong(key), actual, key);
        }
    }

    private static void assertRaw(VectorFile.Vector v, String key, boolean actual) {
        if (v.hasRaw(key)) {
            assertEquals(v.rawBool(key), actual, key);
        }
    }

    /** Decoding the printed dwords (the kernel-log path) gives the same fault as decoding the bytes. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("eventRecords")
    void decodingTheFourDwordsEqualsDecodingTheBytes(VectorFile.Vector v) throws Exception {
        ByteBuffer b = v.buffer();
        if (v.isError()) {
            assertThrows(MalformedRecordException.class,
                    () -> SmmuV3EventDecoder.decode(b.getLong(0), b.getLong(8), b.getLong(16), b.getLong(24)));
        } else {
            assertEquals(SmmuV3EventDecoder.decode(b, 0),
                    SmmuV3EventDecoder.decode(b.getLong(0), b.getLong(8), b.getLong(16), b.getLong(24)));
            assertInstanceOf(io.faultline.api.Fault.class, SmmuV3Event.of(b.getLong(0), b.getLong(8), b.getLong(16),
                    b.getLong(24)).toFault());
        }
    }
}
