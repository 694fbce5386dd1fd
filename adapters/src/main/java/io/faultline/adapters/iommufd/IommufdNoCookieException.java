package io.faultline.adapters.iommufd;

import io.faultline.api.Fault;
import io.faultline.api.PageRequest;

/**
 * A response for a page-request group whose cookie the adapter does not hold: the group was never
 * read through {@link IommufdFaultReader}, or it has already been answered. Nothing was written. The
 * kernel would answer such a write with EINVAL; this fails before it gets there.
 */
public final class IommufdNoCookieException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final int requesterId;
    private final int pasid;
    private final int groupIndex;

    IommufdNoCookieException(PageRequest request) {
        super("no iommufd cookie for the group dev_id=" + Integer.toUnsignedString(request.requesterId())
                + (request.hasPasid() ? " pasid=0x" + Integer.toHexString(request.pasid()) : " (no pasid)")
                + " grpid=" + request.groupIndex() + ": never read from the fault fd, or already answered");
        this.requesterId = request.requesterId();
        this.pasid = request.pasid();
        this.groupIndex = request.groupIndex();
    }

    /** The request's iommufd {@code dev_id} (unsigned). */
    public int requesterId() {
        return requesterId;
    }

    /** The request's PASID, or {@link Fault#NO_PASID}. */
    public int pasid() {
        return pasid;
    }

    public int groupIndex() {
        return groupIndex;
    }
}
