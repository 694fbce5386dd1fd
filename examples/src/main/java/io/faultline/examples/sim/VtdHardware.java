package io.faultline.examples.sim;

import io.faultline.adapters.QueueListener;
import io.faultline.adapters.vtd.ClearMode;
import io.faultline.adapters.vtd.VtdFaultRecordReader;
import io.faultline.adapters.vtd.VtdFaultStatus;
import io.faultline.adapters.vtd.VtdPageGroupResponse;
import io.faultline.adapters.vtd.VtdPageRequestReader;
import io.faultline.adapters.vtd.VtdReasons;
import io.faultline.adapters.vtd.VtdResponseFormat;
import io.faultline.adapters.vtd.VtdResponseSink;
import io.faultline.api.Fault;
import io.faultline.api.Family;
import io.faultline.api.PageResponse;
import io.faultline.runtime.FaultSink;
import io.faultline.runtime.PageResponseSink;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Intel VT-d in scalable mode (reference intel-vtd.md): 128-bit fault recording registers in the
 * register page (CAP.NFR/FRO, FSTS.PPF/FRI/PFO), 256-bit page request descriptors in the page request
 * queue (PQH/PQT), and 256-bit page group responses in the invalidation queue (IQH/IQT). The record
 * bits are composed here (the adapter has decoders, not encoders, for them); the driver side is the
 * real adapter: {@link VtdFaultRecordReader}, {@link VtdPageRequestReader}, {@link VtdResponseSink}.
 * Unlike SMMUv3, VT-d says when the walk broke at the table pointer (0x73, stage PGD).
 */
final class VtdHardware implements IommuHardware {
    private static final int CAP = 0x08;
    private static final int FSTS = 0x34;
    private static final int IQH = 0x80;
    private static final int IQT = 0x88;
    private static final int IQA = 0x90;
    private static final int PQH = 0xC0;
    private static final int PQT = 0xC8;
    private static final int PQA = 0xD0;
    private static final int PRS = 0xDC;
    private static final int FRO = 0x200;          // fault recording registers at +0x200
    private static final int RECORDS = 8;           // CAP.NFR + 1
    private static final int QUEUE_BYTES = 4096;    // PQA/IQA size 0: one 4 KiB page
    private static final int DSZ = 32;

    // Scalable-mode fault reasons for each step of the walk (intel-vtd.md §2.3).
    private static final int SM_CONTEXT_NOT_PRESENT = 0x41;
    private static final int SM_INVALID_CONTEXT = 0x43;
    private static final int SM_PASID_NOT_PRESENT = 0x59;
    private static final int SM_FL_TOP_ACCESS = 0x73;
    private static final int SM_FL_NOT_PRESENT = 0x71;
    private static final int SM_NO_WRITE = 0x85;

    private final ByteBuffer regs = ByteBuffer.allocateDirect(0x1000).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer prq = ByteBuffer.allocateDirect(QUEUE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer invq = ByteBuffer.allocateDirect(QUEUE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final VtdResponseSink responseSink;
    private final VtdFaultRecordReader faultReader;
    private final VtdPageRequestReader requestReader;
    private int nextRecord;
    private FaultSink sink;
    private QueueListener listener;

    VtdHardware() {
        regs.putLong(CAP, (long) (RECORDS - 1) << 40 | (long) (FRO / 16) << 24);
        regs.putLong(IQA, 1L << 11); // DW: 256-bit descriptors, one page
        regs.putLong(PQA, 0);
        responseSink = new VtdResponseSink(regs, invq, VtdResponseFormat.VTD4);
        FaultSink forward = f -> sink.accept(f);
        QueueListener report = new QueueListener() {
            @Override
            public void malformed(io.faultline.adapters.MalformedRecordException error) {
                listener.malformed(error);
            }

            @Override
            public void overflow(Family family, String queue, long lost, String why) {
                listener.overflow(family, queue, lost, why);
            }
        };
        faultReader = new VtdFaultRecordReader(regs, ClearMode.MEMORY, forward, report);
        requestReader = new VtdPageRequestReader(regs, prq, ClearMode.MEMORY, forward, report, responseSink);
    }

    @Override
    public Family family() {
        return Family.INTEL_VTD;
    }

    @Override
    public String fault(WalkFailure failure, int requesterId, int pasid, long address, boolean write) {
        int reason;
        switch (failure) {
            case NO_DEVICE_ENTRY:
                reason = SM_CONTEXT_NOT_PRESENT;
                break;
            case BAD_DEVICE_ENTRY:
                reason = SM_INVALID_CONTEXT;
                break;
            case BAD_PASID_ENTRY:
                reason = SM_PASID_NOT_PRESENT;
                break;
            case BAD_PGD:
                reason = SM_FL_TOP_ACCESS;
                break;
            case NOT_MAPPED:
                reason = SM_FL_NOT_PRESENT;
                break;
            default:
                reason = SM_NO_WRITE;
        }
        // QW1: SID [15:0], PP [31], FR [39:32], PV [59:40], T1 [62] (T2:T1 = 00 write, 01 read), F [63].
        long qw1 = (requesterId & 0xffffL) | (long) reason << 32 | (write ? 0 : 1L << 62) | 1L << 63;
        if (pasid != Fault.NO_PASID) {
            qw1 |= 1L << 31 | (long) pasid << 40;
        }
        writeRecord(address & ~0xfffL, qw1);
        return VtdReasons.reason(reason).name();
    }

    private void writeRecord(long qw0, long qw1) {
        int off = FRO + nextRecord * 16;
        int fsts = regs.getInt(FSTS);
        if (regs.getLong(off + 8) < 0) { // F still set: every register is full, the fault is lost
            regs.putInt(FSTS, fsts | VtdFaultStatus.PFO);
            return;
        }
        regs.putLong(off, qw0);
        regs.putLong(off + 8, qw1);
        int fri = fsts >>> 8 & 0xff;
        boolean oldestPending = (fsts & VtdFaultStatus.PPF) != 0 && regs.getLong(FRO + fri * 16 + 8) < 0
                && fri != nextRecord;
        if (!oldestPending) {
            fri = nextRecord; // this record is now the oldest pending one
        }
        regs.putInt(FSTS, (fsts & ~0xff00) | fri << 8 | VtdFaultStatus.PPF);
        nextRecord = (nextRecord + 1) % RECORDS;
    }

    @Override
    public void pageRequest(int requesterId, int pasid, int group, long address, boolean write, boolean last) {
        long tail = regs.getLong(PQT);
        long next = (tail + DSZ) % QUEUE_BYTES;
        if (next == regs.getLong(PQH)) {
            regs.putInt(PRS, regs.getInt(PRS) | 2); // PRO: the request is not queued
            return;
        }
        // QW0: type 1, PP [8], RID [31:16], PASID [51:32]. QW1: R [0], W [1], LPIG [2], PRGI [11:3], address.
        long qw0 = 0x01 | (long) (requesterId & 0xffff) << 16;
        if (pasid != Fault.NO_PASID) {
            qw0 |= 1L << 8 | (long) pasid << 32;
        }
        long qw1 = (write ? 2 : 1) | (last ? 4 : 0) | (long) (group & 0x1ff) << 3 | (address & ~0xfffL);
        int off = (int) tail;
        prq.putLong(off, qw0).putLong(off + 8, qw1).putLong(off + 16, 0).putLong(off + 24, 0);
        regs.putLong(PQT, next);
        regs.putInt(PRS, regs.getInt(PRS) | 1); // PPR
    }

    @Override
    public void garbage() {
        writeRecord(0, 0x2fL << 32 | 1L << 63); // reason 0x2f is not defined
    }

    @Override
    public int drain(FaultSink sink, QueueListener listener) {
        this.sink = sink;
        this.listener = listener;
        return faultReader.poll() + requestReader.poll();
    }

    @Override
    public PageResponseSink responseSink() {
        return responseSink;
    }

    @Override
    public List<Answer> readResponses() {
        List<Answer> out = new ArrayList<>();
        long head = regs.getLong(IQH);
        long tail = regs.getLong(IQT);
        while (head != tail) {
            int off = (int) head;
            long qw0 = invq.getLong(off);
            long qw1 = invq.getLong(off + 8);
            if ((qw0 & 0xf) != VtdPageGroupResponse.TYPE) {
                throw new IllegalStateException("not a page group response at IQ offset 0x" + Long.toHexString(head));
            }
            int rc = (int) (qw0 >>> 12 & 0xf);
            PageResponse response = rc == VtdPageGroupResponse.RC_SUCCESS ? PageResponse.SUCCESS
                    : rc == VtdPageGroupResponse.RC_INVALID ? PageResponse.INVALID : PageResponse.FAILURE;
            boolean pp = (qw0 >>> 4 & 1) != 0;
            out.add(new Answer((int) (qw0 >>> 16 & 0xffff), pp ? (int) (qw0 >>> 32 & 0xfffff) : Fault.NO_PASID,
                    (int) (qw1 >>> 3 & 0x1ff), response));
            head = (head + DSZ) % QUEUE_BYTES;
        }
        regs.putLong(IQH, head);
        return out;
    }
}
