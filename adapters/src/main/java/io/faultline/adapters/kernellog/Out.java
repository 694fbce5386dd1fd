package io.faultline.adapters.kernellog;

/** What family line parsers hand back to {@link KernelLogParser}. */
interface Out {
    void fault(LogRecord record);

    void unparsed(LogLine line, String why);

    /** An unparsed multi-line record: first line number, joined text. */
    void unparsed(long line, String text, String why);

    void overflow(LogLine line);

    /** A record that waits for more lines. */
    void open(Pending pending);
}
