package io.faultline.adapters.armsmmu;

import io.faultline.adapters.LittleEndian;
import io.faultline.api.Family;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.runtime.PageResponseSink;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Answers stalled arm-smmu v1/v2 context faults (FSR.SS = 1, decoded as a page request whose group
 * is the context bank): writes the bank's CB_RESUME register, 0 (retry) for SUCCESS and 1
 * (terminate) for INVALID and FAILURE ({@link ArmSmmuRegisters#resumeValue}).
 *
 * <p>FSR must be cleared before the resume (reference §6.4). That is the capturing side's job, as in
 * Linux's fault handler: it writes the FSR value it captured back to FSR (write 1 to clear) before
 * handing the capture on, so this sink, which never sees the value, writes CB_RESUME only.
 *
 * <pre>{@code
 * PageResponseSink responses = new ArmSmmuResponseSink(contextBanks, 12); // bank n at n << 12
 * responses.send(stalled, PageResponse.SUCCESS);                          // CB_RESUME of its bank = 0
 * }</pre>
 */
public final class ArmSmmuResponseSink implements PageResponseSink {
    private final ByteBuffer contextBanks;
    private final int pageShift;
    private long sent;

    /**
     * @param contextBanks the context-bank register space, bank 0 at index 0 (in hardware: the SMMU
     *                     base plus NUMPAGE pages); writable
     * @param pageShift    log2 of the SMMU page size: 12 or 16 (SMMU_IDR1.PAGESIZE)
     */
    public ArmSmmuResponseSink(ByteBuffer contextBanks, int pageShift) {
        this.contextBanks = Objects.requireNonNull(contextBanks, "contextBanks");
        if (pageShift != 12 && pageShift != 16) {
            throw new IllegalArgumentException("SMMU pages are 4 KiB or 64 KiB: pageShift " + pageShift);
        }
        if (contextBanks.isReadOnly()) {
            throw new IllegalArgumentException("the context-bank register space must be writable");
        }
        this.pageShift = pageShift;
    }

    /**
     * Writes CB_RESUME of the request's context bank.
     *
     * @throws IllegalArgumentException if the request is not an arm-smmu page request
     * @throws IllegalStateException    if the bank lies beyond the register space; nothing is written
     */
    @Override
    public synchronized void send(PageRequest lastRequest, PageResponse response) {
        Objects.requireNonNull(lastRequest, "lastRequest");
        if (lastRequest.family() != Family.ARM_SMMU) {
            throw new IllegalArgumentException("not an arm-smmu page request: " + lastRequest);
        }
        int value = ArmSmmuRegisters.resumeValue(response);
        long at = ((long) lastRequest.groupIndex() << pageShift) + ArmSmmuRegisters.CB_RESUME;
        if (at + 4 > contextBanks.limit()) {
            throw new IllegalStateException("context bank " + lastRequest.groupIndex() + " lies beyond the "
                    + contextBanks.limit() + "-byte register space: CB_RESUME not written");
        }
        LittleEndian.putInt(contextBanks, (int) at, value);
        sent++;
    }

    /** CB_RESUME writes done. */
    public synchronized long sent() {
        return sent;
    }
}
