package io.faultline.api;

/**
 * What should happen to a fault that no handler claimed, by stage
 * ({@code shared/reference/linux-fault-model.md} section 6.2).
 */
public enum DefaultAction {
    /** Quiesce and shut the device down; report loudly. Nothing useful can continue. */
    SHUT_DOWN_DEVICE,
    /** Report to the owner of the PASID table and stop the affected PASID / context. */
    STOP_PASID,
    /** Stop the affected address space (PASID or domain) and report. */
    STOP_ADDRESS_SPACE,
    /** Recoverable: report to the device driver, which may kill the offending stream or reset the device. */
    REPORT_TO_DEVICE_DRIVER,
    /** Not a translation fault: log and count; never forward to a guest. */
    LOG_ONLY
}
