package io.faultline.examples.sim;

import io.faultline.adapters.QueueListener;
import io.faultline.adapters.amdvi.AmdViEvent;
import io.faultline.adapters.amdvi.AmdViFlags;
import io.faultline.adapters.amdvi.AmdViLogReader;
import io.faultline.adapters.amdvi.AmdViRegisters;
import io.faultline.adapters.amdvi.AmdViResponseSink;
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
 * AMD-Vi (reference amd-vi.md): 16-byte entries in the event log and the PPR log, 16-byte
 * COMPLETE_PPR_REQUEST commands in the command buffer, head/tail registers in an in-memory MMIO page.
 * The entry bits are composed here; the driver side is the real adapter ({@link AmdViLogReader},
 * {@link AmdViResponseSink}). AMD-Vi has no PASID-table event: a PASID without a valid entry is
 * reported as an IO_PAGE_FAULT (stage PTE); a broken table pointer is PAGE_TAB_HARDWARE_ERROR (PGD).
 */
final class AmdViHardware implements IommuHardware {
    private static final int LOG_BYTES = 16 * 64;
    private static final int PPR_GN = 0x100;
    private static final int PPR_RD = 0x004;
    private static final int PPR_WR = 0x020;
    private static final int COMPLETE_PPR_REQUEST = 0x7;

    private final ByteBuffer mmio = ByteBuffer.allocateDirect(AmdViRegisters.MMIO_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    private final AmdViRegisters registers = AmdViRegisters.inMemory(mmio);
    private final ByteBuffer eventLog = ByteBuffer.allocateDirect(LOG_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer pprLog = ByteBuffer.allocateDirect(LOG_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer commands = ByteBuffer.allocateDirect(LOG_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final AmdViLogReader eventReader = AmdViLogReader.eventLog(eventLog, registers);
    private final AmdViLogReader pprReader = AmdViLogReader.pprLog(pprLog, registers);
    private final AmdViResponseSink responseSink = new AmdViResponseSink(commands, registers);

    @Override
    public Family family() {
        return Family.AMD_VI;
    }

    @Override
    public String fault(WalkFailure failure, int requesterId, int pasid, long address, boolean write) {
        AmdViEvent event;
        int flags;
        switch (failure) {
            case NO_DEVICE_ENTRY:
            case BAD_DEVICE_ENTRY:
                event = AmdViEvent.ILLEGAL_DEV_TABLE_ENTRY;
                flags = 0;
                break;
            case BAD_PGD:
                event = AmdViEvent.PAGE_TAB_HARDWARE_ERROR;
                flags = 0;
                break;
            case PERMISSION: // present, permission error; RW is valid only with PR
                event = AmdViEvent.IO_PAGE_FAULT;
                flags = AmdViFlags.PR | AmdViFlags.PE | (write ? AmdViFlags.RW : 0);
                break;
            default: // not present (also a PASID without a valid entry: AMD-Vi has no PASID-stage event)
                event = AmdViEvent.IO_PAGE_FAULT;
                flags = 0;
        }
        // DW0: DeviceID [15:0], PASID[19:16] at [19:16]; DW1: PASID[15:0], flags [27:16], code [31:28].
        int dw0 = requesterId & 0xffff;
        int dw1 = flags << 16 | event.code() << 28;
        if (pasid != Fault.NO_PASID) {
            dw0 |= pasid & 0xf0000;
            dw1 |= pasid & 0xffff | AmdViFlags.GN << 16;
        }
        append(eventLog, AmdViRegisters.EVENT_LOG_HEAD, AmdViRegisters.EVENT_LOG_TAIL,
                AmdViRegisters.STATUS_EVENT_OVERFLOW, dw0, dw1, address);
        return event.name();
    }

    @Override
    public void pageRequest(int requesterId, int pasid, int group, long address, boolean write, boolean last) {
        // DW0: DeviceID, PASID[15:0] at [31:16]; DW1: group [8:0], last [9], PASID[19:16] at [13:10],
        // flags [27:16], PPRCode 1 [31:28].
        int dw0 = requesterId & 0xffff;
        int flags = write ? PPR_WR : PPR_RD;
        int dw1 = (group & 0x1ff) | (last ? 1 << 9 : 0) | 1 << 28;
        if (pasid != Fault.NO_PASID) {
            dw0 |= (pasid & 0xffff) << 16;
            dw1 |= (pasid >>> 16 & 0xf) << 10;
            flags |= PPR_GN;
        }
        append(pprLog, AmdViRegisters.PPR_LOG_HEAD, AmdViRegisters.PPR_LOG_TAIL, AmdViRegisters.STATUS_PPR_OVERFLOW,
                dw0, dw1 | flags << 16, address & ~0xfffL);
    }

    /** Like the IOMMU: a full log is not written into; the overflow bit is set and the entry lost. */
    private void append(ByteBuffer log, int headReg, int tailReg, int overflowBit, int dw0, int dw1, long address) {
        int tail = registers.read(tailReg);
        int next = (tail + 16) % LOG_BYTES;
        if (next == registers.read(headReg)) {
            registers.write(AmdViRegisters.STATUS, registers.read(AmdViRegisters.STATUS) | overflowBit);
            return;
        }
        log.putLong(tail + 8, address);
        log.putInt(tail + 4, dw1);
        log.putInt(tail, dw0);
        registers.write(tailReg, next);
    }

    @Override
    public void garbage() {
        append(eventLog, AmdViRegisters.EVENT_LOG_HEAD, AmdViRegisters.EVENT_LOG_TAIL,
                AmdViRegisters.STATUS_EVENT_OVERFLOW, 0, 0xB << 28, 0); // event code 0xB is not defined
    }

    @Override
    public int drain(FaultSink sink, QueueListener listener) {
        return eventReader.drain(sink, listener) + pprReader.drain(sink, listener);
    }

    @Override
    public PageResponseSink responseSink() {
        return responseSink;
    }

    @Override
    public List<Answer> readResponses() {
        List<Answer> out = new ArrayList<>();
        int head = registers.read(AmdViRegisters.COMMAND_HEAD);
        int tail = registers.read(AmdViRegisters.COMMAND_TAIL);
        while (head != tail) {
            int dw1 = commands.getInt(head + 4);
            if (dw1 >>> 28 != COMPLETE_PPR_REQUEST) {
                throw new IllegalStateException("not a COMPLETE_PPR_REQUEST at command offset 0x" + Integer.toHexString(head));
            }
            boolean gn = (commands.getInt(head + 8) & 4) != 0;
            int dw3 = commands.getInt(head + 12);
            int status = dw3 >>> 12 & 0xf;
            PageResponse response = status == 0 ? PageResponse.SUCCESS : status == 1 ? PageResponse.INVALID
                    : PageResponse.FAILURE;
            out.add(new Answer(commands.getInt(head) & 0xffff, gn ? dw1 & 0xfffff : Fault.NO_PASID, dw3 & 0x1ff,
                    response));
            head = (head + 16) % LOG_BYTES;
        }
        registers.write(AmdViRegisters.COMMAND_HEAD, head);
        return out;
    }
}
