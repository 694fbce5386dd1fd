package io.faultline.test;

import io.faultline.api.Fault;

/**
 * Turns one kernel log line into a fault, for {@link FaultInjector#fromLogLine}. The seam for the
 * kernel-log adapter: pass its parse method, e.g. {@code faults.logParser(KernelLogParser::parse)}.
 */
@FunctionalInterface
public interface LogLineParser {

    /**
     * @return the fault the line reports
     * @throws Exception when the line is not a fault line; the injector rethrows it as an
     *                   {@link IllegalArgumentException} naming the line
     */
    Fault parse(String line) throws Exception;
}
