package io.faultline.adapters.iommufd;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Family;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.runtime.PageResponseSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Answers iommufd page-request groups by writing {@code struct iommu_hwpt_page_response} to the fault
 * fd (or any {@link WritableByteChannel}: a pipe, a file, a relay).
 *
 * <p>The api's {@link PageRequest} carries no cookie, so the {@link IommufdFaultReader} built on this
 * sink records, for every LAST_PAGE record it reads, the group's cookie under (dev_id, pasid, grpid);
 * {@link #send} looks it up and removes it, so each group is answered at most once. A response for a
 * group with no recorded cookie throws {@link IommufdNoCookieException} and writes nothing.
 *
 * <p>{@link PageResponse#FAILURE} does not exist in iommufd: it is written as INVALID, counted in
 * {@link #failureDowngrades()}, and handed to the {@code onFailureDowngraded} callback, which should
 * do what FAILURE was meant to do (reset/disable PRI, or move the device to a non-PRI domain).
 *
 * <p>Thread-safe; writes are serialized. The channel should be blocking (the kernel's fault fd is
 * always writable). A failed write leaves the group pending so that it can be answered again.
 */
public final class IommufdResponseSink implements PageResponseSink {
    private final WritableByteChannel out;
    private final Consumer<PageRequest> onFailureDowngraded;
    private final CookieMap cookies = new CookieMap();
    private final ByteBuffer scratch = ByteBuffer.allocate(IommufdPageResponseEncoder.RECORD_SIZE)
            .order(ByteOrder.LITTLE_ENDIAN);
    private long sent;
    private long downgrades;

    /** A sink whose FAILURE downgrades are only counted. */
    public IommufdResponseSink(WritableByteChannel out) {
        this(out, request -> { });
    }

    /**
     * @param out                 where responses go: the fault fd
     * @param onFailureDowngraded told about every FAILURE sent as INVALID, after the write
     */
    public IommufdResponseSink(WritableByteChannel out, Consumer<PageRequest> onFailureDowngraded) {
        this.out = Objects.requireNonNull(out, "out");
        this.onFailureDowngraded = Objects.requireNonNull(onFailureDowngraded, "onFailureDowngraded");
    }

    /**
     * Writes the group's response with the cookie read from its LAST_PAGE record.
     *
     * @throws IommufdNoCookieException no cookie for this group (not read here, or already answered)
     * @throws IllegalArgumentException the request is not an iommufd request closing its group
     * @throws UncheckedIOException     the write failed; the group stays pending
     */
    @Override
    public void send(PageRequest lastRequest, PageResponse response) {
        Objects.requireNonNull(lastRequest, "lastRequest");
        Objects.requireNonNull(response, "response");
        if (lastRequest.family() != Family.IOMMUFD) {
            throw new IllegalArgumentException("not an iommufd page request: " + lastRequest);
        }
        if (!lastRequest.lastInGroup()) {
            throw new IllegalArgumentException("answer a group with its LAST_PAGE request, not " + lastRequest);
        }
        synchronized (this) {
            Integer cookie = cookies.remove(lastRequest);
            if (cookie == null) {
                throw new IommufdNoCookieException(lastRequest);
            }
            try {
                write(cookie, IommufdPageResponseEncoder.code(response));
            } catch (IOException e) {
                cookies.restore(lastRequest, cookie);
                throw new UncheckedIOException("iommufd page response for cookie "
                        + Integer.toUnsignedString(cookie) + " not written", e);
            }
            if (response == PageResponse.FAILURE) {
                downgrades++;
            }
        }
        if (response == PageResponse.FAILURE) {
            onFailureDowngraded.accept(lastRequest);
        }
    }

    /**
     * Answers every group still pending, e.g. INVALID on shutdown: an unanswered group keeps the
     * device's page-request credits. FAILURE is sent as INVALID (without the callback).
     *
     * @return how many groups were answered
     * @throws IOException a write failed; the groups not yet answered stay pending
     */
    public synchronized int answerPending(PageResponse response) throws IOException {
        int code = IommufdPageResponseEncoder.code(response);
        int n = 0;
        for (int cookie : cookies.cookies()) {
            write(cookie, code);
            cookies.removeCookie(cookie);
            n++;
        }
        return n;
    }

    /** Groups read but not yet answered. */
    public synchronized int pendingGroups() {
        return cookies.size();
    }

    /** Responses written. */
    public synchronized long sent() {
        return sent;
    }

    /** FAILURE responses sent as INVALID by {@link #send}. */
    public synchronized long failureDowngrades() {
        return downgrades;
    }

    /** Records a group's cookie; returns the cookie already pending for the same group, or null. */
    synchronized Integer register(PageRequest lastRequest, int cookie) {
        return cookies.putIfAbsent(lastRequest, cookie);
    }

    /** Whether a group read earlier is waiting for its answer under {@code cookie}. */
    synchronized boolean isPending(int cookie) {
        return cookies.containsCookie(cookie);
    }

    /** Answers a group that was never registered (a conflicting duplicate), by its cookie. */
    synchronized void answerUnregistered(int cookie, PageResponse response) throws IOException {
        write(cookie, IommufdPageResponseEncoder.code(response));
    }

    private void write(int cookie, int code) throws IOException {
        scratch.clear();
        try {
            IommufdPageResponseEncoder.encode(cookie, code, scratch, 0);
        } catch (MalformedRecordException e) {
            // The reader never records cookie 0, and code() only yields 0 or 1.
            throw new IllegalStateException(e);
        }
        while (scratch.hasRemaining()) {
            out.write(scratch);
        }
        sent++;
    }
}
