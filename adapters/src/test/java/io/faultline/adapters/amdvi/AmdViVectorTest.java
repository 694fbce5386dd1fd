package io.faultline.adapters.amdvi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.VectorFile;
import io.faultline.api.Family;
import io.faultline.api.Fault;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every vector of amd-vi.json, by kind; a vector added to the file is tested without code changes. */
class AmdViVectorTest {
    private static final VectorFile FILE = VectorFile.load("amd-vi.json");

    /** The field each error vector must be blamed on (vectors not listed: any field). */
    private static final Map<String, String> ERROR_FIELD = Map.of(
            "iopf-reserved-bits", "reserved",
            "evt-all-zero", "EventCode",
            "evt-all-ones", "EventCode",
            "ppr-rz-set", "RZ",
            "ppr-unknown-code", "PPRCode",
            "ppr-all-zero", "PPRCode",
            "complete-ppr-linux-status-2", "Status");

    /** The event flag names the vectors' raw sections carry, as AmdViFlags masks. */
    private static final Map<String, Integer> EVENT_FLAG = Map.of("GN", AmdViFlags.GN, "NX", AmdViFlags.NX,
            "US", AmdViFlags.US, "I", AmdViFlags.I, "PR", AmdViFlags.PR, "RW", AmdViFlags.RW, "PE", AmdViFlags.PE,
            "RZ", AmdViFlags.RZ, "TR", AmdViFlags.TR);

    private static final Map<String, Integer> STATUS_BIT = Map.ofEntries(
            Map.entry("EventOverflow", AmdViRegisters.STATUS_EVENT_OVERFLOW),
            Map.entry("EventLogInt", AmdViRegisters.STATUS_EVENT_LOG_INT),
            Map.entry("ComWaitInt", AmdViRegisters.STATUS_COM_WAIT_INT),
            Map.entry("EventLogRun", AmdViRegisters.STATUS_EVENT_LOG_RUN),
            Map.entry("CmdBufRun", AmdViRegisters.STATUS_CMD_BUF_RUN),
            Map.entry("PPROverflow", AmdViRegisters.STATUS_PPR_OVERFLOW),
            Map.entry("PPRInt", AmdViRegisters.STATUS_PPR_INT),
            Map.entry("PPRLogRun", AmdViRegisters.STATUS_PPR_LOG_RUN),
            Map.entry("GALogRun", AmdViRegisters.STATUS_GA_LOG_RUN),
            Map.entry("GALogOverflow", AmdViRegisters.STATUS_GA_LOG_OVERFLOW),
            Map.entry("GAInt", AmdViRegisters.STATUS_GA_INT));

    /** One decoder per wire format; an error vector is routed by kind, or by its name when kind is "other". */
    interface Decoder {
        Object decode(ByteBuffer buf, int offset) throws MalformedRecordException;
    }

    static Decoder decoderFor(VectorFile.Vector v) {
        String n = v.name();
        if (v.kind().equals("fault") || n.startsWith("evt-") || n.startsWith("iopf-")) {
            return AmdViEventDecoder::decode;
        }
        if (v.kind().equals("page-request") || n.startsWith("ppr-")) {
            return AmdViPprDecoder::decode;
        }
        if (v.kind().equals("response") || n.startsWith("complete-ppr-")) {
            return AmdViCompletePpr::decode;
        }
        return fail(v.name() + ": no AMD-Vi decoder for this vector; route it in decoderFor");
    }

    static Stream<VectorFile.Vector> faults() {
        return FILE.stream("fault", "page-request").filter(v -> !v.isError());
    }

    static Stream<VectorFile.Vector> errors() {
        return FILE.stream().filter(VectorFile.Vector::isError);
    }

    static Stream<VectorFile.Vector> responses() {
        return FILE.stream("response").filter(v -> !v.isError());
    }

    static Stream<VectorFile.Vector> registers() {
        return FILE.stream("register");
    }

    static Stream<VectorFile.Vector> eventFaultsWithFlags() {
        return faults().filter(v -> v.kind().equals("fault") && v.hasRaw("Flags") && v.hasRaw("PR"));
    }

    @Test
    void everyVectorIsCoveredByOneOfTheParameterizedTests() {
        Set<String> covered = Stream.of(faults(), errors(), responses(), registers()).flatMap(s -> s)
                .map(VectorFile.Vector::name).collect(Collectors.toSet());
        Set<String> all = FILE.vectors().stream().map(VectorFile.Vector::name).collect(Collectors.toSet());
        assertEquals(all, covered);
        assertEquals(40, all.size(), "vector count changed: review the new vectors");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void decodesToTheExpectedFault(VectorFile.Vector v) throws Exception {
        Fault f = (Fault) decoderFor(v).decode(v.buffer(), 0);
        v.assertFault(f);
        assertEquals(v.kind().equals("page-request"), f instanceof PageRequest);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void decodesTheSameFromABigEndianBufferAtAnOffsetWithoutMovingIt(VectorFile.Vector v) throws Exception {
        ByteBuffer big = Entries.bigEndianAt(v.bytes(), 5);
        big.position(3);
        Fault f = (Fault) decoderFor(v).decode(big, 5);
        v.assertFault(f);
        assertEquals(ByteOrder.BIG_ENDIAN, big.order());
        assertEquals(3, big.position());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventFaultsWithFlags")
    void rawFlagBitsMatchThePublicFlagMasks(VectorFile.Vector v) {
        int flags = v.rawInt("Flags");
        for (Map.Entry<String, Integer> e : EVENT_FLAG.entrySet()) {
            assertEquals(v.rawBool(e.getKey()), (flags & e.getValue()) != 0, v.name() + ": " + e.getKey());
        }
        assertEquals(v.rawInt("Type"), AmdViFlags.type(flags), v.name() + ": Type");
        AmdViEvent event = AmdViEvent.ofCode(v.rawInt("EventCode"));
        assertNotNull(event);
        // What a kernel-log parser gets from "flags=0x...": the same access as the binary decoder.
        assertEquals(v.expected().path("access").path("write").asBoolean(), event.access(flags).write());
        assertEquals(v.expected().path("access").path("read").asBoolean(), event.access(flags).read());
        assertEquals(!v.expected().path("pasid").isNull(), event.hasPasid(flags));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void strictDecoderRejectsWithATypedError(VectorFile.Vector v) {
        assertFalse(v.hasExpected(), v.name() + " has both expected and error");
        Decoder d = decoderFor(v);
        MalformedRecordException e = assertThrows(MalformedRecordException.class, () -> d.decode(v.buffer(), 0),
                v.name() + ": " + v.error());
        assertEquals(Family.AMD_VI, e.family());
        assertEquals(0, e.offset());
        if (ERROR_FIELD.containsKey(v.name())) {
            assertEquals(ERROR_FIELD.get(v.name()), e.field(), e.getMessage());
        }
        MalformedRecordException shifted = assertThrows(MalformedRecordException.class,
                () -> d.decode(Entries.bigEndianAt(v.bytes(), 32), 32));
        assertEquals(32, shifted.offset(), "the offset names where the record starts");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void truncatedCopiesOfEveryRejectedRecordAreRejectedToo(VectorFile.Vector v) {
        byte[] b = v.bytes();
        ByteBuffer cut = ByteBuffer.wrap(b, 0, b.length - 1).slice();
        MalformedRecordException e = assertThrows(MalformedRecordException.class, () -> decoderFor(v).decode(cut, 0));
        assertTrue(e.detail().contains("truncated"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("responses")
    void encodesTheResponseFromRawByteForByte(VectorFile.Vector v) throws Exception {
        int pasid = v.rawBool("GN") ? v.rawInt("PASID") : -1;
        assertEquals(AmdViCompletePpr.OPCODE, v.rawInt("Opcode"));
        assertEquals(0, v.rawInt("Reserved"));
        ByteBuffer out = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN);
        AmdViCompletePpr.encode(out, 0, v.rawInt("DeviceID"), pasid, v.rawInt("CompletionTag"), v.rawInt("Status"));
        assertEquals(v.hex(), VectorFile.hex(out, 0, 16));

        AmdViCompletePpr.Command c = AmdViCompletePpr.decode(v.buffer(), 0);
        assertEquals(new AmdViCompletePpr.Command(v.rawInt("DeviceID"), pasid, v.rawInt("CompletionTag"),
                v.rawInt("Status")), c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("responses")
    void aRouterResponseToTheMatchingRequestEncodesTheSameBytes(VectorFile.Vector v) {
        PageResponse response = switch (v.rawInt("Status")) {
            case 0x0 -> PageResponse.SUCCESS;
            case 0x1 -> PageResponse.INVALID;
            case 0xf -> PageResponse.FAILURE;
            default -> fail(v.name() + ": status " + v.rawInt("Status"));
        };
        PageRequest.Builder b = PageRequest.builder(Family.AMD_VI).requesterId(v.rawInt("DeviceID"))
                .groupIndex(v.rawInt("CompletionTag")).lastInGroup(true);
        if (v.rawBool("GN")) {
            b.pasid(v.rawInt("PASID"));
        }
        ByteBuffer out = ByteBuffer.allocate(20);
        AmdViCompletePpr.encode(out, 4, b.build(), response);
        assertEquals(v.hex(), VectorFile.hex(out, 4, 16));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registers")
    void registerValuesDecodeWithThePublicMasks(VectorFile.Vector v) {
        int value = v.buffer().getInt(0);
        switch (v.raw().path("Register").asText()) {
            case "EventLogTail", "EventLogHead", "PPRLogTail", "PPRLogHead" -> {
                assertEquals(value, value & AmdViRegisters.POINTER_MASK, "only bits 18:4");
                assertEquals(v.rawInt("Offset"), value & AmdViRegisters.POINTER_MASK);
                assertEquals(v.rawInt("EntryIndex"), (value & AmdViRegisters.POINTER_MASK) / 16);
            }
            case "Status" -> {
                int expected = 0;
                for (Map.Entry<String, Integer> e : STATUS_BIT.entrySet()) {
                    expected |= v.rawBool(e.getKey()) ? e.getValue() : 0;
                }
                assertEquals(expected, value);
            }
            default -> fail(v.name() + ": unknown register " + v.raw().path("Register"));
        }
    }
}
