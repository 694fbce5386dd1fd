package io.faultline.adapters.iommufd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.QueueListener;
import io.faultline.adapters.VectorFile;
import io.faultline.api.Fault;
import io.faultline.api.Family;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every vector of iommufd.json: page-fault records decoded, responses encoded byte for byte. */
class IommufdVectorTest {
    private static final VectorFile FILE = VectorFile.load("iommufd.json");

    /** Names say "unverified" where the vector rests on assumed values (the selftest's dev_id and cookie). */
    private static Named<VectorFile.Vector> named(VectorFile.Vector v) {
        boolean assumed = v.description() != null && v.description().contains("assumed");
        return Named.of(assumed ? v.name() + " (dev_id and cookie assumed by the reference: unverified)" : v.name(), v);
    }

    static Stream<Named<VectorFile.Vector>> records() {
        return FILE.stream("page-request").map(IommufdVectorTest::named);
    }

    static Stream<Named<VectorFile.Vector>> responses() {
        return FILE.stream("response").map(IommufdVectorTest::named);
    }

    @Test
    void theFileHoldsRecordsAndResponsesOnly() {
        assertEquals("iommufd", FILE.family());
        assertEquals(FILE.vectors().size(), FILE.stream("page-request", "response").count());
        assertTrue(FILE.stream("page-request").count() >= 18 && FILE.stream("response").count() >= 9);
    }

    /** Each vector is the result of one read(): its length is checked, then each record decoded. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    void decodesOrRejectsEveryRecord(VectorFile.Vector v) throws Exception {
        byte[] bytes = v.bytes();
        ByteBuffer buf = v.buffer();
        if (v.isError()) {
            MalformedRecordException e = assertThrows(MalformedRecordException.class, () -> {
                IommufdPageFaultDecoder.checkReadLength(bytes.length, 0);
                for (int i = 0; i < bytes.length; i += 40) {
                    IommufdPageFaultDecoder.decode(buf, i);
                }
            }, v.error());
            assertEquals(Family.IOMMUFD, e.family());
            assertTrue(e.offset() >= 0 && e.offset() < bytes.length, "offset " + e.offset());
            return;
        }
        IommufdPageFaultDecoder.checkReadLength(bytes.length, 0);
        assertEquals(40, bytes.length);
        PageRequest request = IommufdPageFaultDecoder.decode(buf, 0);
        v.assertFault(request);
        assertEquals(v.rawLong("cookie"), Integer.toUnsignedLong(IommufdPageFaultDecoder.cookie(buf, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    void decodingIgnoresBufferOrderAndPosition(VectorFile.Vector v) throws Exception {
        if (v.isError()) {
            return;
        }
        byte[] bytes = v.bytes();
        ByteBuffer big = ByteBuffer.allocateDirect(bytes.length + 13).order(ByteOrder.BIG_ENDIAN);
        big.put(13, bytes, 0, bytes.length).position(2);
        PageRequest request = IommufdPageFaultDecoder.decode(big, 13);
        v.assertFault(request);
        assertEquals(v.rawLong("cookie"), Integer.toUnsignedLong(IommufdPageFaultDecoder.cookie(big, 13)));
        assertEquals(2, big.position());
        assertEquals(ByteOrder.BIG_ENDIAN, big.order());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"malformed-short-36", "malformed-short-24", "malformed-long-44", "malformed-flag-bit3",
            "malformed-flags-all-ones"})
    void errorDetailsAreTheReferenceWording(String name) {
        VectorFile.Vector v = FILE.get(name);
        byte[] bytes = v.bytes();
        MalformedRecordException e = assertThrows(MalformedRecordException.class, () -> {
            IommufdPageFaultDecoder.checkReadLength(bytes.length, 0);
            IommufdPageFaultDecoder.decode(v.buffer(), 0);
        });
        assertEquals(v.error(), e.detail());
    }

    /** Responses: encoded from {@code raw} to exactly {@code hex}, and read back; every error refused both ways. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("responses")
    void encodesOrRefusesEveryResponse(VectorFile.Vector v) throws Exception {
        byte[] bytes = v.bytes();
        if (v.isError()) {
            if (v.hasRaw("cookie") && v.hasRaw("code")) {
                ByteBuffer out = ByteBuffer.allocate(8);
                MalformedRecordException e = assertThrows(MalformedRecordException.class,
                        () -> IommufdPageResponseEncoder.encode(v.rawInt("cookie"), v.rawInt("code"), out, 0), v.error());
                assertEquals(v.error(), e.detail());
                assertEquals("0000000000000000", VectorFile.hex(out, 0, 8), "nothing written");
            }
            MalformedRecordException e = assertThrows(MalformedRecordException.class,
                    () -> IommufdPageResponseEncoder.decode(ByteBuffer.wrap(bytes), 0, bytes.length), v.error());
            assertEquals(v.error(), e.detail());
            return;
        }
        ByteBuffer out = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN);
        IommufdPageResponseEncoder.encode(v.rawInt("cookie"), v.rawInt("code"), out, 0);
        assertEquals(v.hex(), VectorFile.hex(out, 0, 8));

        PageResponse response = v.rawInt("code") == 0 ? PageResponse.SUCCESS : PageResponse.INVALID;
        ByteBuffer viaEnum = ByteBuffer.allocate(8);
        IommufdPageResponseEncoder.encode(v.rawInt("cookie"), response, viaEnum, 0);
        assertEquals(v.hex(), VectorFile.hex(viaEnum, 0, 8));

        long decoded = IommufdPageResponseEncoder.decode(ByteBuffer.wrap(bytes), 0, bytes.length);
        assertEquals(v.rawLong("cookie"), decoded >>> 32);
        assertEquals(v.rawLong("code"), decoded & 0xFFFF_FFFFL);
    }

    /**
     * The group-a records, concatenated in order, are what one read() returns for that group; read
     * through the adapter and answered SUCCESS they produce the resp-success-group-a bytes.
     */
    @Test
    void theMultiRecordGroupIsAnsweredOnceWithTheCookieOfItsLastRecord() throws Exception {
        List<VectorFile.Vector> group = FILE.stream("page-request").filter(v -> v.name().startsWith("group-a-"))
                .sorted(Comparator.comparing(VectorFile.Vector::name)).collect(Collectors.toList());
        assertTrue(group.size() >= 2, "group-a vectors: " + group.size());
        String concatenated = group.stream().map(VectorFile.Vector::hex).collect(Collectors.joining());

        ByteArrayOutputStream written = new ByteArrayOutputStream();
        IommufdResponseSink responses = new IommufdResponseSink(Channels.newChannel(written));
        List<Fault> seen = new ArrayList<>();
        IommufdFaultReader reader = new IommufdFaultReader(
                Channels.newChannel(new java.io.ByteArrayInputStream(HexFormat.of().parseHex(concatenated))),
                seen::add, responses, QueueListener.IGNORE);
        assertEquals(group.size(), reader.readAll());
        for (int i = 0; i < group.size(); i++) {
            group.get(i).assertFault(seen.get(i));
        }
        assertEquals(1, responses.pendingGroups());
        responses.send((PageRequest) seen.get(seen.size() - 1), PageResponse.SUCCESS);
        assertEquals(FILE.get("resp-success-group-a").hex(), HexFormat.of().formatHex(written.toByteArray()));
        assertEquals(0, responses.pendingGroups());
    }
}
