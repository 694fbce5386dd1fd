package io.faultline.api;

/**
 * The two kinds of device fault.
 *
 * <p>Numbering follows Linux {@code enum iommu_fault_type}, where 0 is not a valid type.
 */
public enum FaultType {
    /** A DMA transaction failed translation and was aborted; nothing waits for an answer. */
    UNRECOVERABLE(1),
    /**
     * A recoverable page request (PCIe PRI, an SMMU stalled transaction, an iommufd fault record).
     * The device waits: every page-request group must receive exactly one {@link PageResponse}.
     */
    PAGE_REQUEST(2);

    private final int linuxCode;

    FaultType(int linuxCode) {
        this.linuxCode = linuxCode;
    }

    /** The value of the matching Linux {@code IOMMU_FAULT_*} constant. */
    public int linuxCode() {
        return linuxCode;
    }
}
