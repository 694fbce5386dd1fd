package io.faultline.adapters;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.api.Fault;
import io.faultline.api.Family;
import io.faultline.api.PageRequest;
import io.faultline.api.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;

/**
 * One shared vector file ({@code src/test/resources/vectors/<family>.json}, copied unchanged from the
 * reference), for every family's tests. Family-independent: it knows the file format, not any layout.
 *
 * <p>Typical use, so that a vector added to the file later is tested without code changes:
 * <pre>{@code
 * static Stream<VectorFile.Vector> faults() {
 *     return VectorFile.load("arm-smmu-v3.json").stream("fault", "page-request");
 * }
 * @ParameterizedTest(name = "{0}") @MethodSource("faults")
 * void decodes(VectorFile.Vector v) throws Exception {
 *     v.assertFault(MyDecoder.decode(v.buffer(), 0));
 * }
 * }</pre>
 */
public final class VectorFile {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The keys of an {@code expected} node that {@link #assertFault(String, JsonNode, Fault)} checks. */
    private static final Set<String> EXPECTED_KEYS = Set.of("requesterId", "pasid", "address", "access",
            "reasonCode", "reasonName", "stage", "type", "pageRequest");

    private final String fileName;
    private final String family;
    private final List<Vector> vectors;

    private VectorFile(String fileName, String family, List<Vector> vectors) {
        this.fileName = fileName;
        this.family = family;
        this.vectors = vectors;
    }

    /** Loads {@code vectors/<fileName>} from the test class path, e.g. {@code arm-smmu-v3.json}. */
    public static VectorFile load(String fileName) {
        String resource = "/vectors/" + fileName;
        try (InputStream in = VectorFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            JsonNode root = MAPPER.readTree(in);
            String family = text(root, "family");
            List<Vector> list = new ArrayList<>();
            for (JsonNode v : root.path("vectors")) {
                list.add(new Vector(fileName, family, text(v, "name"), text(v, "kind"), text(v, "description"),
                        text(v, "hex"), v.path("raw"), nullIfNull(v.get("expected")), text(v, "error")));
            }
            if (list.isEmpty()) {
                throw new IllegalArgumentException(resource + " holds no vectors");
            }
            return new VectorFile(fileName, family, Collections.unmodifiableList(list));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    public String fileName() {
        return fileName;
    }

    /** The file's {@code family} string, e.g. {@code arm-smmu-v3}. */
    public String family() {
        return family;
    }

    public List<Vector> vectors() {
        return vectors;
    }

    /** The vectors of the given kinds ({@code fault}, {@code page-request}, {@code response}, ...); all if none given. */
    public Stream<Vector> stream(String... kinds) {
        List<String> wanted = Arrays.asList(kinds);
        return vectors.stream().filter(v -> wanted.isEmpty() || wanted.contains(v.kind()));
    }

    /** The vector with this name. */
    public Vector get(String name) {
        return vectors.stream().filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(fileName + " has no vector " + name));
    }

    /**
     * One vector. {@code expected} is null for vectors that decode to no fault; {@code error} is null
     * for vectors a strict decoder must accept. Some files have both (a lenient decoder's result and
     * a strict decoder's error).
     */
    public record Vector(String file, String family, String name, String kind, String description, String hex,
                         JsonNode raw, JsonNode expected, String error) {

        /** The record's bytes in memory order (a fresh copy). Empty when the vector has no hex. */
        public byte[] bytes() {
            return hex == null ? new byte[0] : HexFormat.of().parseHex(hex);
        }

        /** The bytes in a fresh little-endian heap buffer, position 0, limit = length. */
        public ByteBuffer buffer() {
            return ByteBuffer.wrap(bytes()).order(ByteOrder.LITTLE_ENDIAN);
        }

        public boolean isError() {
            return error != null;
        }

        public boolean hasExpected() {
            return expected != null;
        }

        /** Whether {@code raw} has this field with a non-null value. */
        public boolean hasRaw(String field) {
            JsonNode n = raw.get(field);
            return n != null && !n.isNull();
        }

        /** A raw number as a long; values above {@link Long#MAX_VALUE} (unsigned 64-bit) wrap to their bit pattern. */
        public long rawLong(String field) {
            return asLong(requireRaw(field), name + ".raw." + field);
        }

        /** A raw number, 0 when the field is absent (the vector files omit fields a record does not carry). */
        public long rawLong(String field, long absent) {
            return hasRaw(field) ? rawLong(field) : absent;
        }

        public int rawInt(String field) {
            return (int) rawLong(field);
        }

        public boolean rawBool(String field) {
            JsonNode n = requireRaw(field);
            if (!n.isBoolean()) {
                throw new IllegalArgumentException(name + ".raw." + field + " is not a boolean: " + n);
            }
            return n.booleanValue();
        }

        /** A raw flag, {@code absent} when the field is missing. */
        public boolean rawBool(String field, boolean absent) {
            return hasRaw(field) ? rawBool(field) : absent;
        }

        private JsonNode requireRaw(String field) {
            JsonNode n = raw.get(field);
            if (n == null || n.isNull()) {
                throw new IllegalArgumentException(name + ".raw has no " + field);
            }
            return n;
        }

        /** Asserts that {@code actual} is this vector's {@code expected} fault, from this vector's family. */
        public void assertFault(Fault actual) {
            assertNotNull(expected, name + " has no expected fault");
            assertNotNull(actual, name + ": decoder returned null");
            assertEquals(Family.ofId(family), actual.family(), name + ": family");
            VectorFile.assertFault(name, expected, actual);
        }

        /** The name: readable parameterized-test display names. */
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * Asserts that {@code actual} matches an {@code expected} node in every field of the normalised
     * form: requesterId, pasid, address (lowercase hex), access flags, reasonCode, reasonName, stage
     * (null means {@link Stage#NONE}), type and pageRequest (groupIndex, lastInGroup, privateData).
     * A field this method does not know fails the test, so a format extension cannot pass unchecked.
     *
     * <p>One rule is lenient on purpose: a vector with a reasonCode and a null reasonName (a code the
     * vendor leaves unnamed) does not fix the name an adapter gives it; only the code is compared.
     */
    public static void assertFault(String what, JsonNode expected, Fault actual) {
        for (Iterator<String> it = expected.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!EXPECTED_KEYS.contains(key)) {
                fail(what + ": expected." + key + " is not checked by VectorFile; extend it");
            }
        }
        List<Executable> checks = new ArrayList<>();
        JsonNode rid = expected.path("requesterId");
        if (rid.isNull() || rid.isMissingNode()) {
            checks.add(() -> assertFalse(actual.hasRequesterId(), what + ": requesterId should be absent"));
        } else {
            checks.add(() -> assertTrue(actual.hasRequesterId(), what + ": requesterId missing"));
            checks.add(() -> assertEquals(asLong(rid, what + ".requesterId"),
                    Integer.toUnsignedLong(actual.requesterId()), what + ": requesterId"));
        }
        JsonNode pasid = expected.path("pasid");
        if (pasid.isNull() || pasid.isMissingNode()) {
            checks.add(() -> assertFalse(actual.hasPasid(), what + ": pasid should be absent, was " + actual.pasid()));
        } else {
            checks.add(() -> assertEquals(asLong(pasid, what + ".pasid"), actual.pasid(), what + ": pasid"));
        }
        JsonNode address = expected.path("address");
        if (address.isNull() || address.isMissingNode()) {
            checks.add(() -> assertFalse(actual.hasAddress(), what + ": address should be absent, was 0x"
                    + Long.toHexString(actual.address())));
        } else {
            checks.add(() -> assertTrue(actual.hasAddress(), what + ": address missing"));
            checks.add(() -> assertEquals(address.asText(), "0x" + Long.toHexString(actual.address()),
                    what + ": address"));
        }
        JsonNode access = expected.path("access");
        checks.add(() -> assertEquals(access.path("read").asBoolean(), actual.access().read(), what + ": access.read"));
        checks.add(() -> assertEquals(access.path("write").asBoolean(), actual.access().write(), what + ": access.write"));
        checks.add(() -> assertEquals(access.path("exec").asBoolean(), actual.access().exec(), what + ": access.exec"));
        checks.add(() -> assertEquals(access.path("privileged").asBoolean(), actual.access().privileged(),
                what + ": access.privileged"));
        JsonNode code = expected.path("reasonCode");
        JsonNode reasonName = expected.path("reasonName");
        if (code.isNull() || code.isMissingNode()) {
            checks.add(() -> assertFalse(actual.reason().hasCode(), what + ": reasonCode should be absent, reason "
                    + actual.reason()));
        } else {
            checks.add(() -> assertEquals(asLong(code, what + ".reasonCode"), actual.reason().code(),
                    what + ": reasonCode"));
        }
        if (!reasonName.isNull() && !reasonName.isMissingNode()) {
            checks.add(() -> assertEquals(reasonName.asText(), actual.reason().name(), what + ": reasonName"));
        } else if (code.isNull() || code.isMissingNode()) {
            checks.add(() -> assertEquals(null, actual.reason().name(), what + ": reasonName should be absent"));
        }
        JsonNode stage = expected.path("stage");
        Stage wantStage = stage.isNull() || stage.isMissingNode() ? Stage.NONE : Stage.valueOf(stage.asText());
        checks.add(() -> assertEquals(wantStage, actual.stage(), what + ": stage"));
        checks.add(() -> assertEquals(expected.path("type").asText(), actual.type().name(), what + ": type"));
        JsonNode pr = expected.path("pageRequest");
        if (pr.isNull() || pr.isMissingNode()) {
            checks.add(() -> assertFalse(actual instanceof PageRequest, what + ": should not be a page request"));
        } else {
            checks.add(() -> {
                assertTrue(actual instanceof PageRequest, what + ": should be a page request");
                PageRequest p = (PageRequest) actual;
                assertEquals(asLong(pr.path("groupIndex"), what + ".groupIndex"), p.groupIndex(), what + ": groupIndex");
                assertEquals(pr.path("lastInGroup").asBoolean(), p.lastInGroup(), what + ": lastInGroup");
                JsonNode pd = pr.path("privateData");
                if (pd.isNull() || pd.isMissingNode()) {
                    assertFalse(p.hasPrivateData(), what + ": privateData should be absent");
                } else {
                    assertTrue(p.hasPrivateData(), what + ": privateData missing");
                    assertEquals(asLong(pd, what + ".privateData"), p.privateData(), what + ": privateData");
                }
            });
        }
        assertAll(what, checks);
    }

    /** Lowercase hex of {@code length} bytes of {@code buf} from absolute {@code offset}; the buffer is not moved. */
    public static String hex(ByteBuffer buf, int offset, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = buf.get(offset + i);
        }
        return HexFormat.of().formatHex(b);
    }

    /**
     * A JSON number (any size; unsigned 64-bit values wrap to their bit pattern) or a string
     * {@code 0x...} hex / decimal, as a long.
     */
    static long asLong(JsonNode n, String what) {
        if (n.isIntegralNumber()) {
            BigInteger v = n.bigIntegerValue();
            if (v.signum() < 0 || v.bitLength() > 64) {
                throw new IllegalArgumentException(what + " is not an unsigned 64-bit value: " + n);
            }
            return v.longValue();
        }
        if (n.isTextual()) {
            String s = n.asText();
            return s.startsWith("0x") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseUnsignedLong(s);
        }
        throw new IllegalArgumentException(what + " is not a number: " + n);
    }

    private static String text(JsonNode node, String field) {
        JsonNode n = node.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static JsonNode nullIfNull(JsonNode n) {
        return n == null || n.isNull() ? null : n;
    }
}
