package io.faultline.adapters.smmuv3;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Fault;
import io.faultline.api.PageRequest;
import java.nio.ByteBuffer;

/** The three SMMUv3 queues: entry size, who produces, register offsets (§5) for error messages. */
enum QueueKind {
    /** Event queue: the SMMU produces 32-byte event records. PROD/CONS in register page 1. */
    EVTQ(SmmuV3EventDecoder.RECORD_BYTES, true, 0x100A8, 0x100AC),
    /** PRI queue: the SMMU produces 16-byte page requests. PROD/CONS in register page 1. */
    PRIQ(SmmuV3PriDecoder.ENTRY_BYTES, true, 0x100C8, 0x100CC),
    /** Command queue: software produces 16-byte commands; a full queue is never an overflow. */
    CMDQ(SmmuV3Commands.ENTRY_BYTES, false, 0x98, 0x9C);

    /** PROD.OVFLG / CONS.OVACKFLG; in CMDQ_CONS bits [30:24] are the command error instead. */
    static final int OVERFLOW_FLAG = 1 << 31;
    /** Above 2^30 entries the wrap bit would run into bit 31 (hardware allows far fewer). */
    static final int MAX_LOG2_SIZE = 30;

    final int entryBytes;
    final boolean hardwareProduced;
    final long prodRegister;
    final long consRegister;

    QueueKind(int entryBytes, boolean hardwareProduced, long prodRegister, long consRegister) {
        this.entryBytes = entryBytes;
        this.hardwareProduced = hardwareProduced;
        this.prodRegister = prodRegister;
        this.consRegister = consRegister;
    }

    Fault decode(ByteBuffer ring, int offset) throws MalformedRecordException {
        switch (this) {
            case EVTQ:
                return SmmuV3EventDecoder.decode(ring, offset);
            case PRIQ:
                return SmmuV3PriDecoder.decode(ring, offset);
            default:
                throw new IllegalStateException(this + " entries are commands, not faults");
        }
    }

    /**
     * For an entry {@link #decode} rejected: the request whose answer the device still waits for (a
     * stalled event, a PRI entry with Last=1) when the fields that address the answer are readable,
     * else null.
     */
    PageRequest owedResponse(ByteBuffer ring, int offset) {
        switch (this) {
            case EVTQ:
                return SmmuV3EventDecoder.owedResume(ring, offset);
            case PRIQ:
                return SmmuV3PriDecoder.owedResponse(ring, offset);
            default:
                throw new IllegalStateException(this + " entries are commands, not faults");
        }
    }

    /** Checks the ring size and that the buffer holds the whole ring. */
    void checkRing(ByteBuffer ring, int log2Size) {
        if (log2Size < 0 || log2Size > MAX_LOG2_SIZE) {
            throw new IllegalArgumentException(this + " LOG2SIZE must be 0.." + MAX_LOG2_SIZE + ": " + log2Size);
        }
        long bytes = (long) entryBytes << log2Size;
        if (ring.limit() < bytes) {
            throw new IllegalArgumentException(this + " of 2^" + log2Size + " entries needs " + bytes
                    + " bytes, the buffer's limit is " + ring.limit());
        }
    }
}
