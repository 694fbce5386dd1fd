package io.faultline.api;

/**
 * The step of the translation walk that failed. It tells whose fault it is ({@link #culprit()}),
 * what to do when nobody handles it ({@link #defaultAction()}) and whether a hypervisor may show it
 * to a guest ({@link #guestVisible()}).
 */
public enum Stage {
    /** Fetching the device's entry: VT-d root/context entry, SMMU STE, AMD DTE. */
    CONTEXT(Culprit.HOST_IOMMU_DRIVER, DefaultAction.SHUT_DOWN_DEVICE, false),
    /** Fetching the PASID table or a PASID entry (SMMU context descriptor). */
    PASID(Culprit.GUEST_IOMMU_DRIVER_OR_HOST_USER_SPACE, DefaultAction.STOP_PASID, true),
    /** Fetching the top-level page-table pointer. */
    PGD(Culprit.GUEST_IOMMU_DRIVER, DefaultAction.STOP_ADDRESS_SPACE, true),
    /** Fetching a page-table entry, its validity, access or permission check. */
    PTE(Culprit.DEVICE_DRIVER, DefaultAction.REPORT_TO_DEVICE_DRIVER, true),
    /**
     * No translation stage: interrupt remapping, IOMMU hardware or internal errors, invalid device
     * requests, bus errors, or a source that does not allow a decision. Never a guessed stage.
     */
    NONE(Culprit.UNKNOWN, DefaultAction.LOG_ONLY, false);

    private final Culprit culprit;
    private final DefaultAction defaultAction;
    private final boolean guestVisible;

    Stage(Culprit culprit, DefaultAction defaultAction, boolean guestVisible) {
        this.culprit = culprit;
        this.defaultAction = defaultAction;
        this.guestVisible = guestVisible;
    }

    /** Whose bug a fault at this stage most likely is. */
    public Culprit culprit() {
        return culprit;
    }

    /** What to do with a fault at this stage that no handler claimed. */
    public DefaultAction defaultAction() {
        return defaultAction;
    }

    /**
     * Whether a hypervisor may inject a fault at this stage into a guest — and then only when the
     * guest owns the table that failed. CONTEXT and NONE stay in the host, always.
     */
    public boolean guestVisible() {
        return guestVisible;
    }
}
