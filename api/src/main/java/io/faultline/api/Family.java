package io.faultline.api;

/** Which source produced a fault record. */
public enum Family {
    INTEL_VTD("intel-vtd"),
    AMD_VI("amd-vi"),
    ARM_SMMU_V3("arm-smmu-v3"),
    ARM_SMMU("arm-smmu"),
    VIRTIO_IOMMU("virtio-iommu"),
    IOMMUFD("iommufd"),
    /** A kernel log line from an IOMMU whose records Faultline knows only from its log format. */
    KERNEL_LOG("linux-log"),
    /** Built by hand: tests, simulators, replay tools. */
    SYNTHETIC("synthetic");

    private final String id;

    Family(String id) {
        this.id = id;
    }

    /** The stable lower-case name used in reports and JSON, e.g. {@code arm-smmu-v3}. */
    public String id() {
        return id;
    }

    /** The family with the given {@link #id()}. */
    public static Family ofId(String id) {
        for (Family f : values()) {
            if (f.id.equals(id)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown fault family '" + id + "'");
    }

    @Override
    public String toString() {
        return id;
    }
}
