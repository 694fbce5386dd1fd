package io.faultline.adapters.amdvi;

import io.faultline.api.Family;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.runtime.PageResponseSink;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Answers AMD-Vi page-request groups: writes one COMPLETE_PPR_REQUEST per {@link #send} into the
 * command buffer ring at the Command Tail register, then advances Tail (the IOMMU consumes from
 * Head). The ring is full when advancing Tail would reach Head; then {@link #send} throws and the
 * router counts the failure — a response is never dropped silently nor written over an unread one.
 *
 * <pre>{@code
 * AmdViRegisters regs = AmdViRegisters.inMemory(mmio);
 * PageResponseSink responses = new AmdViResponseSink(commandBuffer, regs);
 * responses.send(request, PageResponse.SUCCESS);   // 16 bytes at Tail, Tail += 16
 * }</pre>
 */
public final class AmdViResponseSink implements PageResponseSink {
    private final ByteBuffer commands;
    private final int size;
    private final AmdViRegisters registers;
    private long sent;

    /**
     * @param commands  the command buffer: whole 16-byte commands, limit == capacity, writable
     * @param registers where the Command Head (0x2000) and Tail (0x2008) registers are
     */
    public AmdViResponseSink(ByteBuffer commands, AmdViRegisters registers) {
        this.commands = Objects.requireNonNull(commands, "commands");
        this.registers = Objects.requireNonNull(registers, "registers");
        this.size = commands.capacity();
        if (size % Le.ENTRY != 0 || size < 2 * Le.ENTRY || size > AmdViLogReader.MAX_LOG_BYTES
                || commands.limit() != size || commands.isReadOnly()) {
            throw new IllegalArgumentException("command buffer must be writable and hold 2 to 32768 whole 16-byte"
                    + " commands with limit == capacity: capacity " + size + ", limit " + commands.limit());
        }
    }

    /**
     * Encodes and queues the response.
     *
     * @throws IllegalArgumentException if the request is not an AMD-Vi page request the command can
     *                                  answer (see {@link AmdViCompletePpr#encode})
     * @throws IllegalStateException    if the command buffer is full or a command register is out of range
     */
    @Override
    public synchronized void send(PageRequest lastRequest, PageResponse response) {
        Objects.requireNonNull(lastRequest, "lastRequest");
        if (lastRequest.family() != Family.AMD_VI) {
            throw new IllegalArgumentException("not an AMD-Vi page request: " + lastRequest);
        }
        int head = pointer(AmdViRegisters.COMMAND_HEAD, "CommandHead");
        int tail = pointer(AmdViRegisters.COMMAND_TAIL, "CommandTail");
        int next = (tail + Le.ENTRY) % size;
        if (next == head) {
            throw new IllegalStateException("AMD-Vi command buffer full (head 0x" + Integer.toHexString(head)
                    + ", tail 0x" + Integer.toHexString(tail) + "): response not sent");
        }
        AmdViCompletePpr.encode(commands, tail, lastRequest, response);
        registers.write(AmdViRegisters.COMMAND_TAIL, next);
        sent++;
    }

    /** Commands written. */
    public synchronized long sent() {
        return sent;
    }

    private int pointer(int register, String name) {
        int value = registers.read(register);
        if ((value & ~AmdViRegisters.POINTER_MASK) != 0 || value >= size) {
            throw new IllegalStateException("AMD-Vi " + name + " register 0x" + Integer.toHexString(value)
                    + " is not a 16-byte aligned offset inside the " + size + "-byte command buffer");
        }
        return value;
    }
}
