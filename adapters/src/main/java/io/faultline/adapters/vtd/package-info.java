/**
 * Intel VT-d: fault recording registers, page requests, page group responses.
 *
 * <p>Decoders are pure functions of bytes (absolute offsets, little-endian whatever the buffer's
 * order) that return a fault or throw {@link io.faultline.adapters.MalformedRecordException}:
 * {@link io.faultline.adapters.vtd.VtdFaultRecord} (128-bit FRCD), {@link
 * io.faultline.adapters.vtd.VtdFaultStatus} (FSTS), {@link
 * io.faultline.adapters.vtd.VtdPageRequestDescriptor} (256-bit PRQ descriptor) and {@link
 * io.faultline.adapters.vtd.VtdLegacyPageRequestDescriptor} (128-bit, VT-d 2.x). Encoders write page
 * group responses: {@link io.faultline.adapters.vtd.VtdPageGroupResponse} (256-bit) and {@link
 * io.faultline.adapters.vtd.VtdLegacyPageGroupResponse} (128-bit). Reason codes: {@link
 * io.faultline.adapters.vtd.VtdReasons}.
 *
 * <p>Over a unit's register page (a real MMIO mapping or a simulator's memory-mapped file): {@link
 * io.faultline.adapters.vtd.VtdFaultRecordReader} drains the fault recording registers from FSTS.FRI,
 * {@link io.faultline.adapters.vtd.VtdPageRequestReader} drains the page request queue from PQH to PQT,
 * and {@link io.faultline.adapters.vtd.VtdResponseSink} is the router's response path into the
 * invalidation queue. Malformed records and register values go to the
 * {@link io.faultline.adapters.QueueListener} and are counted; FSTS.PFO and PRS.PRO are reported as
 * overflows; the readers go on.
 *
 * <p>Facts the reference marks unverified are decoded leniently: T2 at FRCD bit 92 (a type bit, not
 * reserved), FSTS bit 7 (PRO, never rejected), the low 5 bits of PQH/PQT (ignored).
 */
package io.faultline.adapters.vtd;
