package io.faultline.api;

/**
 * The one answer a page-request group receives. Codes keep the Linux numbering
 * ({@code IOMMU_PAGE_RESP_*}); hardware adapters translate them to wire codes.
 */
public enum PageResponse {
    /** The mapping is in place: the device retries the access. */
    SUCCESS(0),
    /** This request cannot be satisfied: the device must not retry it. The safe automatic answer. */
    INVALID(1),
    /**
     * Stop issuing page requests. On PCIe this disables PRI for the whole function (and, with
     * SR-IOV, for the functions sharing it) until software re-enables it. Send it deliberately.
     */
    FAILURE(2);

    private final int linuxCode;

    PageResponse(int linuxCode) {
        this.linuxCode = linuxCode;
    }

    /** The value of the matching Linux {@code IOMMU_PAGE_RESP_*} constant. */
    public int linuxCode() {
        return linuxCode;
    }
}
