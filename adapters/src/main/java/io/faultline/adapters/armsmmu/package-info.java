/**
 * Arm SMMU v1/v2 (MMU-400/401/500 and vendor variants): the fault registers a driver captures in
 * Faultline's 28-byte form ({@link io.faultline.adapters.armsmmu.ArmSmmuCapture}), decoded into the
 * fault model ({@link io.faultline.adapters.armsmmu.ArmSmmuFaultDecoder}); a stalled context fault
 * (FSR.SS) is a page request of its context bank, answered through that bank's CB_RESUME
 * ({@link io.faultline.adapters.armsmmu.ArmSmmuResponseSink}).
 *
 * <p>The register tables and mapping rules ({@link io.faultline.adapters.armsmmu.ArmSmmuRegisters}:
 * FSR, FSYNR0, sGFSR, sGFSYNR0 masks, interned reasons, stage and access rules, the CB_RESUME answer)
 * are public so that every source of these registers, such as kernel-log lines, shares them.
 * Layouts, codes and traps: reference {@code arm-smmu.md} §6 and §8.
 */
package io.faultline.adapters.armsmmu;
