package io.faultline.adapters.iommufd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Fault;
import io.faultline.api.Family;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IommufdFaultReaderTest {
    private final ExecutorService writerThread = Executors.newSingleThreadExecutor();
    private final List<Fault> faults = new ArrayList<>();
    private final RecordingListener listener = new RecordingListener();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final IommufdResponseSink responses = new IommufdResponseSink(Channels.newChannel(written));

    @AfterEach
    void stopWriter() throws InterruptedException {
        writerThread.shutdownNow();
        assertTrue(writerThread.awaitTermination(5, TimeUnit.SECONDS));
    }

    private static List<PageRequest> decodeAll(byte[] bytes) throws MalformedRecordException {
        List<PageRequest> out = new ArrayList<>();
        for (int i = 0; i + 40 <= bytes.length; i += 40) {
            out.add(IommufdPageFaultDecoder.decode(ByteBuffer.wrap(bytes), i));
        }
        return out;
    }

    private static void writeFully(Pipe.SinkChannel sink, byte[] bytes, int from, int to) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes, from, to - from);
        while (b.hasRemaining()) {
            sink.write(b);
        }
    }

    @Test
    void aRecordSplitAcrossReadsOfARealPipeIsReassembled() throws Exception {
        byte[] bytes = PgFault.concat(PgFault.partial(5, 66, 0x1ff, 7), PgFault.last(5, 66, 0x1ff, 7),
                PgFault.last(9, 1, 3, 8));
        Pipe pipe = Pipe.open();
        CountDownLatch firstReadDone = new CountDownLatch(1);
        Future<?> writer = writerThread.submit(() -> {
            writeFully(pipe.sink(), bytes, 0, 17); // less than one record
            firstReadDone.await();
            writeFully(pipe.sink(), bytes, 17, 63); // the rest of record 0 and part of record 1
            writeFully(pipe.sink(), bytes, 63, bytes.length);
            pipe.sink().close();
            return null;
        });
        IommufdFaultReader reader = new IommufdFaultReader(pipe.source(), faults::add, responses, listener);
        assertEquals(0, reader.read(), "17 bytes hold no whole record");
        assertEquals(0, reader.position());
        firstReadDone.countDown();
        assertEquals(3, reader.readAll());
        writer.get(5, TimeUnit.SECONDS);

        assertEquals(decodeAll(bytes), faults);
        assertEquals(3, reader.delivered());
        assertEquals(0, reader.malformed());
        assertEquals(120, reader.position());
        assertTrue(listener.malformed.isEmpty());
        assertEquals(2, responses.pendingGroups());
        assertEquals(-1, reader.read(), "the end stays the end");
    }

    /** The kernel answers ESPIPE unless a read asks for a multiple of 40 bytes, also after a split record. */
    @Test
    void everyReadAsksForAMultipleOf40Bytes() throws Exception {
        byte[] bytes = PgFault.concat(PgFault.last(1, 1, 1, 1), PgFault.last(1, 1, 2, 2), PgFault.last(1, 1, 3, 3),
                PgFault.last(1, 1, 4, 4));
        List<Integer> asked = new ArrayList<>();
        ReadableByteChannel trickle = new ReadableByteChannel() {
            int pos;
            int step = 1;

            @Override
            public int read(ByteBuffer dst) {
                asked.add(dst.remaining());
                if (pos == bytes.length) {
                    return -1;
                }
                int n = Math.min(Math.min(dst.remaining(), step), bytes.length - pos);
                dst.put(bytes, pos, n);
                pos += n;
                step = step * 3 + 1; // 1, 4, 13, 40, 121: records split at varying points
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
        IommufdFaultReader reader = new IommufdFaultReader(trickle, faults::add, responses, listener, 2);
        assertEquals(4, reader.readAll());
        assertEquals(decodeAll(bytes), faults);
        assertTrue(asked.size() > 4, "reads: " + asked);
        asked.forEach(n -> assertEquals(80, n, "read sizes " + asked));
    }

    @Test
    void aTruncatedFinalRecordIsReportedWithItsStreamOffset() throws Exception {
        byte[] whole = PgFault.concat(PgFault.last(1, 1, 1, 1), PgFault.last(2, 2, 2, 2));
        byte[] cut = java.util.Arrays.copyOf(whole, 40 + 36);
        IommufdFaultReader reader = new IommufdFaultReader(Channels.newChannel(new ByteArrayInputStream(cut)),
                faults::add, responses, listener);
        assertEquals(1, reader.readAll());
        assertEquals(1, faults.size());
        assertEquals(1, reader.malformed());
        MalformedRecordException e = listener.malformed.get(0);
        assertEquals(Family.IOMMUFD, e.family());
        assertEquals(40, e.offset());
        assertEquals("record length", e.field());
        assertTrue(e.detail().contains("36 bytes"), e.detail());
    }

    @Test
    void aMalformedRecordIsReportedAtItsStreamOffsetAndReadingContinues() throws Exception {
        byte[] bytes = PgFault.concat(PgFault.last(1, 1, 1, 1), PgFault.last(1, 1, 2, 2).withFlags(0x0a),
                PgFault.last(1, 1, 3, 3), PgFault.last(1, 1, 4, 0));
        IommufdFaultReader reader = new IommufdFaultReader(Channels.newChannel(new ByteArrayInputStream(bytes)),
                faults::add, responses, listener);
        assertEquals(2, reader.readAll());
        assertEquals(List.of(1, 3), faults.stream().map(f -> ((PageRequest) f).groupIndex()).toList());
        assertEquals(2, reader.malformed());
        assertEquals(40, listener.malformed.get(0).offset());
        assertEquals("flags", listener.malformed.get(0).field());
        assertEquals(120 + 36, listener.malformed.get(1).offset());
        assertEquals("cookie", listener.malformed.get(1).field());
        assertEquals(2, responses.pendingGroups(), "rejected records leave no cookie behind");
    }

    @Test
    void aTempFileReadInSmallBuffersDeliversEveryRecordOnce(@TempDir Path dir) throws Exception {
        List<PgFault> records = new ArrayList<>();
        for (int g = 0; g < 25; g++) {
            records.add(PgFault.partial(4, g, g, g + 1));
            records.add(PgFault.last(4, g, g, g + 1));
        }
        byte[] bytes = PgFault.concat(records.toArray(PgFault[]::new));
        Path file = dir.resolve("faults.bin");
        Files.write(file, bytes);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            IommufdFaultReader reader = new IommufdFaultReader(ch, faults::add, responses, listener, 3);
            assertEquals(50, reader.readAll());
        }
        assertEquals(decodeAll(bytes), faults);
        assertEquals(25, responses.pendingGroups());
    }

    /** The router may answer inside accept(): the cookie must already be known then. */
    @Test
    void aGroupCanBeAnsweredSynchronouslyFromTheSink() throws Exception {
        byte[] bytes = PgFault.concat(PgFault.partial(5, 66, 0x1ff, 7), PgFault.last(5, 66, 0x1ff, 7));
        IommufdFaultReader reader = new IommufdFaultReader(Channels.newChannel(new ByteArrayInputStream(bytes)),
                fault -> {
                    faults.add(fault);
                    PageRequest r = (PageRequest) fault;
                    if (r.lastInGroup()) {
                        responses.send(r, PageResponse.SUCCESS);
                    }
                }, responses, listener);
        assertEquals(2, reader.readAll());
        assertEquals("0700000000000000", HexFormat.of().formatHex(written.toByteArray()));
        assertEquals(0, responses.pendingGroups());
    }

    @Test
    void aReusedGroupWithANewCookieIsRejectedAndAnsweredInvalid() throws Exception {
        byte[] bytes = PgFault.concat(PgFault.last(5, 1, 9, 7), PgFault.last(5, 1, 9, 8), PgFault.last(5, 1, 9, 7));
        IommufdFaultReader reader = new IommufdFaultReader(Channels.newChannel(new ByteArrayInputStream(bytes)),
                faults::add, responses, listener);
        assertEquals(1, reader.readAll());
        assertEquals(2, listener.malformed.size());
        assertEquals(52, listener.malformed.get(0).offset());
        assertEquals("grpid", listener.malformed.get(0).field());
        assertTrue(listener.malformed.get(1).detail().contains("duplicate"), listener.malformed.get(1).detail());
        // cookie 8's group answered INVALID; cookie 7 still pending for the router
        assertEquals("0800000001000000", HexFormat.of().formatHex(written.toByteArray()));
        assertEquals(1, responses.pendingGroups());
        responses.send((PageRequest) faults.get(0), PageResponse.SUCCESS);
        assertEquals("08000000010000000700000000000000", HexFormat.of().formatHex(written.toByteArray()));
    }

    @Test
    void aMalformedLastPageRecordIsAnsweredInvalidByItsCookieOnce() throws Exception {
        byte[] bytes = PgFault.concat(PgFault.partial(5, 1, 9, 7), PgFault.last(5, 1, 9, 7).withFlags(0x0b),
                PgFault.last(6, 1, 2, 8));
        IommufdFaultReader reader = new IommufdFaultReader(Channels.newChannel(new ByteArrayInputStream(bytes)),
                faults::add, responses, listener);
        assertEquals(2, reader.readAll());
        assertEquals(1, listener.malformed.size());
        assertEquals("flags", listener.malformed.get(0).field());
        assertEquals(List.of(9, 2), faults.stream().map(f -> ((PageRequest) f).groupIndex()).toList());
        assertEquals("0700000001000000", HexFormat.of().formatHex(written.toByteArray()), "cookie 7, INVALID");
        assertEquals(1, reader.answeredInvalid());
        assertEquals(0, reader.unanswered());
        assertEquals(1, responses.pendingGroups(), "only cookie 8 waits for the router");
    }

    @Test
    void aMalformedRecordWithoutLastPageOrWithCookieZeroOrAPendingCookieGetsNoAnswer() throws Exception {
        byte[] bytes = PgFault.concat(PgFault.last(1, 1, 1, 3).withFlags(0x09), // no LAST_PAGE
                PgFault.last(1, 1, 2, 0).withFlags(0x0b), // cookie 0: nothing to answer with
                PgFault.last(1, 1, 4, 5), PgFault.last(1, 1, 5, 5).withFlags(0x0b)); // 5 is pending
        IommufdFaultReader reader = new IommufdFaultReader(Channels.newChannel(new ByteArrayInputStream(bytes)),
                faults::add, responses, listener);
        assertEquals(1, reader.readAll());
        assertEquals(3, reader.malformed());
        assertEquals(0, written.size());
        assertEquals(0, reader.answeredInvalid());
        assertEquals(1, responses.pendingGroups());
    }

    @Test
    void aFailedWriteCountsTheAnswerAsUnsentAndReadingGoesOn() throws Exception {
        IommufdResponseSink broken = new IommufdResponseSink(new java.nio.channels.WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) throws IOException {
                throw new IOException("fd closed");
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        });
        byte[] bytes = PgFault.concat(PgFault.last(5, 1, 9, 7).withFlags(0x0b), PgFault.last(6, 1, 2, 8));
        IommufdFaultReader reader = new IommufdFaultReader(Channels.newChannel(new ByteArrayInputStream(bytes)),
                faults::add, broken, listener);
        assertEquals(1, reader.readAll());
        assertEquals(1, reader.unanswered());
        assertEquals(0, reader.answeredInvalid());
        assertEquals(80, reader.position());
    }

    @Test
    void aRecordWhoseSinkThrowsIsNotDeliveredAgain() throws Exception {
        byte[] bytes = PgFault.concat(PgFault.partial(1, 1, 1, 1), PgFault.partial(1, 1, 1, 1),
                PgFault.last(1, 1, 1, 1));
        int[] calls = {0};
        IommufdFaultReader reader = new IommufdFaultReader(Channels.newChannel(new ByteArrayInputStream(bytes)),
                fault -> {
                    if (calls[0]++ == 0) {
                        throw new IllegalStateException("router bug");
                    }
                    faults.add(fault);
                }, responses, listener);
        assertThrows(IllegalStateException.class, reader::read);
        assertEquals(40, reader.position());
        assertEquals(2, reader.readAll());
        assertEquals(decodeAll(bytes).subList(1, 3), faults);
        assertEquals(3, calls[0]);
    }

    @Test
    void anEmptyChannelReadIsZeroNotEnd() throws Exception {
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        IommufdFaultReader reader = new IommufdFaultReader(pipe.source(), faults::add, responses, listener);
        assertEquals(0, reader.read());
        writeFully(pipe.sink(), PgFault.last(3, 3, 3, 3).bytes(), 0, 40);
        assertEquals(1, reader.read());
        pipe.sink().close();
        assertEquals(-1, reader.read());
        assertFalse(faults.isEmpty());
        pipe.source().close();
    }

    @Test
    void bufferSizeMustHoldAtLeastOneRecord() {
        ReadableByteChannel in = Channels.newChannel(new ByteArrayInputStream(new byte[0]));
        assertThrows(IllegalArgumentException.class,
                () -> new IommufdFaultReader(in, faults::add, responses, listener, 0));
    }
}
