package io.faultline.cli;

import io.faultline.adapters.kernellog.LogRecord;
import io.faultline.api.Disposition;
import io.faultline.api.PageResponse;

/**
 * What happened to one logged fault in a replay.
 *
 * @param record      the fault as parsed from the log
 * @param outcome     how the driver took it
 * @param disposition what an unrecoverable-fault handler returned (null otherwise)
 * @param response    the response sent for a page-request group (the handler's, or the automatic
 *                    {@code INVALID}); null for unrecoverable faults and collected requests
 * @param error       the handler's exception as text, or null
 */
public record ReplayStep(LogRecord record, Outcome outcome, Disposition disposition, PageResponse response, String error) {

    /** How the driver took a fault. */
    public enum Outcome {
        /** A handler ran and returned. */
        HANDLED,
        /** The driver has no handler for this type and stage: the stage's default action (page requests: INVALID). */
        NO_HANDLER,
        /** The handler threw: default action (page requests: INVALID, sent once). */
        THREW,
        /** A page request that is not last in its group: kept until the group's last request. */
        COLLECTED
    }
}
