package io.faultline.test;

import io.faultline.api.Fault;
import java.util.List;

/**
 * Turns kernel log text (one line, or the several lines of a multi-line record such as an SMMUv3
 * event dump) into the faults it reports, for {@link FaultInjector#fromLog} and
 * {@link FaultInjector#fromLogLine}. The seam for the kernel-log adapter
 * ({@code io.faultline.adapters.kernellog.KernelLogParser}, a streaming parser): feed it the lines,
 * flush it, and return the {@code LogRecord.fault()} of every record its listener heard.
 */
@FunctionalInterface
public interface LogLineParser {

    /**
     * @return the faults the text reports, in order; empty when it reports none
     * @throws Exception when the text cannot be read; the injector rethrows it as an
     *                   {@link IllegalArgumentException} naming the text
     */
    List<Fault> parse(String text) throws Exception;
}
