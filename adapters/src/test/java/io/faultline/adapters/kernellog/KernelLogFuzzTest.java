package io.faultline.adapters.kernellog;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** No exception escapes the parser, whatever the bytes. Runs the seed corpus in regression mode. */
class KernelLogFuzzTest {
    private static final String[] SEEDS = {
        "DMAR: [DMA Read NO_PASID] Request device [00:02.0] fault addr 0x1000 [fault reason 0x06] x",
        "AMD-Vi: Event logged [", "IO_PAGE_FAULT device=05:00.0 domain=0x0012 address=0x1 flags=0x0070]",
        "arm-smmu-v3 a: event 0x10 received:", "arm-smmu-v3 a: \t0x0000018000000010",
        "arm-smmu 5.iommu: Unhandled context fault: fsr=0x402, iova=0x1, fsynr=0x0, cbfrsynra=0x1, cb=1",
        "msm_iommu: Unexpected IOMMU page fault!", "rk_iommu a: Page fault at 0x1 of type read",
        "remoteproc r: iommu fault: da 0x1 flags 0x0", "x: 5 callbacks suppressed"};

    @FuzzTest(maxDuration = "10s")
    void neverThrows(FuzzedDataProvider data) {
        KernelLogParser p = new KernelLogParser(new Collector());
        while (data.remainingBytes() > 0) {
            if (data.consumeBoolean()) {
                p.accept(SEEDS[data.consumeInt(0, SEEDS.length - 1)] + data.consumeString(40));
            } else {
                p.accept(data.consumeString(200));
            }
        }
        p.flush();
    }
}
