package io.faultline.examples.sim;

import io.faultline.api.Stage;

/**
 * Where a simulated translation walk stopped: device entry, PASID entry, page-table pointer, leaf.
 * Each family writes its own record for it; the stage is what the walk means, and what a family
 * that can say so (VT-d, AMD-Vi) reports. SMMUv3 has no record for a broken table pointer: it writes
 * F_WALK_EABT, which its decoder classes PTE (the record does not say the level).
 */
public enum WalkFailure {
    /** No device entry: the device was never attached. */
    NO_DEVICE_ENTRY(Stage.CONTEXT),
    /** The device entry is there but not valid (a host IOMMU driver bug). */
    BAD_DEVICE_ENTRY(Stage.CONTEXT),
    /** The PASID has no valid entry in the device's PASID table. */
    BAD_PASID_ENTRY(Stage.PASID),
    /** The PASID entry's page-table pointer leads to memory the walk cannot read. */
    BAD_PGD(Stage.PGD),
    /** No leaf mapping for the page. */
    NOT_MAPPED(Stage.PTE),
    /** A leaf mapping without the permission (a write to a read-only page). */
    PERMISSION(Stage.PTE);

    private final Stage stage;

    WalkFailure(Stage stage) {
        this.stage = stage;
    }

    /** The walk stage that failed. */
    public Stage stage() {
        return stage;
    }
}
