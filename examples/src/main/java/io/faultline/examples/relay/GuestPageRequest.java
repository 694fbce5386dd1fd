package io.faultline.examples.relay;

/**
 * A page request as a guest receives it: its own endpoint id, the PASID (the guest owns the PASID
 * table, so host and guest PASIDs are the same) and the group to answer.
 */
public record GuestPageRequest(int endpoint, int pasid, int group, long address, boolean write) {
}
