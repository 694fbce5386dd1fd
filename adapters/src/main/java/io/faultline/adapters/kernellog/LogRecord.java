package io.faultline.adapters.kernellog;

import io.faultline.api.Fault;
import java.time.Instant;
import java.util.Objects;

/**
 * One fault found in a kernel log: the normalised {@link Fault} plus what only the log says (the
 * printed device, reason number and text, line number, timestamp, raw text).
 */
public final class LogRecord {
    private final Fault fault;
    private final String device;
    private final String source;
    private final Integer reasonCode;
    private final String reasonText;
    private final long line;
    private final String stamp;
    private final double seconds;
    private final Instant instant;
    private final String text;
    private final boolean truncated;
    private final String note;

    LogRecord(Fault fault, String device, String source, Integer reasonCode, String reasonText, LogLine first,
            String text, boolean truncated, String note) {
        this.fault = Objects.requireNonNull(fault, "fault");
        this.device = device;
        this.source = source;
        this.reasonCode = reasonCode;
        this.reasonText = reasonText;
        this.line = first.no;
        this.stamp = first.stamp;
        this.seconds = first.seconds();
        this.instant = first.instant;
        this.text = text;
        this.truncated = truncated;
        this.note = note;
    }

    /** The normalised fault; its family is the hardware family or the SoC IOMMU driver's. */
    public Fault fault() {
        return fault;
    }

    /** The PCI function the record names, as {@code DDDD:BB:DD.F}, or null (platform devices, stream ids). */
    public String device() {
        return device;
    }

    /**
     * Who printed it: the {@code dev_printk} prefix ({@code arm-smmu 5000000.iommu}), else the
     * {@code pr_fmt} prefix or driver name ({@code DMAR}, {@code AMD-Vi}, {@code msm_iommu}). Never null.
     */
    public String source() {
        return source;
    }

    /** The numeric reason exactly as printed (VT-d {@code fault reason}, decimal or hex as the era printed it), or null. */
    public Integer reasonCode() {
        return reasonCode;
    }

    /** The reason string or event name as printed, or null when the line prints none. */
    public String reasonText() {
        return reasonText;
    }

    /** 1-based number of the record's first line. */
    public long line() {
        return line;
    }

    /** The raw timestamp text of the first line ({@code 144.480641}, an ISO or syslog stamp), or null. */
    public String stamp() {
        return stamp;
    }

    /** Kernel monotonic seconds of the first line, or NaN. */
    public double seconds() {
        return seconds;
    }

    /** Wall-clock time of the first line when the log carries an ISO stamp (UTC when it names no zone), or null. */
    public Instant instant() {
        return instant;
    }

    /** The raw lines of the record joined with {@code \n}. */
    public String text() {
        return text;
    }

    /** Whether lines the format promises were missing (cut dump, missing reason line). */
    public boolean truncated() {
        return truncated;
    }

    /** A remark on how the record was read (e.g. {@code direction guessed by driver}), or null. */
    public String note() {
        return note;
    }

    @Override
    public String toString() {
        return "line " + line + ": " + fault + (device != null ? " device=" + device : "")
                + (truncated ? " (truncated)" : "");
    }
}
