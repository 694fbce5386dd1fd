package io.faultline.adapters.iommufd;

import static io.faultline.adapters.iommufd.IommufdPageFaultDecoder.RECORD_SIZE;

import io.faultline.adapters.LittleEndian;
import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.QueueListener;
import io.faultline.api.Family;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.runtime.FaultSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.util.Objects;

/**
 * Reads {@code struct iommu_hwpt_pgfault} records from an iommufd fault fd — or from any
 * {@link ReadableByteChannel} carrying the same bytes: a {@link java.nio.channels.FileChannel} on a
 * capture, a {@link java.nio.channels.Pipe}, an {@link java.io.InputStream} through
 * {@link java.nio.channels.Channels#newChannel(java.io.InputStream)} — and pushes each as a
 * {@link PageRequest} into a {@link FaultSink} (the router).
 *
 * <p>Before a LAST_PAGE request reaches the sink, its group's cookie is recorded in the
 * {@link IommufdResponseSink}, so the router can answer at once. Every read asks for a multiple of 40
 * bytes, as the kernel requires; the kernel returns whole groups only and returns 0 bytes when the
 * next group does not fit, so size the buffer for the largest group (default
 * {@value #DEFAULT_BUFFER_RECORDS} records). Stream sources may return partial records: the rest of a
 * record is kept for the next read, and a record cut off by the end of the stream is reported.
 *
 * <p>Bad input never reaches the sink: each rejected record is reported to the {@link QueueListener}
 * as a {@link MalformedRecordException} whose offset is the stream offset, counted, and skipped;
 * reading continues. Beyond the decoder's rules, the reader rejects cookie 0 (the kernel never issues
 * it) and a second LAST_PAGE record for a group that is still pending (a device reusing its group
 * index before the answer); a conflicting group with a new cookie is answered INVALID at once so that
 * the device does not wait forever. Likewise a record the decoder rejects that carries LAST_PAGE and a
 * non-zero cookie still closes its group in the kernel: the group is answered INVALID with that cookie,
 * once, after the record is consumed, and counted in {@link #answeredInvalid()} (or in
 * {@link #unanswered()} when the write fails; a cookie already pending for a well-formed group is left
 * to that group's answer).
 *
 * <p>Not thread-safe: one thread reads. The kernel side (opening /dev/iommu, allocating the fault
 * queue, polling the fd) is behind {@link IommufdFaultQueueAllocator}.
 */
public final class IommufdFaultReader {
    /** Default buffer size in records (40 KiB). */
    public static final int DEFAULT_BUFFER_RECORDS = 1024;

    private final ReadableByteChannel in;
    private final FaultSink faults;
    private final IommufdResponseSink responses;
    private final QueueListener listener;
    /** One record more than the read window, for the rest of a record split by a stream source. */
    private final ByteBuffer buf;
    private final int window;
    private long bufStart;
    private int fill;
    private boolean ended;
    private long delivered;
    private long malformed;
    private long answeredInvalid;
    private long unanswered;

    /** A reader with a {@value #DEFAULT_BUFFER_RECORDS}-record buffer. */
    public IommufdFaultReader(ReadableByteChannel in, FaultSink faults, IommufdResponseSink responses,
            QueueListener listener) {
        this(in, faults, responses, listener, DEFAULT_BUFFER_RECORDS);
    }

    /**
     * @param in            the fault fd (or a stream with the same bytes)
     * @param faults        receives every well-formed request, in stream order
     * @param responses     the sink that will answer the groups; learns their cookies from here
     * @param listener      hears about every rejected record
     * @param bufferRecords how many records one read may return; at least the largest group
     */
    public IommufdFaultReader(ReadableByteChannel in, FaultSink faults, IommufdResponseSink responses,
            QueueListener listener, int bufferRecords) {
        if (bufferRecords < 1 || bufferRecords > Integer.MAX_VALUE / RECORD_SIZE - 1) {
            throw new IllegalArgumentException("bufferRecords out of range: " + bufferRecords);
        }
        this.in = Objects.requireNonNull(in, "in");
        this.faults = Objects.requireNonNull(faults, "faults");
        this.responses = Objects.requireNonNull(responses, "responses");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.window = bufferRecords * RECORD_SIZE;
        this.buf = ByteBuffer.allocateDirect(window + RECORD_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * One read from the channel, then every complete record decoded and delivered. (If the sink threw
     * during the previous call, the records after the one it threw on are delivered instead of reading.)
     *
     * @return requests delivered to the sink (0 when the channel had nothing, e.g. an empty fault
     *         fd), or -1 at the end of the stream (a cut-off final record has been reported)
     */
    public int read() throws IOException {
        if (ended) {
            return -1;
        }
        if (fill >= RECORD_SIZE) {
            return drain(); // records left behind when the sink threw: deliver them before reading more
        }
        buf.limit(fill + window).position(fill);
        int n = in.read(buf);
        if (n < 0) {
            ended = true;
            if (fill > 0) {
                report(new MalformedRecordException(Family.IOMMUFD, bufStart, "record length",
                        "truncated final record: " + fill + " bytes at the end of the stream; struct"
                        + " iommu_hwpt_pgfault is 40 bytes"));
                fill = 0;
            }
            return -1;
        }
        fill += n;
        return drain();
    }

    /**
     * Reads until the end of the stream (pipes and files; a kernel fault fd never ends: call
     * {@link #read()} when it polls readable).
     *
     * @return requests delivered
     */
    public long readAll() throws IOException {
        long total = 0;
        for (int n = read(); n >= 0; n = read()) {
            total += n;
        }
        return total;
    }

    /** Requests delivered to the sink so far. */
    public long delivered() {
        return delivered;
    }

    /** Records rejected (reported to the listener) so far. */
    public long malformed() {
        return malformed;
    }

    /** Rejected LAST_PAGE records whose group was answered INVALID by its cookie. */
    public long answeredInvalid() {
        return answeredInvalid;
    }

    /** Rejected LAST_PAGE records whose INVALID answer could not be written. */
    public long unanswered() {
        return unanswered;
    }

    /** Bytes of the stream consumed as whole records so far. */
    public long position() {
        return bufStart;
    }

    private int drain() throws IOException {
        int whole = fill - fill % RECORD_SIZE;
        buf.limit(fill);
        int count = 0;
        int next = 0;
        try {
            while (next < whole) {
                int index = next;
                next += RECORD_SIZE; // consumed even if the sink throws: never delivered twice
                if (deliver(index)) {
                    count++;
                }
            }
        } finally {
            int rest = fill - next;
            for (int j = 0; j < rest; j++) {
                buf.put(j, buf.get(next + j));
            }
            bufStart += next;
            fill = rest;
        }
        return count;
    }

    private boolean deliver(int index) throws IOException {
        long at = bufStart + index;
        PageRequest request;
        try {
            request = IommufdPageFaultDecoder.decode(buf, index, at);
        } catch (MalformedRecordException e) {
            report(e);
            answerMalformedLast(index); // whole records only here: the cookie is in the buffer
            return false;
        }
        try {
            int cookie = IommufdPageFaultDecoder.cookie(buf, index);
            if (cookie == 0) {
                throw new MalformedRecordException(Family.IOMMUFD, at + IommufdPageFaultDecoder.OFF_COOKIE,
                        "cookie", "cookie 0 is never issued by the kernel (cookies start at 1)");
            }
            if (request.lastInGroup()) {
                Integer pending = responses.register(request, cookie);
                if (pending != null) {
                    String action = "dropped as a duplicate";
                    if (pending != cookie) {
                        responses.answerUnregistered(cookie, PageResponse.INVALID);
                        action = "its group (cookie " + Integer.toUnsignedString(cookie) + ") answered INVALID";
                    }
                    throw new MalformedRecordException(Family.IOMMUFD, at + IommufdPageFaultDecoder.OFF_GRPID,
                            "grpid", "the group is already pending with cookie " + Integer.toUnsignedString(pending)
                            + " (group index reused before its response); " + action);
                }
            }
        } catch (MalformedRecordException e) {
            report(e);
            return false;
        }
        faults.accept(request);
        delivered++;
        return true;
    }

    /** A rejected record with LAST_PAGE still closes its group in the kernel: answer INVALID by cookie. */
    private void answerMalformedLast(int index) {
        int flags = LittleEndian.getInt(buf, index + IommufdPageFaultDecoder.OFF_FLAGS);
        int cookie = IommufdPageFaultDecoder.cookie(buf, index);
        if ((flags & IommufdPageFaultDecoder.FLAG_LAST_PAGE) == 0 || cookie == 0 || responses.isPending(cookie)) {
            return;
        }
        try {
            responses.answerUnregistered(cookie, PageResponse.INVALID);
            answeredInvalid++;
        } catch (IOException e) {
            unanswered++; // the record itself was reported already
        }
    }

    private void report(MalformedRecordException e) {
        malformed++;
        listener.malformed(e);
    }
}
