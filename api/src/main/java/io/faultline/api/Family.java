package io.faultline.api;

/** Which source produced a fault record. */
public enum Family {
    INTEL_VTD("intel-vtd"),
    AMD_VI("amd-vi"),
    ARM_SMMU_V3("arm-smmu-v3"),
    ARM_SMMU("arm-smmu"),
    VIRTIO_IOMMU("virtio-iommu"),
    IOMMUFD("iommufd"),
    /*
     * SoC IOMMUs known only from their kernel log lines; ids are the Linux driver names
     * (linux-fault-model.md section 4).
     */
    ROCKCHIP_IOMMU("rockchip-iommu"),
    MTK_IOMMU("mtk-iommu"),
    /** Tegra30..210: the memory controller, not tegra-smmu, reports SMMU translation errors. */
    TEGRA_MC("tegra-mc"),
    EXYNOS_SYSMMU("exynos-sysmmu"),
    IPMMU_VMSA("ipmmu-vmsa"),
    APPLE_DART("apple-dart"),
    SUN50I_IOMMU("sun50i-iommu"),
    OMAP_IOMMU("omap-iommu"),
    MSM_IOMMU("msm-iommu"),
    /** A kernel log line whose IOMMU is not named by it, e.g. remoteproc's {@code iommu fault} alone. */
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
