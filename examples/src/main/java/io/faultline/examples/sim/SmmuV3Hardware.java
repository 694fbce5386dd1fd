package io.faultline.examples.sim;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.QueueListener;
import io.faultline.adapters.smmuv3.SmmuV3Command;
import io.faultline.adapters.smmuv3.SmmuV3Commands;
import io.faultline.adapters.smmuv3.SmmuV3EventType;
import io.faultline.adapters.smmuv3.SmmuV3Queue;
import io.faultline.adapters.smmuv3.SmmuV3QueueRegisters;
import io.faultline.adapters.smmuv3.SmmuV3QueueWriter;
import io.faultline.adapters.smmuv3.SmmuV3ResponseSink;
import io.faultline.api.Fault;
import io.faultline.api.Family;
import io.faultline.api.PageResponse;
import io.faultline.runtime.FaultSink;
import io.faultline.runtime.PageResponseSink;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SMMUv3 (reference arm-smmu.md §1–5): 32-byte event records in the event queue, 16-byte PRI
 * entries in the PRI queue, 16-byte commands (CMD_PRI_RESP, CMD_RESUME) in the command queue. The
 * driver side is the real adapter: {@link SmmuV3Queue}, {@link SmmuV3ResponseSink}; the commands are
 * read back with {@link SmmuV3Commands#decode}.
 */
final class SmmuV3Hardware implements IommuHardware {
    private static final int CLASS_TT = 1; // the fault happened fetching a translation table descriptor
    private static final int CLASS_IN = 2; // the input address itself caused the fault

    private final SmmuV3QueueWriter eventWriter;
    private final SmmuV3Queue eventQueue;
    private final SmmuV3QueueWriter priWriter;
    private final SmmuV3Queue priQueue;
    private final ByteBuffer cmdRing;
    private final SmmuV3QueueRegisters cmdRegisters = SmmuV3QueueRegisters.allocate();
    private final int cmdSize;
    private final SmmuV3ResponseSink responseSink;

    SmmuV3Hardware(int log2QueueSize) {
        cmdSize = 1 << log2QueueSize;
        cmdRing = ByteBuffer.allocateDirect(16 << log2QueueSize).order(ByteOrder.LITTLE_ENDIAN);
        responseSink = new SmmuV3ResponseSink(SmmuV3QueueWriter.commandQueue(cmdRing, log2QueueSize, cmdRegisters));
        // The queues get the command queue too: a stalled event or closing PRI entry that fails to
        // decode is then aborted/denied rather than leaving the device waiting.
        ByteBuffer eventRing = ByteBuffer.allocateDirect(32 << log2QueueSize).order(ByteOrder.LITTLE_ENDIAN);
        SmmuV3QueueRegisters eventRegisters = SmmuV3QueueRegisters.allocate();
        eventWriter = SmmuV3QueueWriter.eventQueue(eventRing, log2QueueSize, eventRegisters);
        eventQueue = SmmuV3Queue.eventQueue(eventRing, log2QueueSize, eventRegisters, responseSink);
        ByteBuffer priRing = ByteBuffer.allocateDirect(16 << log2QueueSize).order(ByteOrder.LITTLE_ENDIAN);
        SmmuV3QueueRegisters priRegisters = SmmuV3QueueRegisters.allocate();
        priWriter = SmmuV3QueueWriter.priQueue(priRing, log2QueueSize, priRegisters);
        priQueue = SmmuV3Queue.priQueue(priRing, log2QueueSize, priRegisters, responseSink);
    }

    @Override
    public Family family() {
        return Family.ARM_SMMU_V3;
    }

    @Override
    public String fault(WalkFailure failure, int requesterId, int pasid, long address, boolean write) {
        SmmuV3EventType event;
        long d1 = 0;
        long d2 = 0;
        switch (failure) {
            case NO_DEVICE_ENTRY:
                event = SmmuV3EventType.C_BAD_STREAMID;
                break;
            case BAD_DEVICE_ENTRY:
                event = SmmuV3EventType.C_BAD_STE;
                break;
            case BAD_PASID_ENTRY:
                event = SmmuV3EventType.C_BAD_CD;
                break;
            case BAD_PGD: // an external abort fetching a descriptor; the record does not say which level
                event = SmmuV3EventType.F_WALK_EABT;
                d1 = (write ? 0 : 1L << 35) | (long) CLASS_TT << 40;
                d2 = address;
                break;
            case NOT_MAPPED:
                event = SmmuV3EventType.F_TRANSLATION;
                d1 = (write ? 0 : 1L << 35) | (long) CLASS_IN << 40;
                d2 = address;
                break;
            default:
                event = SmmuV3EventType.F_PERMISSION;
                d1 = (write ? 0 : 1L << 35) | (long) CLASS_IN << 40;
                d2 = address;
        }
        long d0 = event.id() | (long) requesterId << 32;
        if (pasid != Fault.NO_PASID) {
            d0 |= 1L << 11 | (long) pasid << 12; // SSV, SubstreamID
        }
        ByteBuffer rec = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        rec.putLong(0, d0).putLong(8, d1).putLong(16, d2);
        eventWriter.offer(rec, 0); // full: the SMMU drops it and raises OVFLG, as hardware does
        return event.name();
    }

    @Override
    public void pageRequest(int requesterId, int pasid, int group, long address, boolean write, boolean last) {
        long d0 = (requesterId & 0xffffffffL) | 1L << 60 | (write ? 1L << 61 : 0) | (last ? 1L << 62 : 0);
        if (pasid != Fault.NO_PASID) {
            d0 |= (long) pasid << 32 | 1L << 63;
        }
        ByteBuffer e = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        e.putLong(0, d0).putLong(8, (address & ~0xfffL) | (group & 0x1ff));
        priWriter.offer(e, 0);
    }

    @Override
    public void garbage() {
        byte[] junk = new byte[32];
        Arrays.fill(junk, (byte) 0x0f); // event id 0x0f does not exist
        eventWriter.offer(junk);
    }

    @Override
    public int drain(FaultSink sink, QueueListener listener) {
        return eventQueue.drain(sink, listener) + priQueue.drain(sink, listener);
    }

    @Override
    public PageResponseSink responseSink() {
        return responseSink;
    }

    @Override
    public List<Answer> readResponses() {
        List<Answer> out = new ArrayList<>();
        int wrapIndex = 2 * cmdSize - 1;
        while (cmdRegisters.cons() != cmdRegisters.prod()) {
            int cons = cmdRegisters.cons();
            int slot = (cons & (cmdSize - 1)) * SmmuV3Commands.ENTRY_BYTES;
            try {
                SmmuV3Command c = SmmuV3Commands.decode(cmdRing, slot);
                if (c instanceof SmmuV3Command.PriResp p) {
                    out.add(new Answer(p.streamId(), p.ssv() ? p.substreamId() : Fault.NO_PASID, p.prgIndex(),
                            p.response()));
                } else if (c instanceof SmmuV3Command.Resume r) {
                    out.add(new Answer(r.streamId(), Fault.NO_PASID, r.stag(),
                            r.ac() ? PageResponse.SUCCESS : PageResponse.INVALID));
                }
            } catch (MalformedRecordException e) {
                throw new IllegalStateException("Faultline wrote a malformed command: " + e.getMessage(), e);
            }
            cmdRegisters.cons((cons + 1) & wrapIndex);
        }
        return out;
    }

    SmmuV3Queue eventQueue() {
        return eventQueue;
    }
}
