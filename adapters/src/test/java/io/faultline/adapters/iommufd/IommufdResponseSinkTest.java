package io.faultline.adapters.iommufd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.faultline.api.Family;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class IommufdResponseSinkTest {
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final List<PageRequest> downgraded = new ArrayList<>();
    private final IommufdResponseSink sink = new IommufdResponseSink(
            java.nio.channels.Channels.newChannel(written), downgraded::add);

    /** Registers a group the way the reader does and returns its last request. */
    private PageRequest readGroup(PgFault last) throws Exception {
        PageRequest r = IommufdPageFaultDecoder.decode(ByteBuffer.wrap(last.bytes()), 0);
        assertNull(sink.register(r, last.cookie()));
        return r;
    }

    private String hex() {
        return HexFormat.of().formatHex(written.toByteArray());
    }

    @Test
    void writesTheCookieOfTheGroupAndTheCodeThroughARealPipe() throws Exception {
        Pipe pipe = Pipe.open();
        IommufdResponseSink piped = new IommufdResponseSink(pipe.sink());
        PageRequest r = IommufdPageFaultDecoder.decode(ByteBuffer.wrap(PgFault.last(2, 1, 2, 0x12345678).bytes()), 0);
        piped.register(r, 0x12345678);
        piped.send(r, PageResponse.SUCCESS);
        ByteBuffer got = ByteBuffer.allocate(8);
        while (got.hasRemaining()) {
            pipe.source().read(got);
        }
        assertEquals("7856341200000000", HexFormat.of().formatHex(got.array()));
        assertEquals(1, piped.sent());
    }

    @Test
    void eachGroupIsAnsweredExactlyOnce() throws Exception {
        PageRequest r = readGroup(PgFault.last(5, 66, 0x1ff, 7));
        sink.send(r, PageResponse.INVALID);
        IommufdNoCookieException e = assertThrows(IommufdNoCookieException.class, () -> sink.send(r, PageResponse.SUCCESS));
        assertEquals(5, e.requesterId());
        assertEquals(66, e.pasid());
        assertEquals(0x1ff, e.groupIndex());
        assertEquals("0700000001000000", hex(), "the second answer wrote nothing");
        assertEquals(1, sink.sent());
    }

    @Test
    void groupsAreKeyedByDeviceAndPasidAndGroupIndex() throws Exception {
        PageRequest a = readGroup(PgFault.last(1, 1, 4, 10));
        PageRequest b = readGroup(PgFault.last(1, 2, 4, 11));
        PageRequest c = readGroup(PgFault.last(2, 1, 4, 12));
        PageRequest noPasid = readGroup(PgFault.last(1, 1, 4, 13).withFlags(2));
        sink.send(c, PageResponse.SUCCESS);
        sink.send(noPasid, PageResponse.SUCCESS);
        sink.send(a, PageResponse.SUCCESS);
        sink.send(b, PageResponse.INVALID);
        assertEquals("0c000000000000000d000000000000000a000000000000000b00000001000000", hex());
    }

    @Test
    void aGroupNeverReadHasNoCookie() {
        PageRequest stranger = PageRequest.builder(Family.IOMMUFD).requesterId(3).groupIndex(1).lastInGroup(true)
                .address(0).build();
        assertThrows(IommufdNoCookieException.class, () -> sink.send(stranger, PageResponse.SUCCESS));
        assertEquals("", hex());
    }

    @Test
    void failureIsSentAsInvalidAndReported() throws Exception {
        PageRequest r = readGroup(PgFault.last(5, 1, 3, 9));
        sink.send(r, PageResponse.FAILURE);
        assertEquals("0900000001000000", hex());
        assertEquals(1, sink.failureDowngrades());
        assertEquals(List.of(r), downgraded);
    }

    @Test
    void onlyIommufdRequestsThatCloseTheirGroupAreAccepted() throws Exception {
        PageRequest partial = IommufdPageFaultDecoder.decode(ByteBuffer.wrap(PgFault.partial(1, 1, 1, 1).bytes()), 0);
        readGroup(PgFault.last(1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> sink.send(partial, PageResponse.SUCCESS));
        PageRequest vtd = PageRequest.builder(Family.INTEL_VTD).requesterId(1).pasid(1).groupIndex(1)
                .lastInGroup(true).build();
        assertThrows(IllegalArgumentException.class, () -> sink.send(vtd, PageResponse.SUCCESS));
        assertEquals(1, sink.pendingGroups());
    }

    @Test
    void answerPendingAnswersEveryOpenGroupOnce() throws Exception {
        readGroup(PgFault.last(1, 1, 1, 1));
        readGroup(PgFault.last(1, 1, 2, 2));
        PageRequest third = readGroup(PgFault.last(1, 1, 3, 3));
        sink.send(third, PageResponse.SUCCESS);
        assertEquals(2, sink.answerPending(PageResponse.INVALID));
        assertEquals(0, sink.pendingGroups());
        assertEquals(0, sink.answerPending(PageResponse.INVALID));
        String h = hex();
        assertEquals(48, h.length());
        assertEquals("0300000000000000", h.substring(0, 16));
        // the two INVALID answers, in either order
        List<String> rest = List.of(h.substring(16, 32), h.substring(32, 48));
        assertEquals(true, rest.contains("0100000001000000") && rest.contains("0200000001000000"), h);
    }

    @Test
    void aFailedWriteLeavesTheGroupPendingForARetry() throws Exception {
        boolean[] fail = {true};
        WritableByteChannel flaky = new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) throws IOException {
                if (fail[0]) {
                    throw new IOException("EAGAIN");
                }
                int n = src.remaining();
                byte[] b = new byte[n];
                src.get(b);
                written.write(b);
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        IommufdResponseSink s = new IommufdResponseSink(flaky);
        PageRequest r = IommufdPageFaultDecoder.decode(ByteBuffer.wrap(PgFault.last(1, 1, 1, 5).bytes()), 0);
        s.register(r, 5);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> s.send(r, PageResponse.SUCCESS));
        assertEquals("EAGAIN", e.getCause().getMessage());
        assertEquals(1, s.pendingGroups());
        fail[0] = false;
        s.send(r, PageResponse.SUCCESS);
        assertEquals("0500000000000000", hex());
        assertEquals(0, s.pendingGroups());
    }

    @Test
    void registeringAPendingGroupAgainReturnsTheCookieAlreadyHeld() throws Exception {
        PageRequest r = readGroup(PgFault.last(1, 1, 1, 5));
        assertSame(5, sink.register(r, 6));
        sink.send(r, PageResponse.SUCCESS);
        assertEquals("0500000000000000", hex());
    }
}
