/**
 * Arm SMMUv3: event records and PRI queue entries decoded bit-exactly into the fault model
 * ({@link io.faultline.adapters.smmuv3.SmmuV3EventDecoder}, {@link io.faultline.adapters.smmuv3.SmmuV3PriDecoder}),
 * the queues they arrive in ({@link io.faultline.adapters.smmuv3.SmmuV3Queue}, with a producer-side
 * {@link io.faultline.adapters.smmuv3.SmmuV3QueueWriter} for simulators), and the answers written back
 * to the command queue ({@link io.faultline.adapters.smmuv3.SmmuV3ResponseSink}: CMD_RESUME for a
 * stalled event, CMD_PRI_RESP for a PRI group).
 *
 * <p>The event table ({@link io.faultline.adapters.smmuv3.SmmuV3EventType}) and the raw view
 * ({@link io.faultline.adapters.smmuv3.SmmuV3Event}) are public for other sources of SMMUv3 records,
 * such as kernel-log dumps. Layouts, codes and traps: reference {@code arm-smmu.md} §1–5 and §8.
 */
package io.faultline.adapters.smmuv3;
