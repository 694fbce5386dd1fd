package io.faultline.api;

/** Whose bug a fault most likely is, by the step of the translation walk that failed. */
public enum Culprit {
    /** The host IOMMU driver owns the device entries (VT-d context entry, SMMU STE, AMD DTE). */
    HOST_IOMMU_DRIVER,
    /** The guest IOMMU driver, or the host user space (VMM) that installed the PASID table. */
    GUEST_IOMMU_DRIVER_OR_HOST_USER_SPACE,
    /** The guest IOMMU driver installed a bad top-level page-table pointer. */
    GUEST_IOMMU_DRIVER,
    /** Most likely the device driver started DMA without mapping the buffer first. */
    DEVICE_DRIVER,
    /** Not a translation problem, or the source does not allow a decision. Never guessed. */
    UNKNOWN
}
