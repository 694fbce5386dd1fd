package io.faultline.adapters.kernellog;

/**
 * Hears what {@link KernelLogParser} finds. Callbacks come in the order records complete, which is
 * the order of their last line (a multi-line record is reported once its last line was read).
 */
public interface KernelLogListener {

    /** One fault record. */
    void fault(LogRecord record);

    /** A line that reports an IOMMU fault but could not be decoded. */
    void unparsed(UnparsedLine line);

    /**
     * A rate-limit notice: {@code count} messages of {@code source} (the rate-limited function,
     * e.g. {@code dmar_fault}) were not printed, so faults were lost from the log.
     */
    void suppressed(String source, long count, long line);

    /** The IOMMU or the kernel reported that fault records were lost (event-log / EVTQ overflow). */
    void overflow(String source, String text, long line);
}
