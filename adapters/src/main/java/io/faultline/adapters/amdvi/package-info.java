/**
 * AMD-Vi (AMD IOMMU): event log entries ({@link io.faultline.adapters.amdvi.AmdViEventDecoder}), PPR
 * log entries ({@link io.faultline.adapters.amdvi.AmdViPprDecoder}), COMPLETE_PPR_REQUEST commands
 * ({@link io.faultline.adapters.amdvi.AmdViCompletePpr}, {@link io.faultline.adapters.amdvi.AmdViResponseSink})
 * and the log rings ({@link io.faultline.adapters.amdvi.AmdViLogReader}). The event-code table and the
 * flags rules ({@link io.faultline.adapters.amdvi.AmdViEvent}, {@link io.faultline.adapters.amdvi.AmdViFlags})
 * are public for the kernel-log parser. All records are little-endian 128-bit entries.
 */
package io.faultline.adapters.amdvi;
