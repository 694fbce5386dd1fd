package io.faultline.examples.sim;

import io.faultline.api.Fault;
import io.faultline.api.PageResponse;

/**
 * A page response as the simulated device received it, read back from the IOMMU's command (or
 * invalidation) queue through the family's decoder.
 *
 * @param pasid           {@link Fault#NO_PASID} when the response carries none
 * @param expected        whether the device had sent that group and was waiting for it
 * @param pagesNowMapped  after a SUCCESS, how many of the group's pages translate on retry
 */
public record DeviceResponse(int requesterId, int pasid, int group, PageResponse response, boolean expected,
                             int pagesNowMapped) {

    @Override
    public String toString() {
        return String.format("%s for rid 0x%x%s group %d%s", response, requesterId,
                pasid == Fault.NO_PASID ? "" : String.format(" pasid %d", pasid), group,
                expected ? (response == PageResponse.SUCCESS ? ", " + pagesNowMapped + " pages now mapped" : "")
                        : " (the device sent no such group)");
    }
}
