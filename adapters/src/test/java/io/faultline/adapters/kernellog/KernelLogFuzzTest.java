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

    /** The byte path: any bytes, in the chunks the fuzzer picks, report what they report in one chunk. */
    @FuzzTest(maxDuration = "10s")
    void feedInChunksEqualsOneChunk(FuzzedDataProvider data) {
        int[] cuts = data.consumeInts(16);
        byte[] b = data.consumeRemainingAsBytes();
        Collector whole = new Collector();
        KernelLogParser p = new KernelLogParser(whole);
        p.feed(b, 0, b.length);
        p.endOfInput();
        Collector chunked = new Collector();
        KernelLogParser q = new KernelLogParser(chunked);
        int i = 0;
        for (int k = 0; i < b.length; k++) {
            int n = Math.min(b.length - i, cuts.length == 0 ? b.length : 1 + Math.floorMod(cuts[k % cuts.length], 64));
            q.feed(b, i, n);
            i += n;
        }
        q.endOfInput();
        String a = whole.faults + " " + whole.unparsed + " " + whole.suppressed + " " + p.lines();
        String c = chunked.faults + " " + chunked.unparsed + " " + chunked.suppressed + " " + q.lines();
        if (!a.equals(c)) {
            throw new AssertionError("chunking changed the result:\n" + a + "\n" + c);
        }
    }
}
