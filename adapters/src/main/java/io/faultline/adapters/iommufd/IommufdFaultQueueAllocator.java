package io.faultline.adapters.iommufd;

import io.faultline.adapters.LittleEndian;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.util.Objects;

/**
 * The seam to the kernel: the one step Java cannot do by itself. Faultline ships no implementation
 * (it would need JNI or the FFM API); implement it in the application, e.g. with
 * {@code java.lang.foreign} on JDK 22+.
 *
 * <p>What an implementation does, on an <em>already open</em> {@code /dev/iommu} descriptor (opened
 * O_RDWR by the caller, who also binds the device and allocates its page tables):
 * <ol>
 *   <li>fills a 16-byte {@code struct iommu_fault_alloc} with {@link #writeFaultAlloc} and calls
 *       {@code ioctl(iommuFd, IOMMU_FAULT_QUEUE_ALLOC, &arg)} ({@link #IOMMU_FAULT_QUEUE_ALLOC},
 *       {@code _IO(';', 0x8e)}, Linux 6.11+);</li>
 *   <li>reads {@code out_fault_id} ({@link #faultId}) and {@code out_fault_fd} ({@link #faultFd}) back
 *       from the struct; the fd is an anonymous inode {@code [iommufd-pgfault]}, O_RDWR, close-on-exec;</li>
 *   <li>returns the id and a {@link ByteChannel} over that fd whose {@code read} blocks (poll for
 *       POLLIN, then read(2)) and whose {@code write} is write(2).</li>
 * </ol>
 * The caller then passes the fault id as {@code fault_id} to {@code IOMMU_HWPT_ALLOC} with
 * {@code IOMMU_HWPT_FAULT_ID_VALID} (1 &lt;&lt; 2), so that page requests of devices attached to that
 * page table arrive on the fd, and hands the channel to {@link IommufdFaultReader} and
 * {@link IommufdResponseSink}. Closing the fd makes the kernel answer every unanswered group INVALID.
 */
public interface IommufdFaultQueueAllocator {
    /** {@code IOMMUFD_TYPE}, the ioctl type of every iommufd command. */
    int IOMMUFD_TYPE = ';';
    /** {@code IOMMU_FAULT_QUEUE_ALLOC} = {@code _IO(';', 0x8e)}. */
    int IOMMU_FAULT_QUEUE_ALLOC = IOMMUFD_TYPE << 8 | 0x8e;
    /** Size of {@code struct iommu_fault_alloc}: size, flags, out_fault_id, out_fault_fd, all u32. */
    int FAULT_ALLOC_SIZE = 16;

    /**
     * Allocates a fault queue on {@code iommuFd}, an open {@code /dev/iommu} descriptor.
     *
     * @throws IOException the ioctl failed (errno in the message)
     */
    FaultQueue allocate(int iommuFd) throws IOException;

    /** A FAULT object: its id for {@code IOMMU_HWPT_ALLOC} and its fd as a channel. */
    record FaultQueue(int faultId, ByteChannel channel) implements Closeable {
        public FaultQueue {
            Objects.requireNonNull(channel, "channel");
        }

        /** Closes the fault fd; the kernel answers what is still pending INVALID. */
        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** Fills the ioctl argument at {@code arg}'s index 0: size 16, flags 0 (required), outputs 0. */
    static void writeFaultAlloc(ByteBuffer arg) {
        Objects.checkFromIndexSize(0, FAULT_ALLOC_SIZE, arg.limit());
        LittleEndian.putInt(arg, 0, FAULT_ALLOC_SIZE);
        LittleEndian.putInt(arg, 4, 0);
        LittleEndian.putInt(arg, 8, 0);
        LittleEndian.putInt(arg, 12, 0);
    }

    /** {@code out_fault_id} from the argument after a successful ioctl. */
    static int faultId(ByteBuffer arg) {
        return LittleEndian.getInt(arg, 8);
    }

    /** {@code out_fault_fd} from the argument after a successful ioctl. */
    static int faultFd(ByteBuffer arg) {
        return LittleEndian.getInt(arg, 12);
    }
}
