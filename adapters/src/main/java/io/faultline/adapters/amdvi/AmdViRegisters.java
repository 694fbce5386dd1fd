package io.faultline.adapters.amdvi;

import java.nio.ByteBuffer;

/**
 * The AMD-Vi MMIO registers the log readers and the response sink use, addressed by their offset
 * from the IOMMU's MMIO base. Head and tail registers hold a byte offset in bits 18:4; only their
 * low 32 bits are used.
 *
 * <p>{@link #inMemory(ByteBuffer)} serves a register file kept in memory — a simulator's shared
 * mapped file, or a test. A real IOMMU's mapped registers (e.g. a VFIO region) need their own
 * implementation, since there Status is write-1-to-clear.
 */
public interface AmdViRegisters {
    /** Command buffer head (the IOMMU advances it). Offset from Linux and QEMU; not in the shared reference. */
    int COMMAND_HEAD = 0x2000;
    /** Command buffer tail (software advances it). Offset from Linux and QEMU; not in the shared reference. */
    int COMMAND_TAIL = 0x2008;
    /** Event log head (software advances it). */
    int EVENT_LOG_HEAD = 0x2010;
    /** Event log tail (the IOMMU advances it). */
    int EVENT_LOG_TAIL = 0x2018;
    /** Status; the event, interrupt and overflow bits are write-1-to-clear. */
    int STATUS = 0x2020;
    /** PPR log head (software advances it). */
    int PPR_LOG_HEAD = 0x2030;
    /** PPR log tail (the IOMMU advances it). */
    int PPR_LOG_TAIL = 0x2038;
    /** Bytes of MMIO space {@link #inMemory(ByteBuffer)} needs: up to the end of the PPR log tail. */
    int MMIO_SIZE = 0x2040;

    /** Status bit 0: the event log was full and events were lost; logging stopped. */
    int STATUS_EVENT_OVERFLOW = 1;
    /** Status bit 1: event log interrupt. */
    int STATUS_EVENT_LOG_INT = 1 << 1;
    /** Status bit 2: completion-wait interrupt. */
    int STATUS_COM_WAIT_INT = 1 << 2;
    /** Status bit 3: the event log is running. */
    int STATUS_EVENT_LOG_RUN = 1 << 3;
    /** Status bit 4: the command buffer is running. */
    int STATUS_CMD_BUF_RUN = 1 << 4;
    /** Status bit 5: the PPR log was full and requests were lost. */
    int STATUS_PPR_OVERFLOW = 1 << 5;
    /** Status bit 6: PPR log interrupt. */
    int STATUS_PPR_INT = 1 << 6;
    /** Status bit 7: the PPR log is running. */
    int STATUS_PPR_LOG_RUN = 1 << 7;
    /** Status bit 8: the guest virtual APIC log is running. */
    int STATUS_GA_LOG_RUN = 1 << 8;
    /** Status bit 9: the guest virtual APIC log overflowed. */
    int STATUS_GA_LOG_OVERFLOW = 1 << 9;
    /** Status bit 10: guest virtual APIC log interrupt. */
    int STATUS_GA_INT = 1 << 10;

    /** Head/tail bits 18:4: a 16-byte aligned byte offset up to 512 KiB. */
    int POINTER_MASK = 0x7fff0;

    /** The low 32 bits of the register at {@code offset}. */
    int read(int offset);

    /** Writes the low 32 bits of the register at {@code offset}. */
    void write(int offset, int value);

    /** Clears these Status bits (on hardware: writes them, write-1-to-clear). */
    void clearStatus(int bits);

    /**
     * Registers kept in memory at their MMIO offsets, little-endian, in a writable buffer of at
     * least {@link #MMIO_SIZE} bytes. With a direct buffer (e.g. a {@link java.nio.MappedByteBuffer}
     * shared with a simulator process) reads and writes are volatile and {@link #clearStatus}
     * is an atomic compare-and-set, so a producer may set other Status bits concurrently; a heap
     * buffer is for single-process use.
     */
    static AmdViRegisters inMemory(ByteBuffer mmio) {
        return new MemoryRegisters(mmio);
    }
}
